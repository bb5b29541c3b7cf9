import Synchronization

/// The task running one call's handler, so that a deadline can cancel it from the timer thread.
final class HandlerTask: Sendable {
    /// The handler's task; published only while the handler runs, so it is never used after its end.
    private struct Published: @unchecked Sendable {
        let task: UnsafeCurrentTask
    }

    private struct State: Sendable {
        var task: Published? = nil
        var ended = false
        var cancelled = false
    }

    private let state = Mutex(State())

    /// Whether `cancel` came before the handler ended.
    var wasCancelled: Bool { state.withLock { $0.cancelled } }

    /// Runs `body` as the handler in the current task, which `cancel` cancels until `body` returns.
    func run<T>(_ body: () async throws -> T) async rethrows -> T {
        withUnsafeCurrentTask { task in
            state.withLock { s in
                if s.cancelled { task?.cancel() }
                s.task = task.map(Published.init)
            }
        }
        defer {
            state.withLock { s in
                s.task = nil
                s.ended = true
            }
        }
        return try await body()
    }

    /// Unless the handler has ended, runs `first` and cancels the handler's task (now, or as it starts).
    func cancel(after first: () -> Void = {}) {
        state.withLock { s in
            guard !s.ended else { return }
            s.cancelled = true
            first()
            s.task?.task.cancel()
        }
    }
}
