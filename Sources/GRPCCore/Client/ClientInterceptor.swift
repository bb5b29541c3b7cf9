/// What a client interceptor sees of a call, and may change before it starts.
public struct ClientCallInfo: Sendable {
    /// The method being called.
    public let method: MethodDescriptor
    /// Request metadata, sent with the call.
    public var metadata: Metadata
    /// Options of the call.
    public var options: CallOptions

    /// Creates the info of one call.
    public init(method: MethodDescriptor, metadata: Metadata, options: CallOptions) {
        self.method = method
        self.metadata = metadata
        self.options = options
    }
}

/// Observes and steers client calls on any channel: changes metadata and options, sees
/// messages and the final status, or fails a call before it starts. No-op defaults.
public protocol ClientInterceptor: Sendable {
    /// Before the call: change `call`, or throw an `RPCError` to fail it without sending.
    func willStart(_ call: inout ClientCallInfo) async throws
    /// A request message is being sent.
    func didSend<Message: Sendable>(_ message: Message, call: ClientCallInfo)
    /// A response message was received.
    func didReceive<Message: Sendable>(_ message: Message, call: ClientCallInfo)
    /// The call ended with `error` (nil is OK) and `trailers`.
    func didFinish(_ call: ClientCallInfo, error: RPCError?, trailers: Metadata)
}

extension ClientInterceptor {
    public func willStart(_ call: inout ClientCallInfo) async throws {}
    public func didSend<Message: Sendable>(_ message: Message, call: ClientCallInfo) {}
    public func didReceive<Message: Sendable>(_ message: Message, call: ClientCallInfo) {}
    public func didFinish(_ call: ClientCallInfo, error: RPCError?, trailers: Metadata) {}
}

/// Passes requests to interceptors before sending them on.
struct InterceptedSink<Message: Sendable>: MessageSink {
    let base: RequestWriter<Message>
    let interceptors: [any ClientInterceptor]
    let call: ClientCallInfo

    nonisolated(nonsending) func write(_ message: Message) async throws {
        for i in interceptors { i.didSend(message, call: call) }
        try await base.write(message)
    }

    nonisolated(nonsending) func write(_ message: Message, compress: Bool) async throws {
        for i in interceptors { i.didSend(message, call: call) }
        try await base.write(message, compressed: compress)
    }

    func finish() { base.finish() }
}
