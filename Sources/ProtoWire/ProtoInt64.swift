/// protobuf int64: a varint, negative values taking ten bytes.
public enum ProtoInt64: ProtoPackableType, ProtoMapKeyType {
    public typealias Value = Int64

    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var fixedWidth: Int { 0 }
    @inlinable public static var defaultValue: Int64 { 0 }

    @inlinable
    public static func encodedSize(of value: Int64) -> Int {
        Varint.size(UInt64(bitPattern: value))
    }

    @inlinable
    public static func write(_ value: Int64, to writer: inout ProtoWriter) {
        writer.writeVarint(UInt64(bitPattern: value))
    }

    @inlinable
    public static func read(from reader: inout ProtoReader, fieldNumber: Int) throws(ProtoDecodingError) -> Int64 {
        let raw = try reader.readVarint()
        return Int64(bitPattern: raw)
    }
}
