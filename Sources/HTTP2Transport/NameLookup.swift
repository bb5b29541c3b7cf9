import GRPCCore
import Synchronization

/// One name lookup (getaddrinfo) for a channel's target, off the loop: a lookup can block for
/// seconds (DNS timeouts), and the loop thread would otherwise stall every connection it serves
/// meanwhile. Lookups run on at most `maxThreads` threads of their own at once (more wait their
/// turn), so channels made and closed while DNS does not answer cannot pile threads up. Targets
/// that need no lookup (IP literals, Unix paths) are resolved on the loop
/// (`ResolvedAddress.withoutLookup`). C-core also resolves off its pollers, on a bounded pool.
final class NameLookup: Sendable {
    /// How a channel resolves its target: getaddrinfo, or a stand-in in tests.
    typealias Resolve = @Sendable (SocketAddress) throws(RPCError) -> [ResolvedAddress]

    static let system: Resolve = { address throws(RPCError) in
        try ResolvedAddress.resolve(address, passive: false)
    }

    /// Lookup threads running at once, process-wide.
    static let maxThreads = 8

    private struct Pool {
        var threads = 0
        var waiting: [@Sendable () -> Void] = []
    }

    private static let pool = Mutex(Pool())

    private init() {}

    /// Looks `target` up off the loop, then runs `done` on `loop` with this lookup (so the caller
    /// can tell a stale answer) and the addresses or the error. Nil if no thread starts.
    static func start(
        _ target: SocketAddress,
        with resolve: @escaping Resolve,
        on loop: EventLoop,
        done: @escaping @Sendable (NameLookup, Result<[ResolvedAddress], RPCError>) -> Void
    ) -> NameLookup? {
        let lookup = NameLookup()
        let work: @Sendable () -> Void = {
            let result = Result { () throws(RPCError) in try resolve(target) }
            loop.execute { done(lookup, result) }
        }
        let needsThread = pool.withLock { pool -> Bool in
            guard pool.threads < maxThreads else {
                pool.waiting.append(work)
                return false
            }
            pool.threads += 1
            return true
        }
        if needsThread, !startDetachedThread({ runLookups(first: work) }) {
            pool.withLock { $0.threads -= 1 }
            return nil
        }
        return lookup
    }

    /// A lookup thread: runs `first`, then waiting lookups until none is left.
    private static func runLookups(first: @escaping @Sendable () -> Void) {
        var next: (@Sendable () -> Void)? = first
        while let work = next {
            work()
            next = pool.withLock { pool in
                guard !pool.waiting.isEmpty else {
                    pool.threads -= 1
                    return nil
                }
                return pool.waiting.removeFirst()
            }
        }
    }
}
