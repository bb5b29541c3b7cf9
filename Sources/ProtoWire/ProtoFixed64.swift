/// protobuf fixed64: eight bytes, little-endian.
public enum ProtoFixed64: ProtoPackableType, ProtoMapKeyType {
    public typealias Value = UInt64

    @inlinable public static var wireType: WireType { .fixed64 }
    @inlinable public static var fixedWidth: Int { 8 }
    @inlinable public static var defaultValue: UInt64 { 0 }

    @inlinable
    public static func encodedSize(of value: UInt64) -> Int {
        8
    }

    @inlinable
    public static func write(_ value: UInt64, to writer: inout ProtoWriter) {
        writer.writeFixed64(value)
    }

    @inlinable
    public static func read(from reader: inout ProtoReader, fieldNumber: Int) throws(ProtoDecodingError) -> UInt64 {
        try reader.readFixed64()
    }
}
