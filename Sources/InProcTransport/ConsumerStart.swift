import Synchronization

/// Where the stand-in consumer of a streaming call starts: the task that runs the caller's
/// body if the handler, running inline on the caller's thread, keeps that thread too long.
///
/// The task is created before the handler starts, with this executor as its preference, so
/// its first job waits here. If the handler gives the thread back in time, the caller starts
/// the job right there, tells it it is not needed (it ends at once) and runs its body itself:
/// a fast handler and its consumer never change thread. If the handler holds the thread too
/// long (see `InlineMonitor`), the job moves to the thread pool and runs the body there, so
/// the client reads what the handler writes while it computes. Every later job of that task
/// goes to the pool. (A task executor preference makes each executor hop of the task take a
/// lock, about 30 ns: the body runs in this task only when it had to move.)
final class ConsumerStart: TaskExecutor, Sendable {
    private enum State: Sendable {
        case empty
        case held(UnownedJob)
        case started
    }

    private let state = Mutex(State.empty)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let held = state.withLock { s -> Bool in
            guard case .empty = s else { return false }
            s = .held(job)
            return true
        }
        if !held { Self.toPool(job) }
    }

    /// If the consumer has not started, runs `prepare` and then the held first job on this
    /// thread, until it ends or suspends; false if the job had already moved.
    func startHere(after prepare: () -> Void) -> Bool {
        guard let job = take() else { return false }
        prepare()
        job.runSynchronously(on: asUnownedTaskExecutor())
        return true
    }

    /// Sends the held first job to the thread pool, unless it has already started.
    func move() {
        if let job = take() { Self.toPool(job) }
    }

    private func take() -> UnownedJob? {
        state.withLock { s in
            defer { s = .started }
            if case .held(let job) = s { return job }
            return nil
        }
    }

    private static func toPool(_ job: UnownedJob) {
        globalConcurrentExecutor.enqueue(ExecutorJob(job))
    }
}
