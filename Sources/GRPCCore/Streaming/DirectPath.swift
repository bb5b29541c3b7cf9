/// The fast lane of an in-process stream whose two sides share one value type: messages go
/// straight into the receiver's queue, with both sides' size limits checked, and no codec.
/// Its methods are inlinable so they are specialized where the message type is known.
public final class DirectPath<Message: Sendable>: Sendable {
    @usableFromInline let queue: StreamQueue<Message>
    @usableFromInline let encodedSize: (@Sendable (Message) -> Int)?
    @usableFromInline let measure: @Sendable (Message) throws(RPCError) -> Int
    @usableFromInline let limit: Int
    @usableFromInline let what: String
    @usableFromInline let abort: @Sendable (RPCError) -> Void

    /// A lane into `queue` with the limits of `bridge`, which must hand values over; the
    /// limit checked is the smaller of the sender's and the receiver's.
    init<Other>(queue: StreamQueue<Message>, bridge: MessageBridge<Message, Other>,
                abort: @escaping @Sendable (RPCError) -> Void) {
        self.queue = queue
        self.encodedSize = bridge.from.encodedSize
        self.measure = { m throws(RPCError) in try bridge.serialize(m).count }
        self.limit = min(bridge.sendLimit ?? Int.max, bridge.receiveLimit)
        self.what = bridge.what
        self.abort = abort
    }

    /// Hands one message over (sized by encoding if the codec cannot tell); too large is RESOURCE_EXHAUSTED.
    @inlinable
    nonisolated(nonsending) func send(_ message: Message) async throws(RPCError) {
        let size: Int
        if let encodedSize { size = encodedSize(message) } else { size = try measured(message) }
        if size > limit { try tooLarge(size) }
        try await queue.send(message, size: size)
    }

    @usableFromInline
    func measured(_ message: Message) throws(RPCError) -> Int {
        do throws(RPCError) { return try measure(message) } catch {
            abort(error)
            throw error
        }
    }

    @usableFromInline
    func tooLarge(_ size: Int) throws(RPCError) {
        let error = RPCError(.resourceExhausted, "\(what) of \(size) bytes exceeds the limit of \(limit) bytes")
        abort(error)
        throw error
    }
}
