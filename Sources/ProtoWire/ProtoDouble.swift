/// protobuf double: the eight IEEE 754 bytes, little-endian, NaN payloads kept.
public enum ProtoDouble: ProtoPackableType {
    public typealias Value = Double

    @inlinable public static var wireType: WireType { .fixed64 }
    @inlinable public static var fixedWidth: Int { 8 }
    @inlinable public static var defaultValue: Double { 0 }

    @inlinable
    public static func encodedSize(of value: Double) -> Int {
        8
    }

    @inlinable
    public static func write(_ value: Double, to writer: inout ProtoWriter) {
        writer.writeFixed64(value.bitPattern)
    }

    @inlinable
    public static func read(from reader: inout ProtoReader, fieldNumber: Int) throws(ProtoDecodingError) -> Double {
        Double(bitPattern: try reader.readFixed64())
    }
}
