import Synchronization

/// The response bytes a server connection's handlers may have buffered at once, across all of
/// its streams. Each stream's `OutboundBuffer` holds up to its high-water mark (64 KiB), so a
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
    /// What one stream has charged: the sizes of its queued messages, oldest first, and its
    /// writers waiting. Guarded by the budget's lock; the stream holds it (as its response sink,
    /// a subclass) from the start, so charging looks nothing up. It may charge until `close`.
    class Account: @unchecked Sendable {
        // Touched only under the budget's lock: the run-time exclusivity checks are redundant.
        /// The oldest queued message's size, kept out of `sizes` while it is the only one, so a
        /// stream that queues one message at a time (a unary response) charges without allocating.
        @exclusivity(unchecked) fileprivate var first = 0
        @exclusivity(unchecked) fileprivate var hasFirst = false
        /// The sizes queued behind `first` (or all of them while `hasFirst` is false).
        @exclusivity(unchecked) fileprivate var sizes: [Int] = []
        @exclusivity(unchecked) fileprivate var head = 0
        /// Bytes of the oldest message already taken.
        @exclusivity(unchecked) fileprivate var headTaken = 0
        @exclusivity(unchecked) fileprivate var open = true
        /// Writers waiting (usually none, at most one: a stream's writes are sequential).
        @exclusivity(unchecked) fileprivate var waiters: [UnsafeContinuation<Void, Never>] = []

        init() {}

        fileprivate var isEmpty: Bool { !hasFirst && head == sizes.count }

        fileprivate func append(_ size: Int) {
            if isEmpty {
                first = size
                hasFirst = true
            } else {
                sizes.append(size)
            }
        }

        /// Takes `bytes` off the oldest messages; returns the cost of those now wholly taken.
        fileprivate func take(_ bytes: Int) -> Int {
            var bytes = bytes
            var freed = 0
            while bytes > 0 && !isEmpty {
                let size = hasFirst ? first : sizes[head]
                let left = size - headTaken
                if bytes < left {
                    headTaken += bytes
                    break
                }
                bytes -= left
                freed += SendBudget.cost(size)
                if hasFirst { hasFirst = false } else { head += 1 }
                headTaken = 0
            }
            if head == sizes.count {
                if head > 0 { sizes.removeAll(keepingCapacity: sizes.capacity <= 64) }
                head = 0
            } else if head >= 64 {
                sizes.removeFirst(head)
                head = 0
            }
            return freed
        }

        /// The cost of everything still queued.
        fileprivate var cost: Int {
            sizes[head...].reduce(hasFirst ? SendBudget.cost(first) : 0) { $0 + SendBudget.cost($1) }
        }
    }

    private struct State {
        var used = 0
        /// Accounts with writers waiting.
        var waiting: [Account] = []
    }

    /// What a queued message costs: its bytes and the heap around them (an array's header and
    /// allocator rounding), so a flood of tiny messages is counted at what it holds.
    static func cost(_ bytes: Int) -> Int { bytes + 64 }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = limit
    }

    /// Charges a message of `bytes` to `account`, first waiting while the connection is over
    /// its limit and the stream has messages queued. Returns without charging for a closed
    /// stream or a cancelled task (the write that follows fails or is dropped with the stream).
    nonisolated(nonsending) func acquire(_ bytes: Int, for account: Account) async {
        while true {
            if tryAcquire(bytes, for: account) || Task.isCancelled { return }
            await withTaskCancellationHandler {
                await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
                    let now = state.withLock { s -> Bool in
                        guard account.open, !Task.isCancelled else { return true }
                        if s.used + Self.cost(bytes) <= limit || account.isEmpty { return true }
                        if account.waiters.isEmpty { s.waiting.append(account) }
                        account.waiters.append(c)
                        return false
                    }
                    if now { c.resume() }
                }
            } onCancel: {
                // Every writer of the stream: those not cancelled look again and wait again.
                for w in state.withLock({ s in Self.takeWaiters(of: account, &s) }) { w.resume() }
            }
        }
    }

    /// Charges as `acquire` does if that needs no waiting; false (nothing charged) otherwise.
    func tryAcquire(_ bytes: Int, for account: Account) -> Bool {
        state.withLock { s -> Bool in
            guard account.open else { return true }
            guard s.used + Self.cost(bytes) <= limit || account.isEmpty else { return false }
            s.used += Self.cost(bytes)
            account.append(bytes)
            return true
        }
    }

    /// `bytes` of the stream of `account` went to nghttp2.
    func release(_ bytes: Int, for account: Account) {
        guard bytes > 0 else { return }
        let wake = state.withLock { s -> [UnsafeContinuation<Void, Never>] in
            // (A cancelled writer may have queued a message without charging it: its bytes then
            // free another message early, and `close` settles the rest.)
            guard account.open else { return [] }
            s.used -= account.take(bytes)
            return Self.wakeable(&s, limit: limit, released: account)
        }
        for w in wake { w.resume() }
    }

    /// The stream is gone: what it had charged is free, its writer (if waiting) returns.
    func close(_ account: Account) {
        let wake = state.withLock { s -> [UnsafeContinuation<Void, Never>] in
            guard account.open else { return [] }
            account.open = false
            s.used -= account.cost
            var wake = Self.wakeable(&s, limit: limit, released: account)
            wake += Self.takeWaiters(of: account, &s)
            return wake
        }
        for w in wake { w.resume() }
    }

    /// Bytes charged now, for tests.
    var used: Int { state.withLock { $0.used } }

    private static func takeWaiters(of account: Account, _ s: inout State) -> [UnsafeContinuation<Void, Never>] {
        guard !account.waiters.isEmpty else { return [] }
        s.waiting.removeAll { $0 === account }
        defer { account.waiters = [] }
        return account.waiters
    }

    /// Every waiter once the connection is down to half its limit (one wake-up per half
    /// budget, not per DATA frame); else the released stream's own writer once its buffer is empty.
    private static func wakeable(_ s: inout State, limit: Int, released account: Account) -> [UnsafeContinuation<Void, Never>] {
        if s.waiting.isEmpty { return [] }
        if s.used <= limit / 2 {
            let all = s.waiting.flatMap { a in
                defer { a.waiters = [] }
                return a.waiters
            }
            s.waiting = []
            return all
        }
        if account.isEmpty { return takeWaiters(of: account, &s) }
        return []
    }
}
