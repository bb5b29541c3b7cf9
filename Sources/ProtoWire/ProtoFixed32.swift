/// protobuf fixed32: four bytes, little-endian.
public enum ProtoFixed32: ProtoPackableType, ProtoMapKeyType {
    public typealias Value = UInt32

    @inlinable public static var wireType: WireType { .fixed32 }
    @inlinable public static var fixedWidth: Int { 4 }
    @inlinable public static var defaultValue: UInt32 { 0 }

    @inlinable
    public static func encodedSize(of value: UInt32) -> Int {
        4
    }

    @inlinable
    public static func write(_ value: UInt32, to writer: inout ProtoWriter) {
        writer.writeFixed32(value)
    }

    @inlinable
    public static func read(from reader: inout ProtoReader, fieldNumber: Int) throws(ProtoDecodingError) -> UInt32 {
        try reader.readFixed32()
    }
}
