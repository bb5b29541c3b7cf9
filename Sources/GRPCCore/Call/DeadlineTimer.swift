#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Sleeps until call deadlines on one shared thread, and forgets a cancelled sleep at once.
///
/// `Task.sleep` on Swift 6.3 for Linux keeps about 700 bytes per cancelled sleep until the
/// instant it was due (measured: 100,000 cancelled 60 s sleeps held 70 MB). Deadlines are
/// nearly always cancelled, since calls end before them, so a busy server with 30 s timeouts
/// would hold gigabytes. This timer drops a cancelled entry when it is cancelled.
public final class DeadlineTimer: @unchecked Sendable {
    /// The process-wide timer.
    public static let shared = DeadlineTimer()

    private struct Entry {
        let due: ContinuousClock.Instant
        let id: UInt64
    }

    private struct State {
        var heap: [Entry] = []
        var waiting: [UInt64: UnsafeContinuation<Wake, Never>] = [:]
        var nextID: UInt64 = 0
        var started = false
        /// Set if the timer thread could not be created: sleeps fall back to `Task.sleep`.
        var unavailable = false
    }

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var state = State()

    private init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    /// Suspends until `deadline` (true) or until the calling task is cancelled (false).
    public func sleep(until deadline: ContinuousClock.Instant) async -> Bool {
        if deadline <= .now { return true }
        if locked({ $0.unavailable }) { return await fallbackSleep(until: deadline) }
        let id = locked { s -> UInt64 in
            s.nextID &+= 1
            return s.nextID
        }
        let outcome = await withTaskCancellationHandler {
            await withUnsafeContinuation { (c: UnsafeContinuation<Wake, Never>) in
                let now = locked { s -> Wake? in
                    if Task.isCancelled { return .cancelled }
                    if !s.started {
                        s.started = true
                        s.unavailable = !startThread()
                    }
                    if s.unavailable { return .noTimer }
                    s.waiting[id] = c
                    push(Entry(due: deadline, id: id), into: &s)
                    return nil
                }
                if let now {
                    c.resume(returning: now)
                } else {
                    pthread_cond_signal(condition)
                }
            }
        } onCancel: {
            let c = locked { s -> UnsafeContinuation<Wake, Never>? in
                guard let c = s.waiting.removeValue(forKey: id) else { return nil }
                // Drop dead entries once they outnumber live ones: memory stays proportional
                // to the sleeps in progress.
                if s.heap.count > 64 && s.heap.count > 2 * s.waiting.count {
                    s.heap = s.heap.filter { s.waiting[$0.id] != nil }
                    heapify(&s.heap)
                }
                return c
            }
            c?.resume(returning: .cancelled)
        }
        switch outcome {
        case .due: return true
        case .cancelled: return false
        case .noTimer: return await fallbackSleep(until: deadline)
        }
    }

    private enum Wake {
        case due, cancelled, noTimer
    }

    /// Used only if the timer thread could not be created.
    private func fallbackSleep(until deadline: ContinuousClock.Instant) async -> Bool {
        do { try await Task.sleep(until: deadline, clock: .continuous) } catch { return false }
        return true
    }

    /// Entries held now, live or cancelled and not yet dropped (for tests).
    var heldEntries: Int { locked { $0.heap.count } }

    private func locked<R>(_ body: (inout State) -> R) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body(&state)
    }

    private func startThread() -> Bool {
        var thread = pthread_t()
        let box = Unmanaged.passRetained(self)
        let created = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<DeadlineTimer>.fromOpaque(raw).takeRetainedValue().run()
            return nil
        }, box.toOpaque())
        guard created == 0 else {
            box.release()
            return false
        }
        pthread_detach(thread)
        return true
    }

    /// The timer thread: waits for the earliest entry, resumes every due sleeper.
    private func run() {
        pthread_mutex_lock(mutex)
        while true {
            guard let first = state.heap.first else {
                pthread_cond_wait(condition, mutex)
                continue
            }
            if state.waiting[first.id] == nil {
                pop(from: &state)
                continue
            }
            let now = ContinuousClock.now
            if first.due > now {
                var until = timespec()
                clock_gettime(CLOCK_MONOTONIC, &until)
                let (seconds, attoseconds) = (first.due - now).components
                let nanoseconds = Int(attoseconds / 1_000_000_000) + until.tv_nsec + 1
                until.tv_sec += Int(seconds) + nanoseconds / 1_000_000_000
                until.tv_nsec = nanoseconds % 1_000_000_000
                pthread_cond_timedwait(condition, mutex, &until)
                continue
            }
            var due: [UnsafeContinuation<Wake, Never>] = []
            while let entry = state.heap.first, entry.due <= now {
                pop(from: &state)
                if let c = state.waiting.removeValue(forKey: entry.id) { due.append(c) }
            }
            pthread_mutex_unlock(mutex)
            for c in due { c.resume(returning: .due) }
            pthread_mutex_lock(mutex)
        }
    }

    // MARK: binary min-heap on `due`

    private func push(_ entry: Entry, into s: inout State) {
        s.heap.append(entry)
        var i = s.heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if s.heap[parent].due <= s.heap[i].due { break }
            s.heap.swapAt(parent, i)
            i = parent
        }
    }

    private func pop(from s: inout State) {
        let last = s.heap.removeLast()
        guard !s.heap.isEmpty else { return }
        s.heap[0] = last
        siftDown(&s.heap, from: 0)
    }

    private func heapify(_ heap: inout [Entry]) {
        var i = heap.count / 2
        while i > 0 {
            i -= 1
            siftDown(&heap, from: i)
        }
    }

    private func siftDown(_ heap: inout [Entry], from start: Int) {
        var i = start
        while true {
            let left = 2 * i + 1
            if left >= heap.count { return }
            var smallest = left
            if left + 1 < heap.count && heap[left + 1].due < heap[left].due { smallest = left + 1 }
            if heap[i].due <= heap[smallest].due { return }
            heap.swapAt(i, smallest)
            i = smallest
        }
    }
}
