/// protobuf sint32: a ZigZag-encoded varint.
public enum ProtoSInt32: ProtoPackableType, ProtoMapKeyType {
    public typealias Value = Int32

    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var fixedWidth: Int { 0 }
    @inlinable public static var defaultValue: Int32 { 0 }

    @inlinable
    public static func encodedSize(of value: Int32) -> Int {
        Varint.size(UInt64(ZigZag.encode(value)))
    }

    @inlinable
    public static func write(_ value: Int32, to writer: inout ProtoWriter) {
        writer.writeVarint(UInt64(ZigZag.encode(value)))
    }

    @inlinable
    public static func read(from reader: inout ProtoReader, fieldNumber: Int) throws(ProtoDecodingError) -> Int32 {
        let raw = try reader.readVarint()
        return ZigZag.decode(UInt32(truncatingIfNeeded: raw))
    }
}
