/// protobuf uint64: a varint.
public enum ProtoUInt64: ProtoPackableType, ProtoMapKeyType {
    public typealias Value = UInt64

    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var fixedWidth: Int { 0 }
    @inlinable public static var defaultValue: UInt64 { 0 }

    @inlinable
    public static func encodedSize(of value: UInt64) -> Int {
        Varint.size(value)
    }

    @inlinable
    public static func write(_ value: UInt64, to writer: inout ProtoWriter) {
        writer.writeVarint(value)
    }

    @inlinable
    public static func read(from reader: inout ProtoReader, fieldNumber: Int) throws(ProtoDecodingError) -> UInt64 {
        let raw = try reader.readVarint()
        return raw
    }
}
