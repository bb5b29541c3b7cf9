/// protobuf sfixed64: eight bytes, little-endian two's complement.
public enum ProtoSFixed64: ProtoPackableType, ProtoMapKeyType {
    public typealias Value = Int64

    @inlinable public static var wireType: WireType { .fixed64 }
    @inlinable public static var fixedWidth: Int { 8 }
    @inlinable public static var defaultValue: Int64 { 0 }

    @inlinable
    public static func encodedSize(of value: Int64) -> Int {
        8
    }

    @inlinable
    public static func write(_ value: Int64, to writer: inout ProtoWriter) {
        writer.writeFixed64(UInt64(bitPattern: value))
    }

    @inlinable
    public static func read(from reader: inout ProtoReader, fieldNumber: Int) throws(ProtoDecodingError) -> Int64 {
        Int64(bitPattern: try reader.readFixed64())
    }
}
