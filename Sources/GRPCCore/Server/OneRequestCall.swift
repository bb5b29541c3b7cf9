import Synchronization

/// A unary or server-streaming call from across a wire: its one request kept in place of a
/// `StreamQueue` (no queue, batch array or iterator per call, and none of the generic look-ups
/// they cost), credited to the peer at once. The handler takes the request once the request
/// stream has ended with exactly one, as `MessageStream.single` would.
final class OneRequestCall<Req: Sendable, Res: Sendable>: EncodingResponseSink<Res>, RemoteServerCall, @unchecked Sendable {
    private let method: ServerMethod<Req, Res>
    private let state = Mutex(OneRequestState())
    /// The request; read and written only under `state`'s lock.
    private nonisolated(unsafe) var request: Req?

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
        let waiter = state.withLock { s -> UnsafeContinuation<Void, Never>? in
            guard !s.ended, !s.closed else { return nil }
            if !s.hasRequest {
                s.hasRequest = true
                self.request = request
                return nil
            }
            s.hasRequest = false
            self.request = nil
            s.ended = true
            s.error = RPCError(.unimplemented, "expected one request, got more")
            return s.takeWaiter()
        }
        waiter?.resume()
    }

    func deliver(wireBytes: Int, creditLimit: Int) -> Int { wireBytes }

    /// Ignored once the stream has ended cleanly, as `StreamQueue.abort` keeps a finished
    /// stream's messages for its consumer.
    func finishRequests(_ error: RPCError?) {
        let waiter = state.withLock { s -> UnsafeContinuation<Void, Never>? in
            guard !s.ended else { return nil }
            s.ended = true
            s.error = error
            if error != nil && s.hasRequest {
                s.hasRequest = false
                self.request = nil
            }
            return s.takeWaiter()
        }
        waiter?.resume()
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
            let outcome = state.withLock { s -> OneRequestOutcome in
                guard s.ended else { return .wait }
                if let error = s.error { return .failed(error) }
                guard s.hasRequest else { return .failed(RPCError(.unimplemented, "expected one request, got none")) }
                return .ready
            }
            switch outcome {
            case .ready: return state.withLock { _ in self.request.unsafelyUnwrapped }
            case .failed(let error): throw error
            case .wait: break
            }
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
            if s.hasRequest {
                s.hasRequest = false
                self.request = nil
            }
        }
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
}

private enum OneRequestOutcome {
    case ready, wait
    case failed(RPCError)
}
