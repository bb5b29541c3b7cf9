import CNGHTTP2
import GRPCCore

extension HTTP2Server {
    /// Server-side connection management (gRPC doc/keepalive.md, proposals A8 and A9): when a
    /// connection is retired, whether the server pings, and which client pings it tolerates.
    /// Durations must be positive.
    public struct Keepalive: Sendable, Hashable {
        /// A connection without open streams for this long is drained (GOAWAY, then closed);
        /// nil: never (the default). It also closes a connection that stalls, its handshake done,
        /// without a call (say, in the middle of a frame).
        public var maxConnectionIdle: Duration? = nil
        /// A connection older than this (±10 % jitter, so reconnections spread) is drained: new
        /// calls go to a new connection, calls in flight get `maxConnectionAgeGrace`; nil: never
        /// (the default).
        public var maxConnectionAge: Duration? = nil
        /// How long calls on a connection drained for its age may run before the connection is
        /// closed (cancelling them; their clients see UNAVAILABLE); nil: as long as they take.
        public var maxConnectionAgeGrace: Duration? = nil
        /// Silence (no bytes read) after which the server pings the client; nil: never (the
        /// default here; C-core servers ping after 2 hours).
        public var time: Duration? = nil
        /// How long after its ping the server waits for any byte before it closes the
        /// connection (its calls are cancelled). C-core's default, 20 s.
        public var timeout: Duration = .seconds(20)
        /// The ping policy: a client ping less than this after its previous one is a strike
        /// (C-core's and grpc-go's default: 5 minutes). While no stream is open and
        /// `permitWithoutCalls` is false, the allowed interval is 2 hours instead.
        public var minPingInterval: Duration = .seconds(300)
        /// Whether clients may ping while they have no call open (at `minPingInterval`).
        public var permitWithoutCalls = false
        /// Strikes tolerated: one more gets GOAWAY(ENHANCE_YOUR_CALM, "too_many_pings") and the
        /// connection closed. Each HEADERS or DATA frame the server sends clears the strikes
        /// (a client may ping once it receives data). C-core's default, 2.
        public var maxPingStrikes = 2

        /// The defaults: nothing retired, no server pings, the 5-minute ping policy.
        public init() {}
    }
}

/// One server connection's keepalive (`HTTP2Server.Keepalive`): retires it when idle or old
/// (through the graceful drain, ServerDrain.swift), pings a silent client, and enforces the
/// policy on the client's pings (A8, grpc-go's `handlePing`). Timers exist only for what is
/// configured, one each; streams opening and closing only store an instant. Loop-owned.
final class ServerConnectionKeepalive {
    private unowned let connection: ServerConnection
    private let settings: HTTP2Server.Keepalive
    private var pinger: KeepalivePinger?
    private var idleTimer: UInt64?
    private var ageTimer: UInt64?
    /// Closes the connection: the age grace, or an idle drain its client does not complete.
    private var closeTimer: UInt64?
    /// Since when no stream has been open; nil while one is.
    @exclusivity(unchecked) private var idleSince: ContinuousClock.Instant?
    /// The ping policy's state: when the client last pinged, its strikes.
    private var lastClientPing: ContinuousClock.Instant?
    private var strikes = 0
    /// A HEADERS or DATA frame went out since the client's last ping: the next ping is allowed
    /// and clears the strikes (a client may ping when it receives data: BDP probes).
    @exclusivity(unchecked) var dataSent = false
    private var tooManyPings = false

    /// The interval a client without calls must keep when `permitWithoutCalls` is off.
    static let pingIntervalWithoutCalls = Duration.seconds(2 * 3600)
    /// How long an idle connection's drain may take before the connection is closed anyway.
    static let idleDrainLimit = ServerConnection.drainPingTimeout + .seconds(1)

    init(connection: ServerConnection, settings: HTTP2Server.Keepalive) {
        self.connection = connection
        self.settings = settings
    }

