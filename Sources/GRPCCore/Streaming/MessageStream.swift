/// The messages of one direction of a call, as an async sequence; iterate it once.
///
/// Iteration ends normally when the sender finished with OK and throws the call's
/// `RPCError` otherwise. The client reads responses with it, a handler reads requests.
public struct MessageStream<Message: Sendable>: AsyncSequence, Sendable {
    public typealias Element = Message

    @usableFromInline let queue: StreamQueue<Message>
    @usableFromInline let observer: (@Sendable (Message) -> Void)?

    /// A stream fed through `queue`; `observer` sees each message as it is read.
    public init(queue: StreamQueue<Message>, observer: (@Sendable (Message) -> Void)? = nil) {
        self.queue = queue
        self.observer = observer
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(queue: queue, observer: observer)
    }

    /// Reads messages in batches from the queue.
    public struct AsyncIterator: AsyncIteratorProtocol {
        @usableFromInline let queue: StreamQueue<Message>
        @usableFromInline let observer: (@Sendable (Message) -> Void)?
        @usableFromInline var batch: [Message] = []
        @usableFromInline var index = 0

        @usableFromInline
        init(queue: StreamQueue<Message>, observer: (@Sendable (Message) -> Void)?) {
            self.queue = queue
            self.observer = observer
        }

        /// The next message, nil at a clean end; throws `RPCError` when the call failed.
        @inlinable
        nonisolated(nonsending) public mutating func next() async throws -> Message? {
            if index == batch.count, try await !refill() { return nil }
            return pop()
        }

        /// What `for try await` calls. Without it the protocol's default goes through
        /// `next()`'s witness, which hops to the global executor and back for every message;
        /// and a message already taken is returned without awaiting anything, so without a
        /// hop back to `actor` either.
        @inlinable
        public mutating func next(isolation actor: isolated (any Actor)?) async throws -> Message? {
            if index == batch.count, try await !refill() { return nil }
            return pop()
        }

        /// Takes the next batch; false at a clean end.
        @inlinable
        nonisolated(nonsending) mutating func refill() async throws(RPCError) -> Bool {
            batch.removeAll(keepingCapacity: true)
            index = 0
            return try await queue.take(into: &batch)
        }

        @inlinable
        mutating func pop() -> Message {
            let message = batch[index]
            index += 1
            observer?(message)
            return message
        }
    }
}

extension MessageStream {
    /// Reads exactly one message: the cardinality of a unary request or response.
    /// Zero or more than one is UNIMPLEMENTED, as the gRPC spec names cardinality violations.
    public func single(_ what: String) async throws -> Message {
        var iterator = makeAsyncIterator()
        guard let first = try await iterator.next() else {
            throw RPCError(.unimplemented, "expected one \(what), got none")
        }
        guard try await iterator.next() == nil else {
            throw RPCError(.unimplemented, "expected one \(what), got more")
        }
        return first
    }
}
