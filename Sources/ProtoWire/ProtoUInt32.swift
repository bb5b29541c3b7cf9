/// protobuf uint32: a varint.
public enum ProtoUInt32: ProtoPackableType, ProtoMapKeyType {
    public typealias Value = UInt32

    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var fixedWidth: Int { 0 }
    @inlinable public static var defaultValue: UInt32 { 0 }

    @inlinable
    public static func encodedSize(of value: UInt32) -> Int {
        Varint.size(UInt64(value))
    }

    @inlinable
    public static func write(_ value: UInt32, to writer: inout ProtoWriter) {
        writer.writeVarint(UInt64(value))
    }

    @inlinable
    public static func read(from reader: inout ProtoReader, fieldNumber: Int) throws(ProtoDecodingError) -> UInt32 {
        let raw = try reader.readVarint()
        return UInt32(truncatingIfNeeded: raw)
    }
}
