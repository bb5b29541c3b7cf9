import CLinuxShim
import CNGHTTP2
import GRPCCore
import Glibc
import Synchronization

/// Serves a `Server` (its services, interceptors and limits) over HTTP/2 with prior knowledge
/// (h2c, as gRPC C-core speaks with insecure credentials), on TCP and Unix socket addresses.
public struct HTTP2Server: Sendable {
    /// The services and limits served.
    public let server: Server
    /// Where to listen; a TCP port 0 picks a free port.
    public let addresses: [SocketAddress]
    /// Settings of the transport.
    public let configuration: Configuration

    /// Transport settings of a server.
    public struct Configuration: Sendable {
        /// SETTINGS_MAX_CONCURRENT_STREAMS advertised to each client.
        public var maxConcurrentStreams: UInt32 = 1000
        /// The loop that owns the listening sockets, and the connections unless
        /// `connectionLoops` is set.
        public var loop: EventLoop = .shared
        /// Loops the accepted connections are spread over, in turn (each connection stays on
        /// its loop); empty: every connection on `loop`. One loop uses one core: give a busy
        /// server one loop per core, e.g. `(0..<cores).map { EventLoop(name: "grpc-\($0)") }`.
        public var connectionLoops: [EventLoop] = []
        /// Run handlers on the event loop thread instead of the global pool: no thread hop per
        /// call, but a handler that computes without suspending holds up the connection.
        public var handlersOnEventLoop = false
        /// How many RST_STREAM frames a client may send (a token bucket) before its connection
        /// is closed with GOAWAY: the rapid-reset defence (CVE-2023-44487). nghttp2's default,
        /// 1,000 at once and 33 per second, suits servers facing the internet; a server whose
        /// clients cancel many calls on purpose (a proxy, a test) raises it.
        public var streamResetLimit = RateLimit(burst: 1000, perSecond: 33)
        /// Idle and age limits, server pings and the policy for client pings (all off but the
        /// ping policy, as in C-core; see `Keepalive`).
        public var keepalive = Keepalive()
        /// How long calls in flight may run on once a graceful shutdown starts (cancelling
        /// `run`'s task, the end of `serve`'s body, or `beginGracefulShutdown`); calls still
        /// running then are cancelled and their clients see UNAVAILABLE.
        public var shutdownGracePeriod = Duration.seconds(10)
        /// Called once when a graceful shutdown starts, before the first GOAWAY goes out (set
        /// health statuses to NOT_SERVING here, so load balancers drain the server).
        public var onShutdown: (@Sendable () -> Void)? = nil
        /// How long a new connection has to send the client preface and its SETTINGS, and a
        /// started header block (HEADERS and its CONTINUATIONs) to end, before the connection
        /// is closed (slowloris). C-core gives a handshake 120 s; a client that is merely slow
        /// completes both in one round trip.
        public var handshakeTimeout: Duration = .seconds(20)
        /// Record whether each request message arrived compressed, in
        /// `ServerContext.requestCompressedFlags` (interop servers check a client's per-message
        /// compression with it); off by default, since a long stream's record grows with it.
        public var recordsRequestCompression = false
        /// Connections served at once: one accepted beyond it is closed at once, before any
        /// byte is read, as C-core's `max_allowed_incoming_connections` does, and its client
        /// retries with backoff. Unlimited (nil) by default, as in C-core and grpc-go; each
        /// idle connection costs about 14 KiB (BENCHMARKS.md).
        public var maxConnections: Int? = nil

        /// The defaults.
        public init() {}
    }

    /// A token bucket: `burst` at once, refilled by `perSecond`.
    public struct RateLimit: Sendable, Hashable {
        public var burst: UInt64
        public var perSecond: UInt64

        /// A bucket of `burst` tokens refilled at `perSecond`.
        public init(burst: UInt64, perSecond: UInt64) {
            self.burst = burst
            self.perSecond = perSecond
        }
    }

    private let control = ShutdownControl()

