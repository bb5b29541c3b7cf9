/// protobuf bytes: a length-prefixed byte sequence.
public enum ProtoBytes: ProtoFieldType {
    public typealias Value = [UInt8]

    @inlinable public static var wireType: WireType { .lengthDelimited }
    @inlinable public static var fixedWidth: Int { 0 }
    @inlinable public static var defaultValue: [UInt8] { [] }

    @inlinable
    public static func encodedSize(of value: [UInt8]) -> Int {
        Varint.lengthDelimitedSize(value.count)
    }

    @inlinable
    public static func write(_ value: [UInt8], to writer: inout ProtoWriter) {
        value.withUnsafeBytes { writer.writeLengthDelimited($0) }
    }

    @inlinable
    public static func read(from reader: inout ProtoReader, fieldNumber: Int) throws(ProtoDecodingError) -> [UInt8] {
        try reader.readBytes()
    }
}
