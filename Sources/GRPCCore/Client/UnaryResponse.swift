/// A single response with the metadata around it.
public struct UnaryResponse<Message: Sendable>: Sendable {
    /// Response headers.
    public var headers: Metadata
    /// The response message.
    public var message: Message
    /// Trailers that came with the OK status.
    public var trailers: Metadata

    /// Creates a response.
    public init(headers: Metadata, message: Message, trailers: Metadata) {
        self.headers = headers
        self.message = message
        self.trailers = trailers
    }
}