    /// A server for `server` on `addresses`.
    public init(_ server: Server, addresses: [SocketAddress], configuration: Configuration = Configuration()) {
        self.server = server
        self.addresses = addresses
        self.configuration = configuration
    }

    /// Listens on every address, calls `onListening` with the addresses bound (free ports
    /// filled in), then serves until the calling task is cancelled or `beginGracefulShutdown`
    /// is called; then shuts down gracefully (see `Configuration.shutdownGracePeriod`) and
    /// returns once every connection is closed and every handler has ended.
    public func run(onListening: @Sendable ([SocketAddress]) -> Void = { _ in }) async throws {
        let core = HTTP2ServerCore(server: server, configuration: configuration)
        let bound = try core.listen(addresses)
        control.add(core)
        defer { control.remove(core) }
        onListening(bound)
        await withTaskCancellationHandler {
            await core.waitUntilStopped()
        } onCancel: {
            core.stop()
        }
        await core.waitUntilDone()
    }

    /// Serves while `body` runs with the bound addresses; when it returns or throws, shuts
    /// down gracefully like `run` and returns or rethrows.
    public func serve<R: Sendable>(_ body: @Sendable ([SocketAddress]) async throws -> R) async throws -> R {
        let core = HTTP2ServerCore(server: server, configuration: configuration)
        let bound = try core.listen(addresses)
        control.add(core)
        defer { control.remove(core) }
        let result: Result<R, any Error>
        do { result = .success(try await body(bound)) } catch { result = .failure(error) }
        core.stop()
        await core.waitUntilDone()
        return try result.get()
    }

    /// Starts a graceful shutdown of every `run` and `serve` of this server: listeners close,
    /// clients are told with GOAWAY to take new calls elsewhere, calls in flight get the grace
    /// period to finish. `run` returns when it is over.
    public func beginGracefulShutdown() {
        control.shutdown()
    }
}

/// The running cores of an `HTTP2Server` value (and its copies), for `beginGracefulShutdown`.
final class ShutdownControl: Sendable {
    private let state = Mutex<(requested: Bool, cores: [ObjectIdentifier: HTTP2ServerCore])>((false, [:]))

    func add(_ core: HTTP2ServerCore) {
        let stopNow = state.withLock { s -> Bool in
            s.cores[ObjectIdentifier(core)] = core
            return s.requested
        }
        if stopNow { core.stop() }
    }

    func remove(_ core: HTTP2ServerCore) {
        _ = state.withLock { $0.cores.removeValue(forKey: ObjectIdentifier(core)) }
    }

    func shutdown() {
        let cores = state.withLock { s -> [HTTP2ServerCore] in
            s.requested = true
            return Array(s.cores.values)
        }
        for c in cores { c.stop() }
    }
}

/// The running state of one `HTTP2Server.run`: listeners, connections, handler tasks.
final class HTTP2ServerCore: @unchecked Sendable {
    let server: Server
    let loop: EventLoop
    let maxConcurrentStreams: UInt32
    let resetRateLimit: HTTP2Server.RateLimit
    let handshakeTimeout: Duration
    let keepalive: HTTP2Server.Keepalive
    private let handlersOnLoop: Bool
    private let gracePeriod: Duration
    private let onShutdown: (@Sendable () -> Void)?
    let recordsRequestCompression: Bool
    private let maxConnections: Int
    private let connectionLoops: [EventLoop]

    private struct Shared {
        var live = 0
        var stopped = false
        var idleWaiters: [UnsafeContinuation<Void, Never>] = []
        var stopWaiters: [UnsafeContinuation<Void, Never>] = []
        /// The loop has closed the listening sockets (their addresses are free again).
        var listenersClosed = false
        var closeWaiters: [UnsafeContinuation<Void, Never>] = []
        /// Every connection has closed after `stop`.
        var drained = false
        var drainWaiters: [UnsafeContinuation<Void, Never>] = []
    }
    private let shared = Mutex(Shared())

