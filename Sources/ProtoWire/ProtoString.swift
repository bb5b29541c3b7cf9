/// protobuf string: a length-prefixed UTF-8 byte sequence, validated on decode.
public enum ProtoString: ProtoMapKeyType {
    public typealias Value = String

    @inlinable public static var wireType: WireType { .lengthDelimited }
    @inlinable public static var fixedWidth: Int { 0 }
    @inlinable public static var defaultValue: String { "" }

    @inlinable
    public static func encodedSize(of value: String) -> Int {
        Varint.lengthDelimitedSize(value.utf8.count)
    }

    @inlinable @inline(__always)
    public static func write(_ value: String, to writer: inout ProtoWriter) {
        writer.writeLengthDelimitedUTF8(value)
    }

    @inlinable
    public static func read(from reader: inout ProtoReader, fieldNumber: Int) throws(ProtoDecodingError) -> String {
        try reader.readString(fieldNumber: fieldNumber)
    }
}
