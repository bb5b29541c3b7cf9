import Synchronization

/// The one request of a unary or server-streaming call from across a wire: what a
/// `StreamQueue` and `MessageStream.single` do for such a call, without the queue, its batch
/// array and its iterator (a quarter of an empty unary call's generic-metadata look-ups and
/// three of its allocations). The handler takes the request once the request stream has ended.
final class SingleRequest<Request: Sendable>: Sendable {
    private struct State: @unchecked Sendable {
        var request: Request?
        /// Set once the request stream is over: cleanly (`error` nil) or not.
        var ended = false
        var error: RPCError?
        /// The handler stopped reading: later messages are dropped.
        var closed = false
        var waiter: UnsafeContinuation<Void, Never>?

        mutating func takeWaiter() -> UnsafeContinuation<Void, Never>? {
            defer { waiter = nil }
            return waiter
        }
    }

    private let state = Mutex(State())

    /// A decoded request; a second one ends the stream with UNIMPLEMENTED, as the gRPC spec
    /// names a cardinality violation.
    func receive(_ request: Request) {
        let waiter = state.withLock { s -> UnsafeContinuation<Void, Never>? in
            guard !s.ended, !s.closed else { return nil }
            if s.request == nil {
                s.request = request
                return nil
            }
            s.request = nil
            s.ended = true
            s.error = RPCError(.unimplemented, "expected one request, got more")
            return s.takeWaiter()
        }
        waiter?.resume()
    }

    /// Ends the request stream: nil after the client's last message, else with an error
    /// (ignored once the stream has ended cleanly, as `StreamQueue.abort` keeps a finished
    /// stream's messages for its consumer).
    func finish(_ error: RPCError?) {
        let waiter = state.withLock { s -> UnsafeContinuation<Void, Never>? in
            guard !s.ended else { return nil }
            s.ended = true
            s.error = error
            if error != nil { s.request = nil }
            return s.takeWaiter()
        }
        waiter?.resume()
    }

    /// The request, once the stream has ended with exactly one; throws the stream's error,
    /// UNIMPLEMENTED for none, or CANCELLED when the handler's task is cancelled first.
    func take() async throws(RPCError) -> Request {
        while true {
            let outcome = state.withLock { s -> Result<Request, RPCError>? in
                guard s.ended else { return nil }
                if let error = s.error { return .failure(error) }
                guard let request = s.request else {
                    return .failure(RPCError(.unimplemented, "expected one request, got none"))
                }
                return .success(request)
            }
            if let outcome { return try outcome.get() }
            if Task.isCancelled { throw RPCError(.cancelled, "the receiving task was cancelled") }
            await withTaskCancellationHandler {
                await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
                    // Cancellation is checked under the lock: a cancel before parking is not lost.
                    let now = state.withLock { s -> Bool in
                        if s.ended || Task.isCancelled { return true }
                        s.waiter = c
                        return false
                    }
                    if now { c.resume() }
                }
            } onCancel: {
                state.withLock { $0.takeWaiter() }?.resume()
            }
        }
    }

    /// The handler is done: the request is dropped and later messages with it.
    func close() {
        state.withLock { s in
            s.closed = true
            s.request = nil
        }
    }
}
