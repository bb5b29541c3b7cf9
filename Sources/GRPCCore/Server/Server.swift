/// The services, interceptors and limits a transport serves; transport-agnostic.
public struct Server: Sendable {
    /// The registered methods.
    public let router: Router
    /// Interceptors run around every call, in order.
    public let interceptors: [any ServerInterceptor]
    /// Largest request accepted, in encoded bytes (default 4 MiB, as C-core).
    public let maxReceiveMessageSize: Int
    /// Largest response sent, in encoded bytes; nil means no limit.
    public let maxSendMessageSize: Int?

    /// Creates a server from its services.
    public init(
        services: [any RegistrableService],
        interceptors: [any ServerInterceptor] = [],
        maxReceiveMessageSize: Int = CallOptions.defaultMaxReceiveMessageSize,
        maxSendMessageSize: Int? = nil
    ) {
        var router = Router()
        for s in services { s.register(with: &router) }
        self.router = router
        self.interceptors = interceptors
        self.maxReceiveMessageSize = maxReceiveMessageSize
        self.maxSendMessageSize = maxSendMessageSize
    }

    /// The answer to a call for a path nobody registered.
    public static func unimplemented(_ path: String) -> RPCError {
        RPCError(.unimplemented, "unknown method \(path)")
    }
}
