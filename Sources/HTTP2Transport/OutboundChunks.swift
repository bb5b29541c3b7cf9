/// The framed messages of a buffer, in order: the first held apart from the array of the
/// others, so a stream that queues one message at a time (a unary call) allocates no array.
struct OutboundChunks {
    private var first: [UInt8]?
    /// The messages after `first`; empty while `first` is nil.
    private var rest: [[UInt8]] = []

    var count: Int { first == nil ? 0 : 1 + rest.count }

    subscript(index: Int) -> [UInt8] {
        index == 0 ? first.unsafelyUnwrapped : rest[index - 1]
    }

    mutating func append(_ chunk: [UInt8]) {
        if first == nil { first = chunk } else { rest.append(chunk) }
    }

    /// Drops every message, keeping the array's storage.
    mutating func removeAll() {
        first = nil
        rest.removeAll(keepingCapacity: true)
    }

    /// Drops the first `n` messages (at most `count`).
    mutating func removeFirst(_ n: Int) {
        guard n > 0 else { return }
        guard n < count else { return removeAll() }
        first = rest[n - 1]
        rest.removeFirst(n)
    }
}
