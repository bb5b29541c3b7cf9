/// The four gRPC call kinds.
public enum RPCKind: Sendable, Hashable {
    case unary
    case clientStreaming
    case serverStreaming
    case bidiStreaming
}

/// Names one RPC: the fully qualified service, the method and its kind.
public struct MethodDescriptor: Sendable, Hashable, CustomStringConvertible {
    /// Fully qualified service name, e.g. `grpc.testing.TestService`.
    public let service: String
    /// Method name, e.g. `UnaryCall`.
    public let method: String
    /// The call kind.
    public let kind: RPCKind
    /// The HTTP/2 `:path`, `/service/method`.
    public let path: String

    /// Creates a descriptor for `service`/`method`.
    public init(service: String, method: String, kind: RPCKind) {
        self.service = service
        self.method = method
        self.kind = kind
        self.path = "/\(service)/\(method)"
    }

    public var description: String { path }
}
