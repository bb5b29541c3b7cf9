import Synchronization

/// The response bytes a server connection's handlers may have buffered at once, across all of
/// its streams. Each stream's `OutboundBuffer` holds up to its high-water mark (1 MiB), so a
/// client that opens many streams and never opens their flow-control windows would otherwise
/// pin `maxConcurrentStreams` of them (measured: 500 stalled streams, +567 MiB). A writer waits
/// while the connection is over `limit`, except when its own stream has nothing buffered: every
/// stream can always have one message in flight, so none starves another, and memory stays
/// within `limit` plus one message per stream. A message is charged at `cost` from its write
/// until nghttp2 has taken its last byte.
///
/// Writers (handler tasks) charge before they queue; the loop releases as nghttp2 takes bytes
/// and when a stream closes. A stream charges only between `open` and `close`.
final class SendBudget: Sendable {
    /// What one stream has charged: the sizes of its queued messages, oldest first.
    private struct Charge {
        var sizes: [Int] = []
        var head = 0
        /// Bytes of `sizes[head]` already taken.
        var headTaken = 0

        var isEmpty: Bool { head == sizes.count }

        /// Takes `bytes` off the oldest messages; returns the cost of those now wholly taken.
        mutating func take(_ bytes: Int) -> Int {
            var bytes = bytes
            var freed = 0
            while bytes > 0 && head < sizes.count {
                let left = sizes[head] - headTaken
                if bytes < left {
                    headTaken += bytes
                    break
                }
                bytes -= left
                freed += SendBudget.cost(sizes[head])
                head += 1
                headTaken = 0
            }
            if head == sizes.count {
                sizes.removeAll(keepingCapacity: sizes.capacity <= 64)
                head = 0
            } else if head >= 64 {
                sizes.removeFirst(head)
                head = 0
            }
            return freed
        }

        /// The cost of everything still queued.
        var cost: Int { sizes[head...].reduce(0) { $0 + SendBudget.cost($1) } }
    }

    private struct State {
        var used = 0
        var perStream: [Int32: Charge] = [:]
        /// Writers waiting, by stream (usually one: a stream's writes are sequential).
        var waiters: [Int32: [UnsafeContinuation<Void, Never>]] = [:]
    }

    /// What a queued message costs: its bytes and the heap around them (an array's header and
    /// allocator rounding), so a flood of tiny messages is counted at what it holds.
    static func cost(_ bytes: Int) -> Int { bytes + 64 }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = limit
    }

    /// Lets `stream` charge bytes.
    func open(_ stream: Int32) {
        state.withLock { _ = $0.perStream.updateValue(Charge(), forKey: stream) }
    }

    /// Charges a message of `bytes` to `stream`, first waiting while the connection is over its
    /// limit and the stream has messages queued. Returns without charging for a closed stream or a cancelled
    /// task (the write that follows fails or is dropped with the stream).
    func acquire(_ bytes: Int, for stream: Int32) async {
        while true {
            let charged = state.withLock { s -> Bool in
                guard let mine = s.perStream[stream] else { return true }
                guard s.used + Self.cost(bytes) <= limit || mine.isEmpty else { return false }
                s.used += Self.cost(bytes)
                s.perStream[stream]?.sizes.append(bytes)
                return true
            }
            if charged || Task.isCancelled { return }
            await withTaskCancellationHandler {
                await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
                    let now = state.withLock { s -> Bool in
                        guard let mine = s.perStream[stream], !Task.isCancelled else { return true }
                        if s.used + Self.cost(bytes) <= limit || mine.isEmpty { return true }
                        s.waiters[stream, default: []].append(c)
                        return false
                    }
                    if now { c.resume() }
                }
            } onCancel: {
                // Every writer of the stream: those not cancelled look again and wait again.
                for w in state.withLock({ $0.waiters.removeValue(forKey: stream) }) ?? [] { w.resume() }
            }
        }
    }

    /// `bytes` of `stream` went to nghttp2.
    func release(_ bytes: Int, for stream: Int32) {
        guard bytes > 0 else { return }
        let wake = state.withLock { s -> [UnsafeContinuation<Void, Never>] in
            // (A cancelled writer may have queued a message without charging it: its bytes then
            // free another message early, and `close` settles the rest.)
            guard let freed = s.perStream[stream]?.take(bytes) else { return [] }
            s.used -= freed
            return Self.wakeable(&s, limit: limit, released: stream)
        }
        for w in wake { w.resume() }
    }

    /// `stream` is gone: what it had charged is free, its writer (if waiting) returns.
    func close(_ stream: Int32) {
        let wake = state.withLock { s -> [UnsafeContinuation<Void, Never>] in
            guard let mine = s.perStream.removeValue(forKey: stream) else { return [] }
            s.used -= mine.cost
            var wake = Self.wakeable(&s, limit: limit, released: stream)
            wake += s.waiters.removeValue(forKey: stream) ?? []
            return wake
        }
        for w in wake { w.resume() }
    }

    /// Bytes charged now, for tests.
    var used: Int { state.withLock { $0.used } }

    /// Every waiter once the connection is down to half its limit (one wake-up per half
    /// budget, not per DATA frame); else the released stream's own writer once its buffer is empty.
    private static func wakeable(_ s: inout State, limit: Int, released stream: Int32) -> [UnsafeContinuation<Void, Never>] {
        if s.waiters.isEmpty { return [] }
        if s.used <= limit / 2 {
            defer { s.waiters = [:] }
            return s.waiters.values.flatMap { $0 }
        }
        if s.perStream[stream]?.isEmpty == true { return s.waiters.removeValue(forKey: stream) ?? [] }
        return []
    }
}
