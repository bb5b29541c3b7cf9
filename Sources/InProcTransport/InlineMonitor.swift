#if canImport(Glibc)
import Glibc
#endif
import GRPCCore

/// Watches handlers that run inline on their caller's thread, and moves the caller's consumer
/// to the thread pool when a handler keeps the thread without making progress.
///
/// A handler that computes without suspending cannot be interrupted, so while it runs inline
/// nothing it wrote can reach the client. A handler that writes in a burst keeps the thread
/// until it ends or fills the buffer, and its consumer then takes the whole batch on the
/// same thread, with no thread hop. The monitor moves the consumer when a handler has
/// written nothing for a poll period (it is computing: what it wrote reaches the client
/// within two periods, 0.15 to 0.3 ms), or when it has held the thread for `longestInline`
/// (a steady trickle of writes still reaches the client within 0.6 ms). Like Go's sysmon,
/// the monitor thread polls only while something runs inline (and for a little while after),
/// and otherwise sleeps until a handler starts.
final class InlineMonitor: @unchecked Sendable {
    static let shared = InlineMonitor()

    /// How often the monitor looks.
    static let period = Duration.microseconds(150)
    /// Polls after which a handler still inline has its consumer moved, progress or not.
    static let longestInline: UInt64 = 4
    /// Polls with nothing inline before the monitor sleeps until the next watch (10 ms).
    static let lingerPolls = 66

    private struct Entry {
        let consumer: ConsumerStart
        /// The responses the handler writes; their count tells whether it makes progress.
        let responses: any BufferedCount
        /// The poll count when the watch began.
        let since: UInt64
        /// Messages buffered at the last poll.
        var seen: Int
    }

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var entries: [Entry] = []
    private var polls: UInt64 = 0
    private var idlePolls = 0
    /// Whether the thread sleeps until signalled.
    private var sleeping = false
    private var started = false
    private var unavailable = false

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

    /// Starts watching a handler about to run inline; false if there is no monitor thread
    /// (then the caller must not keep its consumer waiting on the handler).
    func watch(_ consumer: ConsumerStart, writingTo responses: any BufferedCount) -> Bool {
        pthread_mutex_lock(mutex)
        if !started {
            started = true
            unavailable = !startThread()
        }
        if unavailable {
            pthread_mutex_unlock(mutex)
            return false
        }
        entries.append(Entry(consumer: consumer, responses: responses, since: polls, seen: 0))
        let wake = sleeping
        sleeping = false
        pthread_mutex_unlock(mutex)
        if wake { pthread_cond_signal(condition) }
        return true
    }

    /// Stops watching: the handler gave the thread back.
    func unwatch(_ consumer: ConsumerStart) {
        pthread_mutex_lock(mutex)
        if let i = entries.firstIndex(where: { $0.consumer === consumer }) {
            entries.swapAt(i, entries.count - 1)
            entries.removeLast()
        }
        pthread_mutex_unlock(mutex)
    }

    private func startThread() -> Bool {
        var thread = pthread_t()
        let box = Unmanaged.passRetained(self)
        let created = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<InlineMonitor>.fromOpaque(raw).takeRetainedValue().run()
            return nil
        }, box.toOpaque())
        guard created == 0 else {
            box.release()
            return false
        }
        pthread_detach(thread)
        return true
    }

    private func run() {
        let step = Self.period.components.attoseconds / 1_000_000_000
        pthread_mutex_lock(mutex)
        while true {
            if entries.isEmpty && idlePolls >= Self.lingerPolls {
                sleeping = true
                while sleeping { pthread_cond_wait(condition, mutex) }
                idlePolls = 0
            }
            var due = timespec()
            clock_gettime(CLOCK_MONOTONIC, &due)
            due.tv_nsec += Int(step)
            if due.tv_nsec >= 1_000_000_000 {
                due.tv_sec += 1
                due.tv_nsec -= 1_000_000_000
            }
            while pthread_cond_timedwait(condition, mutex, &due) == 0 {}
            polls &+= 1
            if entries.isEmpty {
                idlePolls += 1
                continue
            }
            idlePolls = 0
            var moving: [ConsumerStart] = []
            var i = 0
            while i < entries.count {
                let age = polls &- entries[i].since
                let buffered = entries[i].responses.buffered
                if age >= Self.longestInline || (age >= 2 && buffered == entries[i].seen) {
                    moving.append(entries[i].consumer)
                    entries.swapAt(i, entries.count - 1)
                    entries.removeLast()
                } else {
                    entries[i].seen = buffered
                    i += 1
                }
            }
            if moving.isEmpty { continue }
            pthread_mutex_unlock(mutex)
            for consumer in moving { consumer.move() }
            pthread_mutex_lock(mutex)
        }
    }
}

/// What the monitor reads of a response queue.
protocol BufferedCount: AnyObject, Sendable {
    /// Messages written and not yet taken.
    var buffered: Int { get }
}

extension StreamQueue: BufferedCount {}
