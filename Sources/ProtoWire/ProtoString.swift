/// protobuf string: a length-prefixed UTF-8 byte sequence, validated on decode.
public enum ProtoString: ProtoMapKeyType {
    public typealias Value = String

    @inlinable public static var wireType: WireType { .lengthDelimited }
    @inlinable public static var fixedWidth: Int { 0 }
    @inlinable public static var defaultValue: String { "" }

    @inlinable
    public static func encodedSize(of value: String) -> Int {
        let count = value.utf8.count
        // Most strings are shorter than 128 bytes: a one-byte length, no varint size to compute.
        return count < 0x80 ? count &+ 1 : Varint.size(UInt64(count)) &+ count
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
