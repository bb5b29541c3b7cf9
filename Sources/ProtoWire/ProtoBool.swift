/// protobuf bool: a one-byte varint; any nonzero varint decodes as true.
public enum ProtoBool: ProtoPackableType, ProtoMapKeyType {
    public typealias Value = Bool

    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var fixedWidth: Int { 0 }
    @inlinable public static var defaultValue: Bool { false }

    @inlinable
    public static func encodedSize(of value: Bool) -> Int {
        Varint.size(value ? 1 : 0)
    }

    @inlinable
    public static func write(_ value: Bool, to writer: inout ProtoWriter) {
        writer.writeVarint(value ? 1 : 0)
    }

    @inlinable
    public static func read(from reader: inout ProtoReader, fieldNumber: Int) throws(ProtoDecodingError) -> Bool {
        let raw = try reader.readVarint()
        return raw != 0
    }
}