    // Loop-owned.
    private var listeners: [Listener] = []
    private var connections: [ObjectIdentifier: ServerConnection] = [:]
    private var stopping = false
    private var graceTimer: UInt64?
    /// The connection loop the next accepted connection goes to.
    private var nextLoop = 0

    init(server: Server, configuration: HTTP2Server.Configuration) {
        self.server = server
        self.loop = configuration.loop
        self.maxConcurrentStreams = configuration.maxConcurrentStreams
        self.resetRateLimit = configuration.streamResetLimit
        self.handshakeTimeout = configuration.handshakeTimeout
        self.keepalive = configuration.keepalive
        self.handlersOnLoop = configuration.handlersOnEventLoop
        self.gracePeriod = configuration.shutdownGracePeriod
        self.onShutdown = configuration.onShutdown
        self.recordsRequestCompression = configuration.recordsRequestCompression
        self.maxConnections = configuration.maxConnections ?? .max
        self.connectionLoops = configuration.connectionLoops.isEmpty ? [configuration.loop] : configuration.connectionLoops
    }

    /// Binds every address; on failure nothing stays open.
    func listen(_ addresses: [SocketAddress]) throws(RPCError) -> [SocketAddress] {
        var opened: [(Int32, SocketAddress)] = []
        do throws(RPCError) {
            for a in addresses { opened.append(try Socket.listen(a)) }
        } catch {
            for (fd, _) in opened { close(fd) }
            throw error
        }
        let bound = opened
        loop.executeOrRun {
            for (fd, address) in bound {
                let listener = Listener(fd: fd, address: address, core: self)
                self.listeners.append(listener)
                self.loop.register(fd, events: EPOLLIN.rawValue, handler: listener)
            }
        }
        return opened.map(\.1)
    }

    /// Stops listening and drains every connection (ServerDrain.swift); connections still open
    /// when the grace period ends are closed, which cancels their handlers. Later calls do nothing.
    func stop() {
        let (first, waiters) = shared.withLock { s -> (Bool, [UnsafeContinuation<Void, Never>]) in
            let first = !s.stopped
            s.stopped = true
            defer { s.stopWaiters = [] }
            return (first, s.stopWaiters)
        }
        for w in waiters { w.resume() }
        guard first else { return }
        onShutdown?()
        loop.executeOrRun {
            self.stopping = true
            // GOAWAY first, then the listeners: a client then hears of the drain before a
            // replacement server can bind the port, so its next call goes to the new server.
            for c in self.connections.values { c.loop.executeOrRun { c.beginDrain() } }
            for l in self.listeners {
                l.isOpen = false
                self.loop.deregister(l.fd)
                close(l.fd)
                if case .unix(let path) = l.address { unlink(path) }
            }
            self.listeners = []
            let waiters = self.shared.withLock { s -> [UnsafeContinuation<Void, Never>] in
                s.listenersClosed = true
                defer { s.closeWaiters = [] }
                return s.closeWaiters
            }
            for w in waiters { w.resume() }
            self.graceTimer = self.loop.schedule(at: .now + self.gracePeriod) { self.graceEnded() }
            self.checkDrained()
        }
    }

    /// The grace period is over: close what is still open.
    private func graceEnded() {
        graceTimer = nil
        for c in Array(connections.values) {
            c.loop.executeOrRun { c.closeGracefully(reason: RPCError(.unavailable, "the server shut down")) }
        }
    }

    private func checkDrained() {
        guard stopping, connections.isEmpty else { return }
        if let graceTimer { loop.cancelTimer(graceTimer) }
        graceTimer = nil
        let waiters = shared.withLock { s -> [UnsafeContinuation<Void, Never>] in
            s.drained = true
            defer { s.drainWaiters = [] }
            return s.drainWaiters
        }
        for w in waiters { w.resume() }
    }

    /// Returns once `stop` has run its course: listeners and connections closed, handlers ended.
    func waitUntilDone() async {
        await waitUntilListenersClosed()
        await wait(until: { $0.drained }, in: \.drainWaiters)
        await waitForHandlers()
    }

