/// Observes and steers server calls: reads and changes metadata, sees messages and the final
/// status, and can reject a call before its handler runs. Every method has a no-op default.
public protocol ServerInterceptor: Sendable {
    /// Before the handler: change `context.requestMetadata` or response headers, or throw an
    /// `RPCError` to answer with that status without running the handler.
    func willHandle(_ context: ServerContext) async throws
    /// A request message was read by the handler.
    func didReceive<Message: Sendable>(_ message: Message, context: ServerContext)
    /// The handler sent a response message.
    func didSend<Message: Sendable>(_ message: Message, context: ServerContext)
    /// The call ended with `error` (nil is OK); `context.trailers` may still be changed.
    func didFinish(_ context: ServerContext, error: RPCError?)
}

extension ServerInterceptor {
    public func willHandle(_ context: ServerContext) async throws {}
    public func didReceive<Message: Sendable>(_ message: Message, context: ServerContext) {}
    public func didSend<Message: Sendable>(_ message: Message, context: ServerContext) {}
    public func didFinish(_ context: ServerContext, error: RPCError?) {}
}
