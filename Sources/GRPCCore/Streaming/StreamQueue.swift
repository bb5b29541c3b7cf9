import Synchronization

private let streamQueuesAlive = Atomic<Int>(0)

/// The one handoff between a producer and a consumer of a stream's messages.
///
/// One producer and one consumer (several of either are safe, just not faster). The
/// consumer takes every buffered message under one lock acquisition; the producer suspends
/// only when the buffer limit (in messages and in encoded bytes) is reached; a side that went
/// to sleep is woken only on the empty to non-empty or full to non-full edge. The stream
/// ends with `finish` or `sendLast` (after what was sent), or with `abort` and
/// `closeConsumer` (at once, dropping what was buffered).
public final class StreamQueue<Element: Sendable>: Sendable {
    @usableFromInline
    struct State: Sendable {
        @usableFromInline var items: [Element] = []
        /// Encoded bytes of `items`, as far as their senders knew sizes.
        @usableFromInline var bytes = 0
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
        /// Wire bytes pushed but not yet credited back to the sender (HTTP/2 flow control):
        /// released to `onRelease` when the consumer takes messages.
        @usableFromInline var held = 0
        /// Whether the next send that appends pauses until `releaseProducer`.
        @usableFromInline var handOff = HandOff.off

        @usableFromInline init() {}
    }

    @usableFromInline let state: Mutex<State>
    @usableFromInline let limit: BufferLimit
    /// Told how many held bytes the consumer has made room for (see `push`).
    @usableFromInline let onRelease: (@Sendable (Int) -> Void)?

    /// Creates a queue whose producer suspends once `limit` is reached; `onRelease` hears of
    /// bytes held by `push` once the consumer takes messages.
    public init(limit: BufferLimit, onRelease: (@Sendable (Int) -> Void)? = nil) {
        self.limit = limit
        self.onRelease = onRelease
        self.state = Mutex(State())
        streamQueuesAlive.add(1, ordering: .relaxed)
    }

    deinit {
        streamQueuesAlive.subtract(1, ordering: .relaxed)
    }

    /// How many stream queues exist in this process now: a leak check for tests and tools.
    public static var alive: Int { streamQueuesAlive.load(ordering: .relaxed) }

    // MARK: producer

    /// Appends a message, first waiting while the queue is full, so a write that fails
    /// (stream over for the producer, consumer gone, aborted, producing task cancelled) has
    /// delivered nothing. Writes after a clean end are ignored.
    @inlinable
    nonisolated(nonsending) public func send(_ element: Element, size: Int = 0) async throws(RPCError) {
        while true {
            let (waiters, outcome) = state.withLock { s -> ([UnsafeContinuation<Void, Never>], SendOutcome) in
                if let e = s.writeError { return ([], .failed(e)) }
                if s.writesIgnored || s.finished { return ([], .done) }
                if s.isFull(limit) { return ([], .full) }
                s.items.append(element)
                s.bytes &+= size
                if case .armed = s.handOff { return (s.takeConsumerWaiters(), .pause) }
                return (s.takeConsumerWaiters(), .done)
            }
            switch outcome {
            case .done:
                for w in waiters { w.resume() }
                return
            case .pause:
                for w in waiters { w.resume() }
                await waitForRelease()
                return
            case .failed(let e):
                throw e
            case .full:
                try await waitForSpace()
            }
        }
    }

    @usableFromInline
    enum SendOutcome {
        case done, pause, full
        case failed(RPCError)
    }

    /// The next send that appends waits for `releaseProducer`: an inline producer frees its consumer's thread.
    public func pauseProducerAfterNextSend() {
        state.withLock { $0.handOff = .armed }
    }

    /// Lets a paused producer go on (it resumes on another thread); later sends do not pause.
    public func releaseProducer() {
        let paused = state.withLock { s -> UnsafeContinuation<Void, Never>? in
            defer { s.handOff = .off }
            if case .paused(let c) = s.handOff { return c }
            return nil
        }
        paused?.resume()
    }

