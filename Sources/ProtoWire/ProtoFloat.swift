/// protobuf float: the four IEEE 754 bytes, little-endian, NaN payloads kept.
public enum ProtoFloat: ProtoPackableType {
    public typealias Value = Float

    @inlinable public static var wireType: WireType { .fixed32 }
    @inlinable public static var fixedWidth: Int { 4 }
    @inlinable public static var defaultValue: Float { 0 }

    @inlinable
    public static func encodedSize(of value: Float) -> Int {
        4
    }

    @inlinable
    public static func write(_ value: Float, to writer: inout ProtoWriter) {
        writer.writeFixed32(value.bitPattern)
    }

    @inlinable
    public static func read(from reader: inout ProtoReader, fieldNumber: Int) throws(ProtoDecodingError) -> Float {
        Float(bitPattern: try reader.readFixed32())
    }
}
