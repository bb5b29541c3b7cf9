extension HTTP2Channel {
    /// Transport settings of a channel.
    public struct Configuration: Sendable {
        /// The loop that owns the channel's connection.
        public var loop: EventLoop = .shared
        /// Keepalive pings (off by default; see `Keepalive`).
        public var keepalive = Keepalive()
        /// A connection that has had no call this long is closed; the next call connects
        /// again. 30 minutes, as in C-core and grpc-go; nil: never.
        public var idleTimeout: Duration? = .seconds(30 * 60)
        /// How soon the channel tries again after it failed to connect (see `ConnectionBackoff`).
        public var backoff = ConnectionBackoff()
        /// How the channel resolves its target off the loop: getaddrinfo (tests stand in for it).
        var resolve: NameLookup.Resolve = NameLookup.system

        /// The defaults.
        public init() {}
    }
}

extension HTTP2Channel {
    /// Client keepalive (gRPC doc/keepalive.md, proposal A8): PING a connection the server has
    /// been silent on, and drop it when nothing comes back. Off by default, as in C-core.
    public struct Keepalive: Sendable, Hashable {
        /// Silence (no bytes read) after which the client pings; nil: never (the default). A
        /// server's ping policy (5 minutes in C-core, grpc-go and `HTTP2Server`) answers pings
        /// more frequent than it allows with GOAWAY(ENHANCE_YOUR_CALM, "too_many_pings"); this
        /// channel then doubles the time for its later connections.
        public var time: Duration? = nil
        /// How long after a ping the client waits for any byte (the ack or anything else)
        /// before it closes the connection: its calls fail with UNAVAILABLE and the next call
        /// connects again. C-core's default, 20 s.
        public var timeout: Duration = .seconds(20)
        /// Ping also while no call is open (false: a connection without calls is not pinged,
        /// as servers by default do not allow it).
        public var permitWithoutCalls = false

        /// Keepalive off.
        public init() {}

        /// Pings after `time` of silence; closes when `timeout` passes without an answer.
        public init(time: Duration?, timeout: Duration = .seconds(20), permitWithoutCalls: Bool = false) {
            self.time = time
            self.timeout = timeout
            self.permitWithoutCalls = permitWithoutCalls
        }
    }
}
