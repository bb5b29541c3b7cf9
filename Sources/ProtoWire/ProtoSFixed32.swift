/// protobuf sfixed32: four bytes, little-endian two's complement.
public enum ProtoSFixed32: ProtoPackableType, ProtoMapKeyType {
    public typealias Value = Int32

    @inlinable public static var wireType: WireType { .fixed32 }
    @inlinable public static var fixedWidth: Int { 4 }
    @inlinable public static var defaultValue: Int32 { 0 }

    @inlinable
    public static func encodedSize(of value: Int32) -> Int {
        4
    }

    @inlinable
    public static func write(_ value: Int32, to writer: inout ProtoWriter) {
        writer.writeFixed32(UInt32(bitPattern: value))
    }

    @inlinable
    public static func read(from reader: inout ProtoReader, fieldNumber: Int) throws(ProtoDecodingError) -> Int32 {
        Int32(bitPattern: try reader.readFixed32())
    }
}
