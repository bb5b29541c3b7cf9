#if canImport(Glibc)
import Glibc
#endif

/// A pthread mutex and a condition whose timed waits run on the monotonic clock: what the
/// runtime's own threads (the deadline timer, the in-process monitor) sleep on.
package final class MonotonicCondition: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    package init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    package func lock() { pthread_mutex_lock(mutex) }
    package func unlock() { pthread_mutex_unlock(mutex) }
    package func signal() { pthread_cond_signal(condition) }

    /// Waits, the mutex held, until signalled (or woken spuriously).
    package func wait() {
        pthread_cond_wait(condition, mutex)
    }

    /// The monotonic instant `duration` (small and positive) from now, for `wait(until:)`.
    package func deadline(after duration: Duration) -> timespec {
        var until = timespec()
        clock_gettime(CLOCK_MONOTONIC, &until)
        let (seconds, attoseconds) = duration.components
        let nanoseconds = Int(attoseconds / 1_000_000_000) + until.tv_nsec + 1
        until.tv_sec += Int(seconds) + nanoseconds / 1_000_000_000
        until.tv_nsec = nanoseconds % 1_000_000_000
        return until
    }

    /// Waits, the mutex held, until signalled (or woken spuriously: false) or `deadline` (true).
    @discardableResult
    package func wait(until deadline: timespec) -> Bool {
        var deadline = deadline
        return pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT
    }
}

/// Starts a detached thread that runs `body`; false if the system refused one.
package func startDetachedThread(_ body: @escaping @Sendable () -> Void) -> Bool {
    final class Start {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    var thread = pthread_t()
    let box = Unmanaged.passRetained(Start(body))
    let created = pthread_create(&thread, nil, { raw in
        guard let raw else { return nil }
        Unmanaged<Start>.fromOpaque(raw).takeRetainedValue().body()
        return nil
    }, box.toOpaque())
    guard created == 0 else {
        box.release()
        return false
    }
    pthread_detach(thread)
    return true
}
