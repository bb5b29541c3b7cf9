import GRPCCore

/// One name lookup (getaddrinfo) for a channel's target, on a thread of its own: a lookup can
/// block for seconds (DNS timeouts), and the loop thread would otherwise stall every connection
/// it serves meanwhile. Targets that need no lookup (IP literals, Unix paths) are resolved on
/// the loop (`ResolvedAddress.withoutLookup`). C-core also resolves off its pollers.
final class NameLookup: Sendable {
    /// How a channel resolves its target: getaddrinfo, or a stand-in in tests.
    typealias Resolve = @Sendable (SocketAddress) throws(RPCError) -> [ResolvedAddress]

    static let system: Resolve = { address throws(RPCError) in
        try ResolvedAddress.resolve(address, passive: false)
    }

    private init() {}

    /// Looks `target` up on a new thread, then runs `done` on `loop` with this lookup (so the
    /// caller can tell a stale answer) and the addresses or the error. Nil if no thread starts.
    static func start(
        _ target: SocketAddress,
        with resolve: @escaping Resolve,
        on loop: EventLoop,
        done: @escaping @Sendable (NameLookup, Result<[ResolvedAddress], RPCError>) -> Void
    ) -> NameLookup? {
        let lookup = NameLookup()
        let started = startDetachedThread {
            let result = Result { () throws(RPCError) in try resolve(target) }
            loop.execute { done(lookup, result) }
        }
        return started ? lookup : nil
    }
}