    @usableFromInline
    func waitForRelease() async {
        await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                guard case .armed = s.handOff else { return true }
                s.handOff = .paused(c)
                return false
            }
            if now { c.resume() }
        }
    }

    /// Whether sends pause for the consumer's side (see `pauseProducerAfterNextSend`).
    @usableFromInline
    enum HandOff: Sendable {
        case off, armed
        case paused(UnsafeContinuation<Void, Never>)
    }

    /// Appends a last message and ends the stream cleanly, without waiting for space: for a
    /// request known before its handler starts. Throws if writes already fail.
    public func sendLast(_ element: Element, size: Int) throws(RPCError) {
        let waiters = try state.withLock { (s) throws(RPCError) -> [UnsafeContinuation<Void, Never>] in
            if let e = s.writeError { throw e }
            if s.writesIgnored || s.finished { return [] }
            s.items.append(element)
            s.bytes &+= size
            s.finished = true
            return s.takeConsumerWaiters()
        }
        for w in waiters { w.resume() }
    }

    /// Appends messages without waiting, for a producer that cannot wait (an event loop whose
    /// peer is held back by flow control instead). Returns the bytes the producer may credit to
    /// its sender now: all of `bytes` while the buffer holds at most `creditLimit` bytes and
    /// the limit's number of messages (tiny messages cost far more memory than their bytes);
    /// else none, and they are passed to `onRelease` once the consumer takes messages. Dropped
    /// messages (stream over) are credited at once.
    public func push(_ elements: [Element], bytes: Int, creditLimit: Int) -> Int {
        let (waiters, credit) = state.withLock { s -> ([UnsafeContinuation<Void, Never>], Int) in
            if s.writeError != nil || s.writesIgnored || s.finished { return ([], bytes) }
            s.items.append(contentsOf: elements)
            s.bytes &+= bytes
            var credit = bytes
            if s.bytes > creditLimit || s.items.count > limit.messages {
                s.held &+= bytes
                credit = 0
            }
            return (s.takeConsumerWaiters(), credit)
        }
        for w in waiters { w.resume() }
        return credit
    }

    /// Messages buffered now, not yet taken by the consumer.
    public var buffered: Int {
        state.withLock { $0.items.count }
    }

    /// Whether bytes pushed are held back now (see `push`): the consumer is behind.
    public var isHolding: Bool {
        state.withLock { $0.held > 0 }
    }

    /// Takes the held bytes (see `push`) when the stream is over, so they can be credited.
    public func releaseHeld() -> Int {
        state.withLock { s in
            defer { s.held = 0 }
            return s.held
        }
    }

    /// Ends the stream after the buffered messages; `error` nil is a clean end.
    public func finish(_ error: RPCError? = nil) {
        let waiters = state.withLock { s -> [UnsafeContinuation<Void, Never>] in
            guard !s.finished else { return [] }
            s.finished = true
            s.finalError = error
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
                s.bytes = 0
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
            s.bytes = 0
            return s.takeProducerWaiters()
        }
        for w in waiters { w.resume() }
    }

    @usableFromInline
    func waitForSpace() async throws(RPCError) {
        let limit = self.limit
        while true {
            let outcome = state.withLock { s -> RPCError?? in
                if let e = s.writeError { return .some(e) }
                if !s.isFull(limit) || s.writesIgnored { return .some(nil) }
                return nil
            }
            if let outcome {
                if let e = outcome { throw e }
                return
            }
            if Task.isCancelled { throw RPCError(.cancelled, "the sending task was cancelled") }
            await suspend { s in s.writeError != nil || s.writesIgnored || !s.isFull(limit) } park: { s, c in
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
    nonisolated(nonsending) public func take(into batch: inout [Element]) async throws(RPCError) -> Bool {
        while true {
            var released = 0
            let (producers, outcome) = state.withLock { s -> ([UnsafeContinuation<Void, Never>], TakeOutcome) in
                if !s.items.isEmpty {
                    swap(&s.items, &batch)
                    s.bytes = 0
                    if s.held != 0 {
                        released = s.held
                        s.held = 0
                    }
                    return (s.takeProducerWaiters(), .items)
                }
                if s.finished { return ([], s.finalError.map(TakeOutcome.failed) ?? .end) }
                return ([], .wait)
            }
            switch outcome {
            case .items:
                for p in producers { p.resume() }
                if released != 0 { onRelease?(released) }
                return true
            case .end:
                return false
            case .failed(let e):
                throw e
            case .wait:
                if Task.isCancelled { throw RPCError(.cancelled, "the receiving task was cancelled") }
                await suspend { s in !s.items.isEmpty || s.finished } park: { s, c in
                    s.consumerWaiters.append(c)
                }
            }
        }
    }


    @usableFromInline
    enum TakeOutcome {
        case items, end, wait
        case failed(RPCError)
    }
}

/// How much a stream buffers before its sender waits: whichever limit is reached first.
public struct BufferLimit: Sendable, Hashable {
    /// Messages buffered at most.
    public var messages: Int
    /// Encoded bytes buffered at most; a single larger message is still let through alone.
    public var bytes: Int

    /// Creates a limit; each is at least 1.
    public init(messages: Int, bytes: Int) {
        self.messages = max(1, messages)
        self.bytes = max(1, bytes)
    }
}

extension StreamQueue.State {
    @inlinable
    func isFull(_ limit: BufferLimit) -> Bool {
        items.count >= limit.messages || bytes >= limit.bytes
    }

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
