/// Turns messages of one type into bytes and back; one per message type of a method.
public struct Codec<Message>: Sendable {
    /// Encodes a message.
    public let serialize: @Sendable (Message) throws -> [UInt8]
    /// Decodes a message; throws on malformed input.
    public let deserialize: @Sendable ([UInt8]) throws -> Message
    /// The exact encoded size without encoding, when the format can tell it cheaply.
    public let encodedSize: (@Sendable (Message) -> Int)?
    /// Encodes a message after `MessageFramer.prefixLength` zero bytes, which a wire transport
    /// overwrites with the gRPC message prefix, so the encoding is not copied to be framed.
    public let serializeFramable: @Sendable (Message) throws -> [UInt8]
    /// Decodes a message from bytes it may only read during the call (a transport's receive
    /// buffer), so they need not be copied into an array first.
    public let deserializeBorrowed: @Sendable (UnsafeRawBufferPointer) throws -> Message

    /// Creates a codec from its two directions and, optionally, a size function, an encoder
    /// that leaves room for the gRPC prefix (without one, the transport copies what `serialize`
    /// returns behind the prefix) and a decoder of borrowed bytes (without one, they are copied
    /// into an array for `deserialize`).
    public init(
        serialize: @escaping @Sendable (Message) throws -> [UInt8],
        deserialize: @escaping @Sendable ([UInt8]) throws -> Message,
        encodedSize: (@Sendable (Message) -> Int)? = nil,
        serializeFramable: (@Sendable (Message) throws -> [UInt8])? = nil,
        deserializeBorrowed: (@Sendable (UnsafeRawBufferPointer) throws -> Message)? = nil
    ) {
        self.serialize = serialize
        self.deserialize = deserialize
        self.encodedSize = encodedSize
        self.serializeFramable = serializeFramable ?? { message in
            let bytes = try serialize(message)
            var framable: [UInt8] = []
            framable.reserveCapacity(MessageFramer.prefixLength + bytes.count)
            framable.append(contentsOf: repeatElement(0, count: MessageFramer.prefixLength))
            framable.append(contentsOf: bytes)
            return framable
        }
        self.deserializeBorrowed = deserializeBorrowed ?? { try deserialize(Array($0)) }
    }
}
