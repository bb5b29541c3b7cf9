import Synchronization

/// A unary or server-streaming call from across a wire: its one request kept in place of a
/// `StreamQueue` (no queue, batch array or iterator per call, and none of the generic look-ups
/// they cost), credited to the peer at once. The handler takes the request once the request
/// stream has ended with exactly one, as `MessageStream.single` would.
final class OneRequestCall<Req: Sendable, Res: Sendable>: EncodingResponseSink<Res>, RemoteServerCall, @unchecked Sendable {
    private let method: ServerMethod<Req, Res>
    private let state = Mutex(OneRequestState())
    /// The request. Written once, on the transport's thread, before the stream ends (its
    /// `state` says so); read by the handler only after it saw the end under the lock. Kept
    /// out of the lock's closures, which then never look up the request type's metadata.
    /// Those two accesses never overlap: no run-time exclusivity check.
    @exclusivity(unchecked) private nonisolated(unsafe) var request: Req?

    init(method: ServerMethod<Req, Res>, responses: any RemoteResponseSink, context: ServerContext, sendLimit: Int?) {
        self.method = method
        super.init(base: responses, codec: method.method.responseCodec, context: context, sendLimit: sendLimit)
    }

    // MARK: the transport's side

    /// A second request ends the stream with UNIMPLEMENTED, as the gRPC spec names a
    /// cardinality violation; one that does not decode, with INTERNAL.
    func receive(_ message: UnsafeRawBufferPointer) {
        let request: Req
        do { request = try method.method.requestCodec.deserializeBorrowed(message) } catch {
            return finishRequests(RPCError(.internal, "failed to deserialize request: \(error)"))
        }
        let (keep, waiter) = state.withLock { $0.received() }
        if keep { self.request = request }
        waiter?.resume()
    }

    func deliver(wireBytes: Int, creditLimit: Int) -> Int { wireBytes }

    /// Ignored once the stream has ended cleanly, as `StreamQueue.abort` keeps a finished
    /// stream's messages for its consumer.
    func finishRequests(_ error: RPCError?) {
        state.withLock { $0.end(error) }?.resume()
    }

    func releaseHeld() -> Int { 0 }

    nonisolated(nonsending) func run() async {
        await method.run(requests: .one(self), responses: self, context: context)
    }

    // MARK: the handler's side

    /// The request, once the stream has ended with exactly one; throws the stream's error,
    /// UNIMPLEMENTED for none, or CANCELLED when the handler's task is cancelled first.
    nonisolated(nonsending) func take() async throws(RPCError) -> Req {
        while true {
            switch state.withLock({ $0.outcome() }) {
            case .ready: return request.unsafelyUnwrapped
            case .failed(let error): throw error
            case .wait: break
            }
            if Task.isCancelled { throw RPCError(.cancelled, "the receiving task was cancelled") }
            await withTaskCancellationHandler {
                await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
                    // Cancellation is checked under the lock: a cancel before parking is not lost.
                    if state.withLock({ $0.park(c, cancelled: Task.isCancelled) }) { c.resume() }
                }
            } onCancel: {
                state.withLock { $0.takeWaiter() }?.resume()
            }
        }
    }

    /// The handler is done: later messages are dropped.
    func close() {
        state.withLock { $0.closed = true }
    }
}

/// What a `OneRequestCall`'s lock guards. Not generic (the request is kept beside it, and a
/// type nested in a generic class would be generic too), so locking it looks up no metadata.
private struct OneRequestState: @unchecked Sendable {
    var hasRequest = false
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

    /// A request arrived: whether to keep it (the first), and who to wake (a second one ends
    /// the stream).
    mutating func received() -> (keep: Bool, wake: UnsafeContinuation<Void, Never>?) {
        guard !ended, !closed else { return (false, nil) }
        if !hasRequest {
            hasRequest = true
            return (true, nil)
        }
        hasRequest = false
        ended = true
        error = RPCError(.unimplemented, "expected one request, got more")
        return (false, takeWaiter())
    }

    mutating func end(_ error: RPCError?) -> UnsafeContinuation<Void, Never>? {
        guard !ended else { return nil }
        ended = true
        self.error = error
        if error != nil { hasRequest = false }
        return takeWaiter()
    }

    func outcome() -> OneRequestOutcome {
        guard ended else { return .wait }
        if let error { return .failed(error) }
        return hasRequest ? .ready : .failed(RPCError(.unimplemented, "expected one request, got none"))
    }

    /// Parks the handler until the stream ends; true (not parked) if it need not wait.
    mutating func park(_ c: UnsafeContinuation<Void, Never>, cancelled: Bool) -> Bool {
        if ended || cancelled { return true }
        waiter = c
        return false
    }
}

private enum OneRequestOutcome {
    case ready, wait
    case failed(RPCError)
}
