import Synchronization

/// A first-come, first-served lock for async code: one holder at a time, waiters resume in
/// order. The proxy's backend tasks take it to write to the one response stream they share.
final class AsyncGate: Sendable {
    private struct State: Sendable {
        var held = false
        var waiters: [UnsafeContinuation<Void, Never>] = []
        var head = 0
    }

    private let state = Mutex(State())

    /// Runs `body` while holding the gate.
    func withGate<R>(_ body: () async throws -> R) async rethrows -> R {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        let free = state.withLock { s -> Bool in
            if s.held { return false }
            s.held = true
            return true
        }
        if free { return }
        await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.held {
                    s.waiters.append(c)
                    return false
                }
                s.held = true
                return true
            }
            if now { c.resume() }
        }
    }

    /// Hands the gate to the first waiter (which then holds it), or frees it.
    private func release() {
        let next = state.withLock { s -> UnsafeContinuation<Void, Never>? in
            guard s.head < s.waiters.count else {
                s.waiters.removeAll(keepingCapacity: true)
                s.head = 0
                s.held = false
                return nil
            }
            defer { s.head += 1 }
            return s.waiters[s.head]
        }
        next?.resume()
    }
}
