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
        /// The loop that owns the sockets.
        public var loop: EventLoop = .shared
        /// Run handlers on the event loop thread instead of the global pool: no thread hop per
        /// call, but a handler that computes without suspending holds up the connection.
        public var handlersOnEventLoop = false
        /// How many RST_STREAM frames a client may send (a token bucket) before its connection
        /// is closed with GOAWAY: the rapid-reset defence (CVE-2023-44487). nghttp2's default,
        /// 1,000 at once and 33 per second, suits servers facing the internet; a server whose
        /// clients cancel many calls on purpose (a proxy, a test) raises it.
        public var streamResetLimit = RateLimit(burst: 1000, perSecond: 33)
        /// Record whether each request message arrived compressed, in
        /// `ServerContext.requestCompressedFlags` (interop servers check a client's per-message
        /// compression with it); off by default, since a long stream's record grows with it.
        public var recordsRequestCompression = false

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

    /// A server for `server` on `addresses`.
    public init(_ server: Server, addresses: [SocketAddress], configuration: Configuration = Configuration()) {
        self.server = server
        self.addresses = addresses
        self.configuration = configuration
    }

    /// Listens on every address, calls `onListening` with the addresses bound (free ports
    /// filled in), then serves until the calling task is cancelled; then closes every
    /// connection, cancels running handlers and returns once they have ended.
    public func run(onListening: @Sendable ([SocketAddress]) -> Void = { _ in }) async throws {
        let core = HTTP2ServerCore(server: server, configuration: configuration)
        let bound = try core.listen(addresses)
        onListening(bound)
        await withTaskCancellationHandler {
            await core.waitUntilStopped()
        } onCancel: {
            core.stop()
        }
        await core.waitUntilListenersClosed()
        await core.waitForHandlers()
    }

    /// Serves while `body` runs with the bound addresses; stops when it returns or throws.
    public func serve<R: Sendable>(_ body: @Sendable ([SocketAddress]) async throws -> R) async throws -> R {
        let core = HTTP2ServerCore(server: server, configuration: configuration)
        let bound = try core.listen(addresses)
        do {
            let result = try await body(bound)
            core.stop()
            await core.waitUntilListenersClosed()
            await core.waitForHandlers()
            return result
        } catch {
            core.stop()
            await core.waitUntilListenersClosed()
            await core.waitForHandlers()
            throw error
        }
    }
}

/// The running state of one `HTTP2Server.run`: listeners, connections, handler tasks.
final class HTTP2ServerCore: @unchecked Sendable {
    let server: Server
    let loop: EventLoop
    let maxConcurrentStreams: UInt32
    let resetRateLimit: HTTP2Server.RateLimit
    private let handlersOnLoop: Bool
    let recordsRequestCompression: Bool

    private struct Shared {
        var live = 0
        var stopped = false
        var idleWaiters: [UnsafeContinuation<Void, Never>] = []
        var stopWaiters: [UnsafeContinuation<Void, Never>] = []
        /// The loop has closed the listening sockets (their addresses are free again).
        var listenersClosed = false
        var closeWaiters: [UnsafeContinuation<Void, Never>] = []
    }
    private let shared = Mutex(Shared())

    // Loop-owned.
    private var listeners: [Listener] = []
    private var connections: [ObjectIdentifier: ServerConnection] = [:]

    init(server: Server, configuration: HTTP2Server.Configuration) {
        self.server = server
        self.loop = configuration.loop
        self.maxConcurrentStreams = configuration.maxConcurrentStreams
        self.resetRateLimit = configuration.streamResetLimit
        self.handlersOnLoop = configuration.handlersOnEventLoop
        self.recordsRequestCompression = configuration.recordsRequestCompression
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

    /// Stops listening and closes every connection (their handlers are cancelled).
    func stop() {
        let waiters = shared.withLock { s -> [UnsafeContinuation<Void, Never>] in
            s.stopped = true
            defer { s.stopWaiters = [] }
            return s.stopWaiters
        }
        for w in waiters { w.resume() }
        loop.executeOrRun {
            for l in self.listeners {
                self.loop.deregister(l.fd)
                close(l.fd)
                if case .unix(let path) = l.address { unlink(path) }
            }
            self.listeners = []
            for c in self.connections.values { c.closeGracefully(reason: RPCError(.unavailable, "the server is shutting down")) }
            self.connections = [:]
            let waiters = self.shared.withLock { s -> [UnsafeContinuation<Void, Never>] in
                s.listenersClosed = true
                defer { s.closeWaiters = [] }
                return s.closeWaiters
            }
            for w in waiters { w.resume() }
        }
    }

    /// Returns once `stop` has closed the listening sockets on the loop.
    func waitUntilListenersClosed() async {
        await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
            let now = shared.withLock { s -> Bool in
                if s.listenersClosed { return true }
                s.closeWaiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }

    func waitUntilStopped() async {
        await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
            let now = shared.withLock { s -> Bool in
                if s.stopped { return true }
                s.stopWaiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }

    func waitForHandlers() async {
        await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
            let now = shared.withLock { s -> Bool in
                if s.live == 0 { return true }
                s.idleWaiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }

    /// A new connection was accepted.
    func accepted(fd: Int32, peer: String) {
        let connection = ServerConnection(loop: loop, fd: fd, owner: self, peer: peer)
        connections[ObjectIdentifier(connection)] = connection
        connection.start()
    }

    func connectionClosed(_ connection: ServerConnection) {
        connections[ObjectIdentifier(connection)] = nil
    }

    /// Runs a call's handler in its own task (on the loop if so configured).
    func startHandler(_ call: RemoteServerCall) -> Task<Void, Never> {
        shared.withLock { $0.live += 1 }
        let body: @Sendable () async -> Void = { [self] in
            await call.run()
            handlerEnded()
        }
        if handlersOnLoop {
            return Task(executorPreference: loop, operation: body)
        }
        return Task(operation: body)
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
            guard client >= 0 else { return }
            Socket.setNoDelay(client, family: peer.family)
            var path: String? = nil
            if case .unix(let p) = address { path = p }
            core.accepted(fd: client, peer: peer.peerString(unixPath: path))
        }
    }
}
