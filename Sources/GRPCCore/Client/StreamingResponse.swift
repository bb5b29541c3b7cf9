/// The server's side of a streaming call as the client sees it: headers, messages, trailers.
public struct StreamingResponse<Message: Sendable>: Sendable {
    /// The response messages; iteration throws the call's `RPCError` if it fails.
    public let messages: MessageStream<Message>
    /// Headers, status and trailers.
    public let head: ResponseHead

    /// Creates a response over a transport's message stream and head.
    public init(messages: MessageStream<Message>, head: ResponseHead) {
        self.messages = messages
        self.head = head
    }

    /// The response headers, once they arrive; throws if the call failed before sending any.
    public var headers: Metadata {
        get async throws { try await head.headers() }
    }

    /// The trailers, available once `messages` has ended; nil before.
    public var trailers: Metadata? { head.trailers }

    /// Reads the single response of a call whose server sends exactly one, with its metadata;
    /// none or more than one is UNIMPLEMENTED.
    public func unaryResponse() async throws -> UnaryResponse<Message> {
        let message = try await messages.single("response")
        return UnaryResponse(headers: try await headers, message: message, trailers: trailers ?? Metadata())
    }
}

/// The receiving end of a call's responses: a transport (or an in-process handler) writes
/// headers, messages and the final status here; the client reads a `StreamingResponse`.
public final class ResponseReceiver<Message: Sendable>: ResponseSink {
    /// Messages waiting for the client.
    public let queue: StreamQueue<Message>
    /// Headers, status and trailers.
    public let head = ResponseHead()

    /// Creates a receiver whose queue buffers up to `limit` before the sender waits.
    public init(limit: BufferLimit) {
        self.queue = StreamQueue(limit: limit)
    }

    /// Creates a receiver over a transport's queue.
    public init(queue: StreamQueue<Message>) {
        self.queue = queue
    }

    /// What the client reads.
    public var response: StreamingResponse<Message> {
        StreamingResponse(messages: MessageStream(queue: queue), head: head)
    }

    public func sendHeaders(_ headers: Metadata) {
        head.receivedHeaders(headers)
    }

    @inlinable
    nonisolated(nonsending) public func write(_ message: Message) async throws {
        try await queue.send(message, size: 0)
    }

    /// Sends one message whose encoded size is known (it counts against the byte limit).
    @inlinable
    nonisolated(nonsending) public func write(_ message: Message, size: Int) async throws {
        try await queue.send(message, size: size)
    }

    public func finish(error: RPCError?, trailers: Metadata) {
        if var error {
            error.trailers = trailers
            head.finished(error: error, trailers: trailers)
            queue.finish(error)
        } else {
            head.finished(error: nil, trailers: trailers)
            queue.finish(nil)
        }
    }

    /// Ends the call now with `error`: buffered messages are dropped and the sender's
    /// writes fail. Does nothing to a call that has already ended.
    public func abort(_ error: RPCError) {
        head.finished(error: error, trailers: Metadata())
        queue.abort(error)
    }

    /// The client stopped reading: the sender's writes fail with CANCELLED.
    public func closeConsumer() {
        queue.closeConsumer(RPCError(.cancelled, "the client is no longer reading"))
    }
}