    /// Returns once `stop` has closed the listening sockets on the loop.
    func waitUntilListenersClosed() async {
        await wait(until: { $0.listenersClosed }, in: \.closeWaiters)
    }

    func waitUntilStopped() async {
        await wait(until: { $0.stopped }, in: \.stopWaiters)
    }

    func waitForHandlers() async {
        await wait(until: { $0.live == 0 }, in: \.idleWaiters)
    }

    /// Returns at once if `done` holds, else once a continuation parked in `waiters` is resumed.
    private func wait(
        until done: (Shared) -> Bool, in waiters: WritableKeyPath<Shared, [UnsafeContinuation<Void, Never>]>
    ) async {
        await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
            let now = shared.withLock { s -> Bool in
                if done(s) { return true }
                s[keyPath: waiters].append(c)
                return false
            }
            if now { c.resume() }
        }
    }

    /// A new connection was accepted (on `loop`): it starts on the next connection loop.
    func accepted(fd: Int32, peer: String) {
        guard connections.count < maxConnections else {
            close(fd)
            return
        }
        let target = connectionLoops[nextLoop]
        nextLoop = (nextLoop + 1) % connectionLoops.count
        let connection = ServerConnection(loop: target, fd: fd, owner: self, peer: peer)
        connections[ObjectIdentifier(connection)] = connection
        target.executeOrRun { connection.start() }
    }

    /// A connection closed (on its own loop). It leaves the table, and counts against
    /// `maxConnections`, until the core's loop has run this hop.
    func connectionClosed(_ connection: ServerConnection) {
        loop.executeOrRun {
            self.connections[ObjectIdentifier(connection)] = nil
            self.checkDrained()
        }
    }

    /// Runs a call's handler in its own task (on its connection's loop if so configured).
    func startHandler(_ call: any RemoteServerCall, loop: EventLoop) -> Task<Void, Never> {
        shared.withLock { $0.live += 1 }
        // Closure literals, not one shared closure value: converting a value to `Task`'s
        // operation type wraps it in thunks, each with a frame in the task's memory.
        if handlersOnLoop {
            return Task(executorPreference: loop) { [self] in
                await call.run()
                handlerEnded()
            }
        }
        return Task { [self] in
            await call.run()
            handlerEnded()
        }
    }

    private func handlerEnded() {
        let waiters = shared.withLock { s -> [UnsafeContinuation<Void, Never>] in
            s.live -= 1
            guard s.live == 0 else { return [] }
            defer { s.idleWaiters = [] }
            return s.idleWaiters
        }
        for w in waiters { w.resume() }
    }
}

/// A listening socket on the loop: accepts connections as they come.
final class Listener: LoopHandler {
    let fd: Int32
    let address: SocketAddress
    unowned let core: HTTP2ServerCore
    /// Until `stop` closes the socket.
    var isOpen = true

    init(fd: Int32, address: SocketAddress, core: HTTP2ServerCore) {
        self.fd = fd
        self.address = address
        self.core = core
    }

    func handle(events: UInt32) {
        while true {
            var peer = ResolvedAddress()
            peer.length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let client = withUnsafeMutableBytes(of: &peer.storage) { raw in
                clinux_accept4(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), &peer.length,
                        Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            }
            guard client >= 0 else {
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM { pauseAccepting() }
                return
            }
            Socket.configure(client, family: peer.family)
            var path: String? = nil
            if case .unix(let p) = address { path = p }
            core.accepted(fd: client, peer: peer.peerString(unixPath: path))
        }
    }

    /// Out of descriptors (or memory): the connection stays in the backlog and the socket stays
    /// readable, so stop watching it for 100 ms instead of spinning on it (measured: 0.5 to 1 s
    /// of CPU each second while the descriptor limit was reached).
    private func pauseAccepting() {
        let loop = core.loop
        loop.modify(fd, events: 0)
        loop.schedule(at: .now + .milliseconds(100)) { [self] in
            if isOpen { loop.modify(fd, events: EPOLLIN.rawValue) }
        }
    }
}
