/// Where the client's requests go: the other side of a channel or a transport's encoder.
public protocol MessageSink<Message>: Sendable {
    associatedtype Message: Sendable
    /// Sends one message, suspending while the receiver is behind (backpressure).
    nonisolated(nonsending) func write(_ message: Message) async throws
    /// Sends one message, compressed with the call's compression only if `compress` is true.
    nonisolated(nonsending) func write(_ message: Message, compress: Bool) async throws
    /// No more messages from this side (the client half-closes).
    func finish()
}

extension MessageSink {
    /// A sink with nothing to compress (no wire) sends every message the same way.
    nonisolated(nonsending) public func write(_ message: Message, compress: Bool) async throws {
        try await write(message)
    }
}

/// Where a handler's responses go: headers, messages, then the final status and trailers.
public protocol ResponseSink<Message>: Sendable {
    associatedtype Message: Sendable
    /// Sends the response headers; called at most once, before the first message.
    func sendHeaders(_ headers: Metadata)
    /// Sends one message, suspending while the receiver is behind (backpressure).
    nonisolated(nonsending) func write(_ message: Message) async throws
    /// Sends one message if that needs no waiting; false when the caller must `write` it.
    /// A synchronous fast path: an `await` that never suspends still costs an executor check.
    func trySend(_ message: Message) throws -> Bool
    /// Ends the call: nil error is OK.
    func finish(error: RPCError?, trailers: Metadata)
}

extension ResponseSink {
    /// A sink without a fast path takes every message through `write`.
    public func trySend(_ message: Message) throws -> Bool { false }
}
