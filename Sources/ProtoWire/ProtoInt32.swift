/// protobuf int32: a varint, negative values sign-extended to ten bytes.
public enum ProtoInt32: ProtoPackableType, ProtoMapKeyType {
    public typealias Value = Int32

    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var fixedWidth: Int { 0 }
    @inlinable public static var defaultValue: Int32 { 0 }

    @inlinable
    public static func encodedSize(of value: Int32) -> Int {
        Varint.size(UInt64(bitPattern: Int64(value)))
    }

    @inlinable
    public static func write(_ value: Int32, to writer: inout ProtoWriter) {
        writer.writeVarint(UInt64(bitPattern: Int64(value)))
    }

    @inlinable
    public static func read(from reader: inout ProtoReader, fieldNumber: Int) throws(ProtoDecodingError) -> Int32 {
        let raw = try reader.readVarint()
        return Int32(truncatingIfNeeded: raw)
    }
}
