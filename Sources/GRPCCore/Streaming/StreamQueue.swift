import Synchronization
#if canImport(Glibc)
import Glibc
#endif

private let streamQueuesAlive = Atomic<Int>(0)

/// The one handoff between a producer and a consumer of a stream's messages.
///
/// Single producer, single consumer. The consumer takes every buffered message under one
/// lock acquisition; the producer suspends only when `capacity` messages are waiting
/// (backpressure); a side that went to sleep is woken only on the empty to non-empty or
/// full to non-full edge. The stream ends with `finish` (after what was sent), or with
/// `abort` and `cancelConsumer` (at once, dropping what was buffered).
public final class StreamQueue<Element: Sendable>: Sendable {
    @usableFromInline
    struct State: Sendable {
        @usableFromInline var items: [Element] = []
        /// Tasks waiting for messages; one unless several tasks share the stream.
        @usableFromInline var consumerWaiters: [UnsafeContinuation<Void, Never>] = []
        /// Tasks waiting for space; one unless several tasks share the writer.
        @usableFromInline var producerWaiters: [UnsafeContinuation<Void, Never>] = []
        /// Set once the producer finished: nil error is a clean end.
        @usableFromInline var finished = false
        @usableFromInline var finalError: RPCError? = nil
        /// Set once writes must fail: the consumer is gone or the stream was aborted.
        @usableFromInline var writeError: RPCError? = nil
        /// Set by a drop after the end of a clean stream: writes are ignored, not failed.
        @usableFromInline var writesIgnored = false

        @usableFromInline init() {}
    }

    @usableFromInline let state: Mutex<State>
    @usableFromInline let capacity: Int
    /// Set under the lock when messages wait or the stream ended; read without the lock by
    /// a consumer that spins briefly before it parks.
    @usableFromInline let ready = Atomic<Bool>(false)

