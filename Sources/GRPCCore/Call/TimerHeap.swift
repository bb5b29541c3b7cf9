/// Timers ordered by when they are due (a binary min-heap), for the threads that sleep until the
/// earliest: `DeadlineTimer` and the HTTP/2 event loop. A cancelled timer's entry stays until
/// it reaches the top, or until dead entries outnumber live ones and `dropDead` sweeps them, so
/// memory follows the timers in progress, not the ones cancelled before they were due.
package struct TimerHeap: Sendable {
    /// One timer: when it is due and the id its owner keeps the action under.
    package struct Entry: Sendable {
        package let due: ContinuousClock.Instant
        package let id: UInt64

        package init(due: ContinuousClock.Instant, id: UInt64) {
            self.due = due
            self.id = id
        }
    }

    private var entries: [Entry] = []

    package init() {}

    /// Entries held, live or cancelled.
    package var count: Int { entries.count }

    /// The entry due first.
    package var first: Entry? { entries.first }

    package mutating func push(_ entry: Entry) {
        entries.append(entry)
        var i = entries.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if entries[parent].due <= entries[i].due { break }
            entries.swapAt(parent, i)
            i = parent
        }
    }

    /// Removes the entry due first.
    package mutating func popFirst() {
        let last = entries.removeLast()
        guard !entries.isEmpty else { return }
        entries[0] = last
        siftDown(from: 0)
    }

    /// Drops the entries `isLive` rejects, once there are more than 64 and more than twice
    /// `liveCount`.
    package mutating func dropDead(liveCount: Int, isLive: (UInt64) -> Bool) {
        guard entries.count > 64 && entries.count > 2 * liveCount else { return }
        entries = entries.filter { isLive($0.id) }
        var i = entries.count / 2
        while i > 0 {
            i -= 1
            siftDown(from: i)
        }
    }

    private mutating func siftDown(from start: Int) {
        var i = start
        while true {
            let left = 2 * i + 1
            if left >= entries.count { return }
            var smallest = left
            if left + 1 < entries.count && entries[left + 1].due < entries[left].due { smallest = left + 1 }
            if entries[i].due <= entries[smallest].due { return }
            entries.swapAt(i, smallest)
            i = smallest
        }
    }
}
