import ProtoWire

extension Codec where Message: ProtoMessage {
    /// The protobuf wire format, through ProtoWire; sizes are computed without encoding, and
    /// messages are encoded behind the room for the gRPC prefix and decoded in place.
    @inlinable
    public static var protobuf: Codec<Message> {
        Codec(
            serialize: { $0.serializedBytes() },
            deserialize: { try Message(serializedBytes: $0) },
            encodedSize: { $0.serializedSize },
            serializeFramable: { $0.serializedBytes(headroom: MessageFramer.prefixLength) },
            deserializeBorrowed: { try Message(serializedBytes: $0) })
    }
}