    /// Arms what is configured; called once the session exists.
    func start() {
        let now = ContinuousClock.now
        let loop = connection.loop
        if let idle = settings.maxConnectionIdle {
            idleSince = now
            idleTimer = loop.schedule(at: now + idle) { [weak self] in self?.idleTimerFired() }
        }
        if let age = settings.maxConnectionAge {
            ageTimer = loop.schedule(at: now + age * Double.random(in: 0.9...1.1)) { [weak self] in self?.ageReached() }
        }
        if let time = settings.time {
            let timeout = settings.timeout
            let pinger = KeepalivePinger(
                connection: connection, time: time, timeout: timeout, mayPing: { true },
                timedOut: { [unowned connection] in
                    connection.closeGracefully(reason: RPCError(.unavailable, "keepalive ping not answered within \(timeout)"))
                })
            self.pinger = pinger
            pinger.start()
        }
    }

    /// The connection closed: no timer may outlive it.
    func stop() {
        let loop = connection.loop
        for timer in [idleTimer, ageTimer, closeTimer] { if let timer { loop.cancelTimer(timer) } }
        idleTimer = nil
        ageTimer = nil
        closeTimer = nil
        pinger?.stop()
        pinger = nil
    }

    // MARK: idle and age

    /// A request stream began.
    func streamOpened() {
        idleSince = nil
    }

    /// The last open stream closed.
    func streamsEnded() {
        if settings.maxConnectionIdle != nil { idleSince = .now }
    }

    private func idleTimerFired() {
        idleTimer = nil
        guard !connection.isClosed, connection.drain == .serving, let idle = settings.maxConnectionIdle else { return }
        let now = ContinuousClock.now
        let loop = connection.loop
        guard let since = idleSince, now >= since + idle else {
            // Busy, or idle for less than `idle`: look again when it could first be due.
            let due = idleSince.map { $0 + idle } ?? now + idle
            idleTimer = loop.schedule(at: due) { [weak self] in self?.idleTimerFired() }
            return
        }
        connection.beginDrain()
        // Without streams the drain ends the connection one round trip later; a client that
        // does not take part (stalled in the middle of a frame, not reading) is closed here.
        closeTimer = loop.schedule(at: now + Self.idleDrainLimit) { [weak self] in
            guard let self else { return }
            self.closeTimer = nil
            // A stream that arrived during the drain finishes as usual.
            guard self.idleSince != nil else { return }
            self.connection.closeGracefully(reason: RPCError(.unavailable, "the connection was idle for \(idle)"))
        }
    }

    private func ageReached() {
        ageTimer = nil
        guard !connection.isClosed else { return }
        connection.beginDrain()
        guard let grace = settings.maxConnectionAgeGrace else { return }
        if let closeTimer { connection.loop.cancelTimer(closeTimer) }
        closeTimer = connection.loop.schedule(at: .now + grace) { [weak self] in
            guard let self else { return }
            self.closeTimer = nil
            self.connection.closeGracefully(reason: RPCError(.unavailable, "the connection reached its maximum age"))
        }
    }

    // MARK: the ping policy

    /// The client sent a PING (not an ack; nghttp2 has acked it already). Called inside
    /// nghttp2's receive callback: the connection is closed after it returns.
    func pingReceived(streamsOpen: Bool) {
        let now = ContinuousClock.now
        defer { lastClientPing = now }
        if dataSent {
            dataSent = false
            strikes = 0
            return
        }
        if let last = lastClientPing {
            let allowed = streamsOpen || settings.permitWithoutCalls ? settings.minPingInterval : Self.pingIntervalWithoutCalls
            if now < last + allowed { strikes += 1 }
        }
        guard strikes > settings.maxPingStrikes, !tooManyPings else { return }
        tooManyPings = true
        let connection = self.connection
        // Strong: a weak reference to the connection would slow every retain of it.
        connection.loop.execute {
            connection.closeGracefully(
                reason: RPCError(.unavailable, "the client sent too many pings"),
                code: NGHTTP2_ENHANCE_YOUR_CALM.rawValue, debugData: Array("too_many_pings".utf8))
        }
    }
}
