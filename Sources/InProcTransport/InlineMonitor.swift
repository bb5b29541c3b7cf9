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

    private let condition = MonotonicCondition()
    private var entries: [Entry] = []
    private var polls: UInt64 = 0
    private var idlePolls = 0
    /// Whether the thread sleeps until signalled.
    private var sleeping = false
    private var started = false
    private var unavailable = false

    private init() {}

    /// Starts watching a handler about to run inline; false if there is no monitor thread
    /// (then the caller must not keep its consumer waiting on the handler).
    func watch(_ consumer: ConsumerStart, writingTo responses: any BufferedCount) -> Bool {
        condition.lock()
        if !started {
            started = true
            unavailable = !startDetachedThread { self.run() }
        }
        if unavailable {
            condition.unlock()
            return false
        }
        entries.append(Entry(consumer: consumer, responses: responses, since: polls, seen: 0))
        let wake = sleeping
        sleeping = false
        condition.unlock()
        if wake { condition.signal() }
        return true
    }

    /// Stops watching: the handler gave the thread back.
    func unwatch(_ consumer: ConsumerStart) {
        condition.lock()
        if let i = entries.firstIndex(where: { $0.consumer === consumer }) {
            entries.swapAt(i, entries.count - 1)
            entries.removeLast()
        }
        condition.unlock()
    }

    private func run() {
        condition.lock()
        while true {
            if entries.isEmpty && idlePolls >= Self.lingerPolls {
                sleeping = true
                while sleeping { condition.wait() }
                idlePolls = 0
            }
            let due = condition.deadline(after: Self.period)
            while !condition.wait(until: due) {}
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
            condition.unlock()
            for consumer in moving { consumer.move() }
            condition.lock()
        }
    }
}

/// What the monitor reads of a response queue.
protocol BufferedCount: AnyObject, Sendable {
    /// Messages written and not yet taken.
    var buffered: Int { get }
}

extension StreamQueue: BufferedCount {}
