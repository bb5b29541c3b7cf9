import Synchronization

/// Runs call deadlines on one shared thread, and forgets a cancelled one at once.
///
/// `Task.sleep` on Swift 6.3 for Linux keeps about 700 bytes per cancelled sleep until the
/// instant it was due (measured: 100,000 cancelled 60 s sleeps held 70 MB). Deadlines are
/// nearly always cancelled, since calls end before them, so a busy server with 30 s timeouts
/// would hold gigabytes. This timer drops a cancelled entry when it is cancelled. Any instant
/// is accepted: one beyond what the clock can count is simply never reached.
public final class DeadlineTimer: @unchecked Sendable {
    /// The process-wide timer.
    public static let shared = DeadlineTimer()

    /// A scheduled action, to cancel it.
    public struct Token: Sendable, Hashable {
        let id: UInt64
    }

    /// The longest the timer thread waits at once, so every `timespec` it computes stays small.
    static let longestWait = Duration.seconds(3600)

    /// What happens when an entry is due.
    private enum Job {
        case resume(UnsafeContinuation<Wake, Never>)
        case run(@Sendable () -> Void)

        func fire() {
            switch self {
            case .resume(let c): c.resume(returning: .due)
            case .run(let action): action()
            }
        }
    }

    private struct State {
        var heap = TimerHeap()
        var jobs: [UInt64: Job] = [:]
        var nextID: UInt64 = 0
        var started = false
        /// Set if the timer thread could not be created: entries fall back to `Task.sleep`.
        var unavailable = false
        /// Whether the timer thread is waiting, and until when (nil: until signalled).
        var sleeping = false
        var sleepingUntil: ContinuousClock.Instant? = nil

        mutating func newID() -> UInt64 {
            nextID &+= 1
            return nextID
        }
    }

    private let condition = MonotonicCondition()
    private var state = State()

    private init() {}

    /// Runs `action` (short, never blocking) on the timer thread at `deadline` unless cancelled first.
    public func schedule(at deadline: ContinuousClock.Instant, _ action: @escaping @Sendable () -> Void) -> Token {
        let (id, added) = locked { s -> (UInt64, Added) in
            let id = s.newID()
            s.jobs[id] = .run(action)
            return (id, add(TimerHeap.Entry(due: deadline, id: id), to: &s))
        }
        switch added {
        case .queued: break
        case .wake: condition.signal()
        case .noTimer: Task.detached { await self.fallback(id, deadline) }
        }
        return Token(id: id)
    }

    /// Forgets a scheduled action; true if it had not started to run.
    @discardableResult
    public func cancel(_ token: Token) -> Bool {
        take(token.id) != nil
    }

    /// Suspends until `deadline` (true) or until the calling task is cancelled (false).
    public func sleep(until deadline: ContinuousClock.Instant) async -> Bool {
        if deadline <= .now { return true }
        let id = locked { $0.newID() }
        let outcome = await withTaskCancellationHandler {
            await withUnsafeContinuation { (c: UnsafeContinuation<Wake, Never>) in
                let added = locked { s -> Added? in
                    if Task.isCancelled { return nil }
                    s.jobs[id] = .resume(c)
                    return add(TimerHeap.Entry(due: deadline, id: id), to: &s)
                }
                switch added {
                case nil: c.resume(returning: .cancelled)
                case .queued?: break
                case .wake?: condition.signal()
                case .noTimer?: Task.detached { await self.fallback(id, deadline) }
                }
            }
        } onCancel: {
            if case .resume(let c)? = take(id) { c.resume(returning: .cancelled) }
        }
        return outcome == .due
    }

    private enum Wake {
        case due, cancelled
    }

    private enum Added {
        case queued, wake, noTimer
    }

    /// Entries held now, live or cancelled and not yet dropped (for tests).
    var heldEntries: Int { locked { $0.heap.count } }

    /// Adds an entry; says whether the timer thread must be woken to see it.
    private func add(_ entry: TimerHeap.Entry, to s: inout State) -> Added {
        if !s.started {
            s.started = true
            s.unavailable = !startDetachedThread { self.run() }
        }
        if s.unavailable { return .noTimer }
        s.heap.push(entry)
        guard s.sleeping else { return .queued }
        return s.sleepingUntil.map { entry.due < $0 } ?? true ? .wake : .queued
    }

    /// Removes a job before it fires; its heap entry is dropped later.
    private func take(_ id: UInt64) -> Job? {
        locked { s -> Job? in
            guard let job = s.jobs.removeValue(forKey: id) else { return nil }
            // Drop dead entries once they outnumber live ones: memory stays proportional
            // to the entries in progress.
            let jobs = s.jobs
            s.heap.dropDead(liveCount: jobs.count) { jobs[$0] != nil }
            return job
        }
    }

    /// Used only if the timer thread could not be created.
    private func fallback(_ id: UInt64, _ deadline: ContinuousClock.Instant) async {
        while ContinuousClock.now < deadline {
            let step = min(deadline, .now + Self.longestWait)
            try? await Task.sleep(until: step, clock: .continuous)
            if locked({ $0.jobs[id] == nil }) { return }
        }
        take(id)?.fire()
    }

    private func locked<R>(_ body: (inout State) -> R) -> R {
        condition.lock()
        defer { condition.unlock() }
        return body(&state)
    }

    /// The timer thread: waits for the earliest entry, fires every due one.
    private func run() {
        condition.lock()
        while true {
            guard let first = state.heap.first else {
                wait(nil)
                continue
            }
            if state.jobs[first.id] == nil {
                state.heap.popFirst()
                continue
            }
            let now = ContinuousClock.now
            if first.due > now {
                // Compared before subtracting: `first.due - now` is then positive and small.
                wait(first.due - now > Self.longestWait ? Self.longestWait : first.due - now, from: now)
                continue
            }
            var due: [Job] = []
            while let entry = state.heap.first, entry.due <= now {
                state.heap.popFirst()
                if let job = state.jobs.removeValue(forKey: entry.id) { due.append(job) }
            }
            condition.unlock()
            for job in due { job.fire() }
            condition.lock()
        }
    }

    /// Waits, the mutex held, for a signal or for `duration` (at most `longestWait`) after `now`.
    private func wait(_ duration: Duration?, from now: ContinuousClock.Instant = .now) {
        state.sleeping = true
        state.sleepingUntil = duration.map { now + $0 }
        defer { state.sleeping = false }
        guard let duration else {
            condition.wait()
            return
        }
        condition.wait(until: condition.deadline(after: duration))
    }
}
