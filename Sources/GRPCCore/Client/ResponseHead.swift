import Synchronization

/// The response headers, final status and trailers of one client call, as they arrive.
/// A transport fills it; the first headers and the first end win.
public final class ResponseHead: Sendable {
    private struct State: Sendable {
        var headers: Metadata?
        var ended = false
        var error: RPCError?
        var trailers: Metadata?
        var waiters: [UnsafeContinuation<Void, Never>] = []
        var compressedFlags: [Bool] = []
    }
    private let state = Mutex(State())

    /// Creates an empty head.
    public init() {}

    /// Records the response headers; later calls are ignored.
    public func receivedHeaders(_ headers: Metadata) {
        let waiters = state.withLock { s -> [UnsafeContinuation<Void, Never>] in
            guard s.headers == nil, !s.ended else { return [] }
            s.headers = headers
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume() }
    }

    /// Records the end of the call; nil error is OK. Later calls are ignored.
    public func finished(error: RPCError?, trailers: Metadata) {
        let waiters = state.withLock { s -> [UnsafeContinuation<Void, Never>] in
            guard !s.ended else { return [] }
            s.ended = true
            s.error = error
            s.trailers = trailers
            if s.headers == nil && error == nil { s.headers = Metadata() }
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume() }
    }

    /// The response headers, once they arrive. Throws the call's error if it ended without
    /// headers (a trailers-only response), or CANCELLED if the waiting task is cancelled.
    public func headers() async throws -> Metadata {
        while true {
            let outcome = state.withLock { s -> Result<Metadata, RPCError>? in
                if let h = s.headers { return .success(h) }
                if s.ended { return .failure(s.error ?? RPCError(.internal, "call ended without headers")) }
                return nil
            }
            if let outcome { return try outcome.get() }
            if Task.isCancelled { throw RPCError(.cancelled, "cancelled while waiting for headers") }
            await withTaskCancellationHandler {
                await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
                    let now = state.withLock { s -> Bool in
                        if s.headers != nil || s.ended { return true }
                        s.waiters.append(c)
                        return false
                    }
                    if now { c.resume() }
                }
            } onCancel: {
                let waiters = state.withLock { s -> [UnsafeContinuation<Void, Never>] in
                    defer { s.waiters = [] }
                    return s.waiters
                }
                for w in waiters { w.resume() }
            }
        }
    }

    /// Whether each response message received so far had the compressed flag set on the wire,
    /// in arrival order; recorded only when the call's options ask
    /// (`CallOptions.recordsMessageCompression`). A message's flag is recorded before the
    /// message can be read.
    public var compressedMessageFlags: [Bool] { state.withLock { $0.compressedFlags } }

    /// Appends the wire compression flags of newly received response messages.
    package func recordCompressed(_ flags: [Bool]) {
        state.withLock { $0.compressedFlags.append(contentsOf: flags) }
    }

    /// The trailers, once the call has ended; nil before.
    public var trailers: Metadata? { state.withLock { $0.trailers } }

    /// The final status: nil while running, `.success` for OK, `.failure` with the error.
    public var result: Result<Void, RPCError>? {
        state.withLock { s in
            guard s.ended else { return nil }
            if let e = s.error { return .failure(e) }
            return .success(())
        }
    }
}
