/// The handler's side of a response stream: write messages; headers go before the first.
public struct ResponseWriter<Message: Sendable>: Sendable {
    @usableFromInline let sink: any ResponseSink<Message>
    @usableFromInline let context: ServerContext
    @usableFromInline let direct: DirectPath<Message>?

    /// Wraps a transport's sink for the call of `context`.
    public init(sink: any ResponseSink<Message>, context: ServerContext) {
        self.init(sink: sink, context: context, direct: nil)
    }

    init(sink: any ResponseSink<Message>, context: ServerContext, direct: DirectPath<Message>?) {
        self.sink = sink
        self.context = context
        self.direct = direct
    }

    /// Sends one response; suspends while the client is behind. Throws when the call is
    /// over for the client (cancelled, deadline passed), so a handler stops producing.
    @inlinable
    nonisolated(nonsending) public func write(_ message: Message) async throws {
        if let headers = context.takeHeadersIfUnsent() { sink.sendHeaders(headers) }
        if !context.interceptors.isEmpty {
            for i in context.interceptors { i.didSend(message, context: context) }
        }
        if let direct {
            try await direct.send(message)
        } else if try !sink.trySend(message) {
            try await sink.write(message)
        }
    }

    /// Sends every response of a sequence, in order.
    public func write(contentsOf messages: some Sequence<Message>) async throws {
        for m in messages { try await write(m) }
    }

    /// Sends the response headers now (`context.responseHeaders`), if not yet sent.
    public func sendHeaders() {
        if let headers = context.takeHeadersIfUnsent() { sink.sendHeaders(headers) }
    }
}
