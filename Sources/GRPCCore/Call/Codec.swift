/// Turns messages of one type into bytes and back; one per message type of a method.
public struct Codec<Message>: Sendable {
    /// Encodes a message.
    public let serialize: @Sendable (Message) throws -> [UInt8]
    /// Decodes a message; throws on malformed input.
    public let deserialize: @Sendable ([UInt8]) throws -> Message
    /// The exact encoded size without encoding, when the format can tell it cheaply.
    public let encodedSize: (@Sendable (Message) -> Int)?

    /// Creates a codec from its two directions and, optionally, a size function.
    public init(
        serialize: @escaping @Sendable (Message) throws -> [UInt8],
        deserialize: @escaping @Sendable ([UInt8]) throws -> Message,
        encodedSize: (@Sendable (Message) -> Int)? = nil
    ) {
        self.serialize = serialize
        self.deserialize = deserialize
        self.encodedSize = encodedSize
    }
}
