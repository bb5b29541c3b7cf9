import ProtoWire

extension Codec where Message: ProtoMessage {
    /// The protobuf wire format, through ProtoWire; sizes are computed without encoding.
    @inlinable
    public static var protobuf: Codec<Message> {
        Codec(
            serialize: { $0.serializedBytes() },
            deserialize: { try Message(serializedBytes: $0) },
            encodedSize: { $0.serializedSize })
    }
}
