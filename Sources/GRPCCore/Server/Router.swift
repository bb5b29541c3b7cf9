/// Handlers registered by full method path; services fill it, transports look methods up.
public struct Router: Sendable {
    private(set) var handlers: [String: any ServerMethodHandler] = [:]

    /// An empty router.
    public init() {}

    /// Registers a unary handler.
    public mutating func register<Req, Res>(
        _ method: RPCMethod<Req, Res>,
        unary handler: @escaping @Sendable (Req, ServerContext) async throws -> Res
    ) {
        add(ServerMethod(method: method, body: .unary(handler)))
    }

    /// Registers a server-streaming handler.
    public mutating func register<Req, Res>(
        _ method: RPCMethod<Req, Res>,
        serverStreaming handler: @escaping @Sendable (Req, ResponseWriter<Res>, ServerContext) async throws -> Void
    ) {
        add(ServerMethod(method: method, body: .serverStreaming(handler)))
    }

    /// Registers a client-streaming handler.
    public mutating func register<Req, Res>(
        _ method: RPCMethod<Req, Res>,
        clientStreaming handler: @escaping @Sendable (MessageStream<Req>, ServerContext) async throws -> Res
    ) {
        add(ServerMethod(method: method, body: .clientStreaming(handler)))
    }

    /// Registers a bidirectional-streaming handler.
    public mutating func register<Req, Res>(
        _ method: RPCMethod<Req, Res>,
        bidiStreaming handler: @escaping @Sendable (MessageStream<Req>, ResponseWriter<Res>, ServerContext) async throws -> Void
    ) {
        add(ServerMethod(method: method, body: .bidiStreaming(handler)))
    }

    private mutating func add<Req, Res>(_ method: ServerMethod<Req, Res>) {
        handlers[method.method.descriptor.path] = method
    }

    /// The handler for a `:path`, if registered.
    public func handler(for path: String) -> (any ServerMethodHandler)? {
        handlers[path]
    }

    /// Every registered method.
    public var methods: [MethodDescriptor] { handlers.values.map(\.descriptor) }
}

/// A service: registers its methods into a router. Generated service protocols conform.
public protocol RegistrableService: Sendable {
    /// Adds this service's handlers to `router`.
    func register(with router: inout Router)
}
