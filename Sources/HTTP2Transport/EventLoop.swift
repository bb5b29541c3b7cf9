import CLinuxShim
import GRPCCore
import Glibc
import Synchronization

/// Something the loop calls when its file descriptor is ready; called on the loop thread only.
protocol LoopHandler: AnyObject {
    /// `events` is the epoll event mask.
    func handle(events: UInt32)
}

/// Something the loop flushes once at the end of a tick, however often it was marked.
protocol LoopFlushable: AnyObject {
    func flush()
    /// Whether the loop also flushes it every `earlyFlushJobs` jobs within a tick.
    var flushesEarly: Bool { get }
}

/// One thread that owns sockets and nghttp2 sessions (DESIGN decision 4). Tasks post work through
/// a locked inbox and an eventfd; it is also a `TaskExecutor`, so a task that prefers it runs on
/// the loop thread and touches loop-owned state without a thread hop.
public final class EventLoop: TaskExecutor, @unchecked Sendable {
    /// The process-wide loop every transport uses unless given another.
    public static let shared = EventLoop(name: "grpc-mini-loop")

    private enum Work: @unchecked Sendable {
        case closure(@Sendable () -> Void)
        case job(UnownedJob)
    }

    private struct Inbox: Sendable {
        var work: [Work] = []
        var wakePending = false
    }

    private let epollFD: Int32
    private let wakeFD: Int32
    private let inbox = Mutex(Inbox())
    private let loopThread = Atomic<UInt>(0)
    private let name: String
    /// Where connections on this loop read socket bytes (one read at a time on one thread).
    let readBuffer = UnsafeMutableRawPointer.allocate(byteCount: EventLoop.readChunk, alignment: 16)
    /// Bytes read per `read` call.
    static let readChunk = 64 * 1024

    // Loop-thread state.
    private var handlers: [Int32: LoopHandler] = [:]
    private var timerHeap = TimerHeap()
    private var timerActions: [UInt64: () -> Void] = [:]
    private var nextTimerID: UInt64 = 0
    // Loop-confined, and each copied out before its entries run (a flush may mark again):
    // no run-time exclusivity checks on these per-tick accesses.
    @exclusivity(unchecked) private var flushList: [LoopFlushable] = []
    @exclusivity(unchecked) private var flushMarked = Set<ObjectIdentifier>()
    /// Targets in `flushList` that flush early.
    @exclusivity(unchecked) private var earlyMarked = 0