    /// Creates a queue that suspends its producer once `capacity` messages wait.
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        self.state = Mutex(State())
        streamQueuesAlive.add(1, ordering: .relaxed)
    }

    deinit {
        streamQueuesAlive.subtract(1, ordering: .relaxed)
    }

    /// How many stream queues exist in this process now: a leak check for tests and tools.
    public static var alive: Int { streamQueuesAlive.load(ordering: .relaxed) }

    // MARK: producer

    /// Appends a message; suspends while the queue is full. Throws once the stream is over
    /// for the producer (consumer gone, aborted) or when the producing task is cancelled.
    @inlinable
    public func send(_ element: Element) async throws(RPCError) {
        let (waiters, full, error, ignored) = state.withLock { s -> ([UnsafeContinuation<Void, Never>], Bool, RPCError?, Bool) in
            if let e = s.writeError { return ([], false, e, false) }
            if s.writesIgnored || s.finished { return ([], false, nil, true) }
            if s.items.isEmpty { ready.store(true, ordering: .relaxed) }
            s.items.append(element)
            return (s.takeConsumerWaiters(), s.items.count >= capacity, nil, false)
        }
        if let error { throw error }
        if ignored { return }
        for w in waiters { w.resume() }
        if full { try await waitForSpace() }
    }

    /// Ends the stream after the buffered messages; `error` nil is a clean end.
    public func finish(_ error: RPCError? = nil) {
        let waiters = state.withLock { s -> [UnsafeContinuation<Void, Never>] in
            guard !s.finished else { return [] }
            s.finished = true
            s.finalError = error
            ready.store(true, ordering: .relaxed)
            return s.takeConsumerWaiters()
        }
        for w in waiters { w.resume() }
    }

    /// Ends the stream now for both sides: writes fail with `error`; unless the producer
    /// had already finished, buffered messages are dropped and the consumer gets `error`.
    public func abort(_ error: RPCError) {
        let waiters = state.withLock { s -> [UnsafeContinuation<Void, Never>] in
            if s.writeError == nil { s.writeError = error }
            if !s.finished {
                s.finished = true
                s.finalError = error
                s.items.removeAll()
                ready.store(true, ordering: .relaxed)
            }
            return s.takeConsumerWaiters() + s.takeProducerWaiters()
        }
        for w in waiters { w.resume() }
    }

    /// The consumer stops reading: buffered messages are dropped; later writes fail with
    /// `error`, or are ignored when `error` is nil (the receiver finished normally).
    public func closeConsumer(_ error: RPCError?) {
        let waiters = state.withLock { s -> [UnsafeContinuation<Void, Never>] in
            if let error {
                if s.writeError == nil { s.writeError = error }
            } else {
                s.writesIgnored = true
            }
            s.items.removeAll()
            return s.takeProducerWaiters()
        }
        for w in waiters { w.resume() }
    }

    @usableFromInline
    func waitForSpace() async throws(RPCError) {
        while true {
            let outcome = state.withLock { s -> RPCError?? in
                if let e = s.writeError { return .some(e) }
                if s.items.count < capacity || s.writesIgnored { return .some(nil) }
                return nil
            }
            if let outcome {
                if let e = outcome { throw e }
                return
            }
            if Task.isCancelled { throw RPCError(.cancelled, "the sending task was cancelled") }
            await suspend { s in s.writeError != nil || s.writesIgnored || s.items.count < capacity } park: { s, c in
                s.producerWaiters.append(c)
            }
        }
    }

    /// Suspends until `ready` holds or the task is cancelled. Cancellation is checked under
    /// the lock, so a cancel that lands before the continuation is parked is never lost.
    @usableFromInline
    func suspend(
        until ready: @Sendable (inout State) -> Bool,
        park: @Sendable (inout State, UnsafeContinuation<Void, Never>) -> Void
    ) async {
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if ready(&s) || Task.isCancelled { return true }
                    park(&s, c)
                    return false
                }
                if now { c.resume() }
            }
        } onCancel: {
            // Wake every waiter: each re-checks its own task's cancellation.
            let waiters = state.withLock { s in s.takeConsumerWaiters() + s.takeProducerWaiters() }
            for w in waiters { w.resume() }
        }
    }

    // MARK: consumer

    /// Moves every buffered message into `batch` (which must be empty), waiting while there
    /// are none. Returns false at a clean end; throws the stream's error, or CANCELLED when
    /// the consuming task is cancelled.
    @inlinable
    public func take(into batch: inout [Element]) async throws(RPCError) -> Bool {
        while true {
            let (producers, outcome) = state.withLock { s -> ([UnsafeContinuation<Void, Never>], TakeOutcome) in
                if !s.items.isEmpty {
                    swap(&s.items, &batch)
                    ready.store(false, ordering: .relaxed)
                    return (s.takeProducerWaiters(), .items)
                }
                if s.finished { return ([], s.finalError.map(TakeOutcome.failed) ?? .end) }
                return ([], .wait)
            }
            switch outcome {
            case .items:
                for p in producers { p.resume() }
                return true
            case .end:
                return false
            case .failed(let e):
                throw e
            case .wait:
                if Task.isCancelled { throw RPCError(.cancelled, "the receiving task was cancelled") }
                // A producer that is running usually sends again within microseconds: wait
                // for it briefly instead of parking, since waking a parked task costs more.
                if spinUntilReady() { continue }
                await suspend { s in !s.items.isEmpty || s.finished } park: { s, c in
                    s.consumerWaiters.append(c)
                }
            }
        }
    }

    /// Polls `ready` for a few microseconds; true if it became set.
    @usableFromInline
    func spinUntilReady() -> Bool {
        for round in 0..<StreamQueue.spinRounds {
            for _ in 0..<64 where ready.load(ordering: .relaxed) { return true }
            if round % 8 == 7 { sched_yield() }
        }
        return ready.load(ordering: .relaxed)
    }

    @usableFromInline static var spinRounds: Int { 32 }

    @usableFromInline
    enum TakeOutcome {
        case items, end, wait
        case failed(RPCError)
    }
}

extension StreamQueue.State {
    @inlinable
    mutating func takeConsumerWaiters() -> [UnsafeContinuation<Void, Never>] {
        if consumerWaiters.isEmpty { return [] }
        defer { consumerWaiters = [] }
        return consumerWaiters
    }

    @inlinable
    mutating func takeProducerWaiters() -> [UnsafeContinuation<Void, Never>] {
        if producerWaiters.isEmpty { return [] }
        defer { producerWaiters = [] }
        return producerWaiters
    }
}
