import Synchronization

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
        @usableFromInline var consumerWaiter: UnsafeContinuation<Void, Never>? = nil
        @usableFromInline var producerWaiter: UnsafeContinuation<Void, Never>? = nil
        /// Set once the producer finished: nil error is a clean end.
        @usableFromInline var finished = false
        @usableFromInline var finalError: RPCError? = nil
        /// Set once writes must fail: the consumer is gone or the stream was aborted.
        @usableFromInline var writeError: RPCError? = nil
        /// Set by a drop after the end of a clean stream: writes are ignored, not failed.
        @usableFromInline var writesIgnored = false
        @usableFromInline var consumerCancelled = false
        @usableFromInline var producerCancelled = false

        @usableFromInline init() {}
    }

    @usableFromInline let state: Mutex<State>
    @usableFromInline let capacity: Int

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
        let (waiter, full, error, ignored) = state.withLock { s -> (UnsafeContinuation<Void, Never>?, Bool, RPCError?, Bool) in
            if let e = s.writeError { return (nil, false, e, false) }
            if s.writesIgnored || s.finished { return (nil, false, nil, true) }
            s.items.append(element)
            let w = s.consumerWaiter
            s.consumerWaiter = nil
            return (w, s.items.count >= capacity, nil, false)
        }
        if let error { throw error }
        if ignored { return }
        waiter?.resume()
        if full { try await waitForSpace() }
    }

    /// Ends the stream after the buffered messages; `error` nil is a clean end.
    public func finish(_ error: RPCError? = nil) {
        let waiter = state.withLock { s -> UnsafeContinuation<Void, Never>? in
            guard !s.finished else { return nil }
            s.finished = true
            s.finalError = error
            let w = s.consumerWaiter
            s.consumerWaiter = nil
            return w
        }
        waiter?.resume()
    }

    /// Ends the stream now for both sides: writes fail with `error`; unless the producer
    /// had already finished, buffered messages are dropped and the consumer gets `error`.
    public func abort(_ error: RPCError) {
        let (c, p) = state.withLock { s -> (UnsafeContinuation<Void, Never>?, UnsafeContinuation<Void, Never>?) in
            if s.writeError == nil { s.writeError = error }
            if !s.finished {
                s.finished = true
                s.finalError = error
                s.items.removeAll()
            }
            defer { s.consumerWaiter = nil; s.producerWaiter = nil }
            return (s.consumerWaiter, s.producerWaiter)
        }
        c?.resume()
        p?.resume()
    }

    /// The consumer stops reading: buffered messages are dropped; later writes fail with
    /// `error`, or are ignored when `error` is nil (the receiver finished normally).
    public func closeConsumer(_ error: RPCError?) {
        let p = state.withLock { s -> UnsafeContinuation<Void, Never>? in
            if let error {
                if s.writeError == nil { s.writeError = error }
            } else {
                s.writesIgnored = true
            }
            s.items.removeAll()
            defer { s.producerWaiter = nil }
            return s.producerWaiter
        }
        p?.resume()
    }

    @usableFromInline
    func waitForSpace() async throws(RPCError) {
        while true {
            let outcome = state.withLock { s -> RPCError?? in
                if let e = s.writeError { return .some(e) }
                if s.items.count < capacity || s.writesIgnored { return .some(nil) }
                if s.producerCancelled { return .some(RPCError(.cancelled, "the sending task was cancelled")) }
                return nil
            }
            if let outcome {
                if let e = outcome { throw e }
                return
            }
            await withTaskCancellationHandler {
                await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
                    let now = state.withLock { s -> Bool in
                        if s.writeError != nil || s.writesIgnored || s.items.count < capacity || s.producerCancelled {
                            return true
                        }
                        s.producerWaiter = c
                        return false
                    }
                    if now { c.resume() }
                }
            } onCancel: {
                let w = state.withLock { s -> UnsafeContinuation<Void, Never>? in
                    s.producerCancelled = true
                    defer { s.producerWaiter = nil }
                    return s.producerWaiter
                }
                w?.resume()
            }
        }
    }

    // MARK: consumer

    /// Moves every buffered message into `batch` (which must be empty), waiting while there
    /// are none. Returns false at a clean end; throws the stream's error, or CANCELLED when
    /// the consuming task is cancelled.
    @inlinable
    public func take(into batch: inout [Element]) async throws(RPCError) -> Bool {
        while true {
            let (producer, outcome) = state.withLock { s -> (UnsafeContinuation<Void, Never>?, TakeOutcome) in
                if !s.items.isEmpty {
                    swap(&s.items, &batch)
                    let p = s.producerWaiter
                    s.producerWaiter = nil
                    return (p, .items)
                }
                if s.finished { return (nil, s.finalError.map(TakeOutcome.failed) ?? .end) }
                if s.consumerCancelled { return (nil, .failed(RPCError(.cancelled, "the receiving task was cancelled"))) }
                return (nil, .wait)
            }
            switch outcome {
            case .items:
                producer?.resume()
                return true
            case .end:
                return false
            case .failed(let e):
                throw e
            case .wait:
                await waitForItems()
            }
        }
    }

    @usableFromInline
    enum TakeOutcome {
        case items, end, wait
        case failed(RPCError)
    }

    @usableFromInline
    func waitForItems() async {
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if !s.items.isEmpty || s.finished || s.consumerCancelled { return true }
                    s.consumerWaiter = c
                    return false
                }
                if now { c.resume() }
            }
        } onCancel: {
            let w = state.withLock { s -> UnsafeContinuation<Void, Never>? in
                s.consumerCancelled = true
                defer { s.consumerWaiter = nil }
                return s.consumerWaiter
            }
            w?.resume()
        }
    }
}
