import CNGHTTP2
import GRPCCore
import Synchronization

/// What an `OutboundBuffer`'s writes wake: the stream that drains it.
protocol OutboundReader: AnyObject, Sendable {
    /// The buffer has something new (or its end): look at it on the loop, now if called there.
    func bufferHasWork()
}

/// An `OutboundReader` that runs a closure.
final class OutboundKick: OutboundReader {
    private let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    func bufferHasWork() { body() }
}

/// The framed messages one side of a stream writes, waiting for the loop to send them, plus
/// the response headers and final status of a server stream. Writers are tasks; the reader is
/// the loop's nghttp2 data callback. A writer waits while `highWater` bytes are buffered; the
/// loop is kicked only when it had run dry (nghttp2 deferred the stream) or has not started.
final class OutboundBuffer: Sendable {
    /// What the end of a server stream carries.
    struct End: Sendable {
        var error: RPCError?
        var trailers: Metadata
    }

    struct State: Sendable {
        var chunks = OutboundChunks()
        var chunkIndex = 0
        var offset = 0
        var buffered = 0
        /// No more messages: a client half-close, or a server's final status.
        var ended = false
        var end: End?
        var headers: Metadata?
        /// How messages are compressed (announced in the response headers).
        var encoding = CompressionAlgorithm.identity
        /// Writes fail with this (the stream is gone).
        var failure: RPCError?
        /// The loop needs a kick to look at this buffer again.
        var loopIdle = true
        var writers: [UnsafeContinuation<Void, Never>] = []
        /// Bytes already read stay in `chunks` (a request the server may refuse unprocessed
        /// can be sent again) until the server answers or `replayLimit` bytes were read.
        var keepsSent = false
        var sentBytes = 0
        /// Messages pushed without waiting since the writer last gave up its thread.
        var pushedSinceYield = 0
        /// An encoded message `push` had no room for, kept for the writer's `write`.
        var refused: [UInt8]?

        /// Whether a writer must wait: `highWater` bytes, or as many messages as an in-process
        /// stream buffers, so a handler writing tiny messages gives up its thread regularly.
        func isFull(_ highWater: Int) -> Bool {
            buffered >= highWater || chunks.count - chunkIndex >= OutboundBuffer.maxMessages
        }

        /// Whether waiting writers should be woken: at most half of either limit is used.
        func isBelowLowWater(_ highWater: Int) -> Bool {
            buffered <= highWater / 2 && chunks.count - chunkIndex <= OutboundBuffer.maxMessages / 2
        }
    }

    /// Messages buffered at most before a writer waits.
    static let maxMessages = 4096
    /// Messages a writer pushes without waiting before `write` yields its thread once. While
    /// the loop keeps draining, a handler that writes in a loop would never suspend: on a
    /// two-thread pool it then starved other tasks, such as a client reading on an actor
    /// (seen in the test suite: a 175,000-message flood beside a handler that computes).
    static let pushesPerYield = 1024
    /// Request bytes kept for a transparent retry at most; a call that sent more is not retried.
    static let replayLimit = 64 * 1024

    private let state = Mutex(State())
    private let highWater: Int
    /// Told "look at this stream" when the loop must be woken; set once, before the buffer
    /// is shared.
    private nonisolated(unsafe) var reader: (any OutboundReader)?

    /// A buffer that blocks writers at `highWater` bytes; one that is `replayable` keeps what
    /// was read (up to `replayLimit`) until `commit`, for `rewind`.
    init(highWater: Int, replayable: Bool = false) {
        self.highWater = highWater
        state.withLock { $0.keepsSent = replayable }
    }

    /// Sets who a write wakes; call before the buffer is shared. The buffer holds it strongly:
    /// a reader that holds the buffer breaks the cycle when its stream closes.
    func setReader(_ reader: any OutboundReader) {
        self.reader = reader
    }

    private func kick() {
        reader?.bufferHasWork()
    }

