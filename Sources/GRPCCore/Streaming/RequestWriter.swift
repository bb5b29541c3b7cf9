/// The client's side of a request stream: write messages, then finish.
public struct RequestWriter<Message: Sendable>: Sendable {
    @usableFromInline let sink: any MessageSink<Message>
    @usableFromInline let direct: DirectPath<Message>?

    /// Wraps a transport's sink.
    public init(sink: any MessageSink<Message>) {
        self.init(sink: sink, direct: nil)
    }

    init(sink: any MessageSink<Message>, direct: DirectPath<Message>?) {
        self.sink = sink
        self.direct = direct
    }

    /// Sends one request; suspends while the server is behind. Throws `RPCError` when the
    /// call has failed (for example RESOURCE_EXHAUSTED for an oversized message).
    @inlinable
    nonisolated(nonsending) public func write(_ message: Message) async throws {
        if let direct {
            try await direct.send(message)
        } else {
            try await sink.write(message)
        }
    }

    /// Sends one request, compressed with the call's `CallOptions.compression` only if
    /// `compressed` is true: `false` sends this message uncompressed on a compressed call.
    public func write(_ message: Message, compressed: Bool) async throws {
        if let direct {
            try await direct.send(message)
        } else {
            try await sink.write(message, compress: compressed)
        }
    }

    /// Sends every request of a sequence, in order.
    public func write(contentsOf messages: some Sequence<Message>) async throws {
        for m in messages { try await write(m) }
    }

    /// Tells the server no more requests will come (half-close). Writing after it is ignored.
    public func finish() {
        sink.finish()
    }
}
