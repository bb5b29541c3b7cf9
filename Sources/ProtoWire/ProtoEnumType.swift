/// protobuf enum field of type `E`: encoded like int32, so negative values take ten bytes.
public enum ProtoEnumType<E: ProtoEnum>: ProtoPackableType {
    public typealias Value = E

    @inlinable public static var wireType: WireType { .varint }
    @inlinable public static var fixedWidth: Int { 0 }
    @inlinable public static var defaultValue: E { E(protoValue: 0) }

    @inlinable
    public static func encodedSize(of value: E) -> Int {
        Varint.size(UInt64(bitPattern: Int64(value.protoValue)))
    }

    @inlinable
    public static func write(_ value: E, to writer: inout ProtoWriter) {
        writer.writeVarint(UInt64(bitPattern: Int64(value.protoValue)))
    }

    @inlinable
    public static func read(from reader: inout ProtoReader, fieldNumber: Int) throws(ProtoDecodingError) -> E {
        E(protoValue: Int32(truncatingIfNeeded: try reader.readVarint()))
    }
}