    /// Queues a call's only message and ends the stream, before the call starts.
    func preload(_ framed: [UInt8]) {
        state.withLock { s in
            s.chunks.append(framed)
            s.buffered += framed.count
            s.ended = true
        }
    }

    // MARK: writer side (tasks)

    /// Queues one framed message; waits while the buffer is full. Throws once the stream is gone.
    nonisolated(nonsending) func write(_ framed: [UInt8]) async throws(RPCError) {
        let yieldDue = state.withLock { s in
            defer { s.pushedSinceYield = 0 }
            return s.pushedSinceYield >= Self.pushesPerYield
        }
        if yieldDue { await Task.yield() }
        while true {
            let outcome = state.withLock { s -> (kick: Bool, full: Bool, error: RPCError?) in
                if let e = s.failure { return (false, false, e) }
                if s.ended { return (false, false, nil) }
                if s.isFull(highWater) { return (false, true, nil) }
                return (queue(framed, &s), false, nil)
            }
            if let e = outcome.error { throw e }
            if outcome.kick { kick() }
            if !outcome.full { return }
            if Task.isCancelled { throw RPCError(.cancelled, "the writing task was cancelled") }
            await withTaskCancellationHandler {
                await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
                    let now = state.withLock { s -> Bool in
                        if s.failure != nil || s.ended || s.isBelowLowWater(highWater) || Task.isCancelled { return true }
                        s.writers.append(c)
                        return false
                    }
                    if now { c.resume() }
                }
            } onCancel: {
                let writers = state.withLock { s in
                    defer { s.writers = [] }
                    return s.writers
                }
                for w in writers { w.resume() }
            }
        }
    }

    /// Whether a `write` now would queue without waiting (or fail at once: the stream is gone)
    /// and need not yield first.
    var hasRoom: Bool {
        state.withLock { s in
            s.failure != nil || s.ended || (!s.isFull(highWater) && s.pushedSinceYield < Self.pushesPerYield)
        }
    }

    /// Queues one framed message without waiting, past the high-water mark if need be; for a
    /// writer that saw `hasRoom`. Throws once the stream is gone.
    func push(_ framed: [UInt8]) throws(RPCError) {
        let kick = try state.withLock { (s) throws(RPCError) -> Bool in
            if let e = s.failure { throw e }
            if s.ended { return false }
            s.pushedSinceYield += 1
            return queue(framed, &s)
        }
        if kick { self.kick() }
    }

    /// Keeps an encoded message the writer found no room for, until it writes it.
    func keepRefused(_ message: consuming [UInt8]) {
        let message = message
        state.withLock { $0.refused = message }
    }

    /// The message `keepRefused` kept, once.
    func takeRefused() -> [UInt8]? {
        state.withLock { s in
            defer { s.refused = nil }
            return s.refused
        }
    }

    /// Stores the response headers to send before the first message, and the compression
    /// they announce.
    func setHeaders(_ headers: Metadata, encoding: CompressionAlgorithm) {
        let kick = state.withLock { s -> Bool in
            guard s.headers == nil, !s.ended, s.failure == nil else { return false }
            s.headers = headers
            s.encoding = encoding
            return takeIdle(&s)
        }
        if kick { self.kick() }
    }

    /// The compression the response headers announce.
    var encoding: CompressionAlgorithm { state.withLock { $0.encoding } }

    /// No more messages; a server stream's final status rides along. The first end wins.
    func finish(_ end: End? = nil) {
        let kick = state.withLock { s -> Bool in
            guard !s.ended, s.failure == nil else { return false }
            s.ended = true
            s.end = end
            return takeIdle(&s)
        }
        if kick { self.kick() }
    }

    /// The stream is gone: buffered bytes are dropped and writers fail with `error`, or are
    /// ignored when it is nil (the call ended with OK).
    func fail(_ error: RPCError?) {
        let writers = state.withLock { s -> [UnsafeContinuation<Void, Never>] in
            if let error {
                if s.failure == nil && !s.ended { s.failure = error }
            } else {
                s.ended = true
            }
            s.chunks = OutboundChunks()
            s.chunkIndex = 0
            s.offset = 0
            s.buffered = 0
            s.refused = nil
            defer { s.writers = [] }
            return s.writers
        }
        for w in writers { w.resume() }
    }

    /// The peer has seen the stream: what was sent need not be kept any longer.
    func commit() {
        state.withLock { s in
            s.keepsSent = false
            s.sentBytes = 0
        }
    }

    /// Starts reading again from the first byte, for a new stream; false when what was sent is
    /// no longer kept (too much was sent, or the stream failed or was committed).
    func rewind() -> Bool {
        state.withLock { s in
            guard s.keepsSent, s.failure == nil else { return false }
            s.chunkIndex = 0
            s.offset = 0
            s.buffered += s.sentBytes
            s.sentBytes = 0
            return true
        }
    }

    /// Appends a message; true when the loop needs a kick to send it.
    private func queue(_ framed: [UInt8], _ s: inout State) -> Bool {
        s.chunks.append(framed)
        s.buffered += framed.count
        return takeIdle(&s)
    }

    private func takeIdle(_ s: inout State) -> Bool {
        guard s.loopIdle else { return false }
        s.loopIdle = false
        return true
    }

    // MARK: loop side

    /// What the loop needs to open a server response: headers (if set), whether messages or
    /// the end are waiting. Marks the buffer busy, so writers stop kicking until it runs dry.
    func openResponse() -> (headers: Metadata?, hasData: Bool, end: End??) {
        state.withLock { s in
            s.loopIdle = false
            return (s.headers, s.buffered > 0, s.ended ? .some(s.end) : nil)
        }
    }

    /// Marks the buffer idle: the loop will be kicked by the next write.
    func markIdle() {
        state.withLock { $0.loopIdle = true }
    }

    enum ReadResult {
        /// Bytes queued for the socket.
        case bytes(Int)
        /// Nothing now; the loop is kicked when more arrives.
        case wait
        /// Every byte was sent; the end (for a server stream) is returned.
        case end(Int, End?)
    }

    /// Moves up to `length` bytes to `output` (long messages shared, not copied).
    func read(into output: inout OutputQueue, length: Int) -> ReadResult {
        let (result, writers) = state.withLock { s -> (ReadResult, [UnsafeContinuation<Void, Never>]) in
            let wasFull = s.isFull(highWater)
            var copied = 0
            while copied < length, s.chunkIndex < s.chunks.count {
                let chunk = s.chunks[s.chunkIndex]
                let n = min(length - copied, chunk.count - s.offset)
                output.append(sharing: chunk[s.offset ..< s.offset + n])
                copied += n
                s.offset += n
                if s.offset == chunk.count {
                    s.chunkIndex += 1
                    s.offset = 0
                }
            }
            if s.keepsSent {
                s.sentBytes += copied
                if s.sentBytes > OutboundBuffer.replayLimit {
                    s.keepsSent = false
                    s.sentBytes = 0
                }
            }
            // Chunks read are dropped, unless kept for a retry.
            if !s.keepsSent {
                if s.chunkIndex == s.chunks.count {
                    s.chunks.removeAll()
                    s.chunkIndex = 0
                } else if s.chunkIndex > 64 {
                    s.chunks.removeFirst(s.chunkIndex)
                    s.chunkIndex = 0
                }
            }
            s.buffered -= copied
            var writers: [UnsafeContinuation<Void, Never>] = []
            // Wake waiting writers once half the buffer is free, not at the first free byte:
            // one wake-up per half buffer instead of one per DATA frame.
            if wasFull || !s.writers.isEmpty, s.isBelowLowWater(highWater) {
                writers = s.writers
                s.writers = []
            }
            if s.buffered == 0 && s.ended { return (.end(copied, s.end), writers) }
            if copied == 0 {
                s.loopIdle = true
                return (.wait, writers)
            }
            return (.bytes(copied), writers)
        }
        for w in writers { w.resume() }
        return result
    }
}
