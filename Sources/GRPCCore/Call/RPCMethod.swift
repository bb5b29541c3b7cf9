/// A method with its message types and codecs: what a stub calls and what a service implements.
public struct RPCMethod<Request: Sendable, Response: Sendable>: Sendable {
    /// Names the method.
    public let descriptor: MethodDescriptor
    /// Codec for requests.
    public let requestCodec: Codec<Request>
    /// Codec for responses.
    public let responseCodec: Codec<Response>

    /// Creates a method from its descriptor and codecs.
    public init(_ descriptor: MethodDescriptor, requestCodec: Codec<Request>, responseCodec: Codec<Response>) {
        self.descriptor = descriptor
        self.requestCodec = requestCodec
        self.responseCodec = responseCodec
    }
}