    /// Starts a loop on its own thread; it runs for the life of the process.
    public init(name: String) {
        self.name = name
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        wakeFD = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        precondition(epollFD >= 0 && wakeFD >= 0, "epoll/eventfd unavailable: \(errno)")
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = wakeFD
        epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, &event)
        precondition(startDetachedThread { self.run() }, "cannot start the event loop thread: \(errno)")
    }

    /// Whether the calling thread is this loop's thread.
    public var inLoop: Bool { loopThread.load(ordering: .relaxed) == pthread_self() }

    /// Runs `work` on the loop thread, soon.
    public func execute(_ work: @escaping @Sendable () -> Void) {
        post(.closure(work))
    }

    /// Runs `work` on the loop thread: now if called there, else soon.
    func executeOrRun(_ work: @escaping @Sendable () -> Void) {
        if inLoop { work() } else { post(.closure(work)) }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        post(.job(UnownedJob(job)))
    }

    private func post(_ work: Work) {
        let onLoop = inLoop
        let wake = inbox.withLock { s -> Bool in
            s.work.append(work)
            if s.wakePending || onLoop { return false }
            s.wakePending = true
            return true
        }
        if wake {
            var one: UInt64 = 1
            _ = Glibc.write(wakeFD, &one, 8)
        }
    }

    // MARK: loop-thread API

    /// Watches `fd` for `events` (EPOLLIN/EPOLLOUT); replaces an earlier registration.
    func register(_ fd: Int32, events: UInt32, handler: LoopHandler) {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        if handlers.updateValue(handler, forKey: fd) == nil {
            epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event)
        } else {
            epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event)
        }
    }

    /// Changes the events watched on a registered `fd`.
    func modify(_ fd: Int32, events: UInt32) {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event)
    }

    /// Stops watching `fd` (before it is closed).
    func deregister(_ fd: Int32) {
        guard handlers.removeValue(forKey: fd) != nil else { return }
        epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
    }

    /// Runs `action` on the loop at `due`; returns an id for `cancelTimer`.
    @discardableResult
    func schedule(at due: ContinuousClock.Instant, _ action: @escaping () -> Void) -> UInt64 {
        nextTimerID &+= 1
        let id = nextTimerID
        timerActions[id] = action
        timerHeap.push(TimerHeap.Entry(due: due, id: id))
        return id
    }

    /// Forgets a timer that has not fired.
    func cancelTimer(_ id: UInt64) {
        timerActions[id] = nil
        // Calls mostly end long before their deadline: sweep cancelled entries in bulk.
        let actions = timerActions
        timerHeap.dropDead(liveCount: actions.count) { actions[$0] != nil }
    }

    /// Calls `target.flush()` once at the end of this tick.
    func flushAtEndOfTick(_ target: LoopFlushable) {
        if flushMarked.insert(ObjectIdentifier(target)).inserted {
            flushList.append(target)
            if target.flushesEarly { earlyMarked += 1 }
        }
    }

    // MARK: the loop

    private func run() {
        loopThread.store(pthread_self(), ordering: .relaxed)
        name.withCString { clinux_set_thread_name($0) }
        let capacity = 64
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        let executor = asUnownedTaskExecutor()
        var batch: [Work] = []
        while true {
            let ready = epoll_wait(epollFD, events, Int32(capacity), timeout())
            if ready > 0 {
                for i in 0..<Int(ready) {
                    let fd = events[i].data.fd
                    if fd == wakeFD {
                        var value: UInt64 = 0
                        _ = Glibc.read(wakeFD, &value, 8)
                    } else if let handler = handlers[fd] {
                        handler.handle(events: events[i].events)
                    }
                }
            }
            runDueTimers()
            // Work posted while running posts again into the inbox (no wake-up: we are the loop).
            for _ in 0..<4 {
                inbox.withLock { s in
                    swap(&s.work, &batch)
                    s.wakePending = false
                }
                if batch.isEmpty { break }
                for (i, work) in batch.enumerated() {
                    switch work {
                    case .closure(let body): body()
                    case .job(let job): job.runSynchronously(on: executor)
                    }
                    if (i + 1) % Self.earlyFlushJobs == 0 { flushEarlyTargets() }
                }
                batch.removeAll(keepingCapacity: true)
                flushMarkedTargets()
            }
            flushMarkedTargets()
        }
    }

    /// Jobs a tick runs between early flushes. 32 callers on one channel would otherwise move
    /// in lockstep with the server: the loop resumes all 32, then sends their 32 requests at
    /// once, then waits while the server answers them all. Sending every 8 lets the server start
    /// on the first requests while the loop runs the rest: unary32 over a Unix socket went from
    /// 46-59 to 28-31 µs per call. Only client connections flush early: on a server under
    /// h2load the extra sends cost CPU per call (about 23 -> 27 µs).
    static let earlyFlushJobs = 8

    /// Flushes the marked targets that flush early; the others stay marked for the tick's end.
    private func flushEarlyTargets() {
        guard earlyMarked > 0 else { return }
        let targets = flushList
        flushList.removeAll(keepingCapacity: true)
        flushMarked.removeAll(keepingCapacity: true)
        earlyMarked = 0
        for t in targets where !t.flushesEarly { flushAtEndOfTick(t) }
        for t in targets where t.flushesEarly { t.flush() }
    }

    private func flushMarkedTargets() {
        while !flushList.isEmpty {
            let targets = flushList
            flushList.removeAll(keepingCapacity: true)
            flushMarked.removeAll(keepingCapacity: true)
            earlyMarked = 0
            for t in targets { t.flush() }
        }
    }

    /// Milliseconds until the earliest timer (0 when work is waiting, -1 for none).
    private func timeout() -> Int32 {
        if inbox.withLock({ !$0.work.isEmpty }) { return 0 }
        while let first = timerHeap.first, timerActions[first.id] == nil { timerHeap.popFirst() }
        guard let first = timerHeap.first else { return -1 }
        let left = first.due - .now
        if left <= .zero { return 0 }
        let (seconds, attoseconds) = left.components
        if seconds > 86_400 { return 86_400_000 }
        return Int32(seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
    }

    private func runDueTimers() {
        let now = ContinuousClock.now
        while let first = timerHeap.first, first.due <= now {
            timerHeap.popFirst()
            if let action = timerActions.removeValue(forKey: first.id) { action() }
        }
    }
}
