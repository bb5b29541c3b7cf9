import CLinuxShim
import GRPCCore
import Glibc

/// The connection of one channel: connects lazily, tries every resolved address in turn,
/// backs off after failures (gRPC connection-backoff.md) and reconnects when needed. Calls
/// made while it cannot connect fail fast with UNAVAILABLE unless they wait for ready.
/// Loop-owned.
final class ConnectionManager: @unchecked Sendable {
    private enum State {
        case idle
        /// Looking the target's name up, off the loop.
        case resolving(NameLookup)
        case connecting(Connector)
        case ready(ClientConnection)
        /// The last attempt failed; no new attempt before `until`.
        case transientFailure(until: ContinuousClock.Instant, error: RPCError)
        case shutdown
    }

    let loop: EventLoop
    let target: SocketAddress
    let authority: String
    private let resolve: NameLookup.Resolve
    private var state = State.idle
    private var pending: [ClientStream] = []
    private var backoff: Backoff
    /// The end of the current backoff; one at a time, so an old one cannot cut a new one short.
    private var backoffTimer = LoopTimer()
    private var draining: [ObjectIdentifier: ClientConnection] = [:]
    /// Keepalive for new connections; `time` doubles each time a server says "too_many_pings".
    private(set) var keepalive: HTTP2Channel.Keepalive
    /// A connection without a call this long is closed (nil: never).
    let idleTimeout: Duration?

    init(loop: EventLoop, target: SocketAddress, keepalive: HTTP2Channel.Keepalive = .init(),
         idleTimeout: Duration? = nil, backoff: HTTP2Channel.ConnectionBackoff = .init(),
         resolve: @escaping NameLookup.Resolve = NameLookup.system) {
        self.loop = loop
        self.target = target
        self.authority = target.authority
        self.keepalive = keepalive
        self.idleTimeout = idleTimeout
        self.backoff = Backoff(backoff)
        self.resolve = resolve
    }

    /// A server sent GOAWAY(ENHANCE_YOUR_CALM, "too_many_pings"): later connections ping half
    /// as often (A8; C-core's and grpc-go's multiplier, 2).
    func pingedTooOften() {
        guard let time = keepalive.time else { return }
        keepalive.time = time < .seconds(1 << 40) ? time * 2 : time
    }

    /// Starts a call: on the connection if there is one, else once it connects.
    func start(_ stream: ClientStream) {
        stream.manager = self
        stream.armDeadline(on: loop)
        place(stream)
    }

    /// Opens `stream` on the connection, queues it for the next one, or fails it (fail-fast
    /// while the channel cannot connect, unless it waits for ready).
    private func place(_ stream: ClientStream) {
        switch state {
        case .ready(let connection):
            connection.open(stream)
        case .resolving, .connecting:
            pending.append(stream)
        case .idle:
            pending.append(stream)
            connect()
        case .transientFailure(let until, let error):
            if stream.waitForReady {
                pending.append(stream)
            } else {
                stream.end(error, trailers: Metadata())
            }
            if until <= .now { connect() }
        case .shutdown:
            stream.end(RPCError(.unavailable, "the channel is closed"), trailers: Metadata())
        }
    }

    /// Streams opened for one call at most: a server that refuses every stream fails the call.
    static let maxAttempts = 5

    /// Opens a new stream for a call whose stream the server refused unprocessed, if the
    /// request can be sent again; else the call fails with UNAVAILABLE.
    func retry(_ stream: ClientStream) {
        stream.id = 0
        stream.connection = nil
        guard stream.attempts < Self.maxAttempts, stream.outbound.rewind() else {
            let why = stream.attempts < Self.maxAttempts ? "and the request cannot be sent again" : "\(stream.attempts) times"
            return stream.end(RPCError(.unavailable, "the server refused the stream \(why)"), trailers: Metadata())
        }
        place(stream)
    }

    /// A call ended before it had a stream.
    func dropPending(_ stream: ClientStream) {
        pending.removeAll { $0 === stream }
    }

    /// Closes the connection; calls in flight and waiting fail with UNAVAILABLE.
    func shutdown() {
        let old = state
        state = .shutdown
        backoffTimer.stop(on: loop)
        let waiting = pending
        pending = []
        for s in waiting { s.end(RPCError(.unavailable, "the channel is closed"), trailers: Metadata()) }
        switch old {
        case .ready(let c): c.closeGracefully(reason: RPCError(.unavailable, "the channel is closed"))
        case .connecting(let connector): connector.abandon()
        default: break
        }
        for c in draining.values { c.closeGracefully(reason: RPCError(.unavailable, "the channel is closed")) }
        draining = [:]
    }

    private func connect() {
        let numeric: [ResolvedAddress]?
        do {
            numeric = try ResolvedAddress.withoutLookup(target)
        } catch {
            return attemptFailed(error)
        }
        if let numeric { return dial(numeric) }
        let lookup = NameLookup.start(target, with: resolve, on: loop) { [weak self] lookup, result in
            self?.resolved(result, by: lookup)
        }
        guard let lookup else {
            return attemptFailed(RPCError(.unavailable, "cannot start a thread to resolve the name"))
        }
        state = .resolving(lookup)
    }

    private func resolved(_ result: Result<[ResolvedAddress], RPCError>, by lookup: NameLookup) {
        guard case .resolving(let current) = state, current === lookup else { return }
        switch result {
        case .success(let addresses): dial(addresses)
        case .failure(let error): attemptFailed(error)
        }
    }

    private func dial(_ addresses: [ResolvedAddress]) {
        let connector = Connector(loop: loop, addresses: addresses, timeout: backoff.connectTimeout) { [unowned self] result in
            switch result {
            case .success(let fd): self.connected(fd)
            case .failure(let error): self.connectFailed(error)
            }
        }
        state = .connecting(connector)
        connector.next()
    }

    private func connected(_ fd: Int32) {
        guard case .connecting = state else {
            close(fd)
            return
        }
        backoff.reset()
        let connection = ClientConnection(loop: loop, fd: fd, manager: self)
        state = .ready(connection)
        connection.start()
        let waiting = pending
        pending = []
        for s in waiting where !s.ended { connection.open(s) }
    }

    private func connectFailed(_ error: RPCError) {
        guard case .connecting = state else { return }
        attemptFailed(error)
    }

    /// Resolving or connecting failed: back off; the calls that do not wait for ready fail.
    private func attemptFailed(_ error: RPCError) {
        let failure = RPCError(.unavailable, "cannot connect to \(target): \(error.message)")
        let delay = backoff.next()
        state = .transientFailure(until: .now + delay, error: failure)
        let waiting = pending
        pending = waiting.filter { $0.waitForReady && !$0.ended }
        for s in waiting where !s.waitForReady { s.end(failure, trailers: Metadata()) }
        backoffTimer.arm(on: loop, at: .now + delay) { [weak self] in self?.backoffElapsed() }
    }

    private func backoffElapsed() {
        backoffTimer.fired()
        guard case .transientFailure = state else { return }
        state = .idle
        if !pending.isEmpty { connect() }
    }

    /// The server sent GOAWAY: new calls go to a new connection; this one finishes its calls.
    func connectionDraining(_ connection: ClientConnection) {
        if case .ready(let current) = state, current === connection {
            state = .idle
            draining[ObjectIdentifier(connection)] = connection
        }
    }

    /// No call on `connection` for the idle timeout: close it; the next call connects again.
    func connectionIdle(_ connection: ClientConnection) {
        if case .ready(let current) = state, current === connection { state = .idle }
        connection.closeGracefully(reason: RPCError(.unavailable, "the connection was idle"))
    }

    func connectionClosed(_ connection: ClientConnection) {
        draining[ObjectIdentifier(connection)] = nil
        if case .ready(let current) = state, current === connection {
            state = .idle
            if !pending.isEmpty { connect() }
        }
    }
}

/// A non-blocking connect that tries each address in turn, within a timeout. Loop-owned.
final class Connector: LoopHandler {
    private let loop: EventLoop
    private var addresses: [ResolvedAddress]
    private let timeout: Duration
    private let done: (Result<Int32, RPCError>) -> Void
    private var fd: Int32 = -1
    private var timer: UInt64?
    private var lastError = "no address"
    private var finished = false

    init(loop: EventLoop, addresses: [ResolvedAddress], timeout: Duration, done: @escaping (Result<Int32, RPCError>) -> Void) {
        self.loop = loop
        self.addresses = addresses
        self.timeout = timeout
        self.done = done
    }

    /// Tries the next address, or reports failure when none is left.
    func next() {
        while !addresses.isEmpty {
            let address = addresses.removeFirst()
            guard let fd = try? Socket.make(family: address.family) else { continue }
            Socket.configure(fd, family: address.family)
            let rc = address.withSockaddr { Glibc.connect(fd, $0, $1) }
            if rc == 0 { return succeed(fd) }
            if errno == EINPROGRESS {
                self.fd = fd
                loop.register(fd, events: EPOLLOUT.rawValue, handler: self)
                timer = loop.schedule(at: .now + timeout) { [weak self] in self?.timedOut() }
                return
            }
            lastError = Socket.error()
            close(fd)
        }
        finish(.failure(RPCError(.unavailable, lastError)))
    }

    func handle(events: UInt32) {
        guard fd >= 0 else { return }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        let socket = fd
        stopWatching()
        if error == 0 { return succeed(socket) }
        lastError = Socket.error(error)
        close(socket)
        next()
    }

    private func timedOut() {
        guard fd >= 0 else { return }
        let socket = fd
        stopWatching()
        close(socket)
        lastError = "connect timed out"
        next()
    }

    /// The channel no longer wants the connection.
    func abandon() {
        guard !finished else { return }
        finished = true
        if fd >= 0 {
            let socket = fd
            stopWatching()
            close(socket)
        }
    }

    private func stopWatching() {
        loop.deregister(fd)
        if let timer { loop.cancelTimer(timer) }
        timer = nil
        fd = -1
    }

    private func succeed(_ fd: Int32) {
        finish(.success(fd))
    }

    private func finish(_ result: Result<Int32, RPCError>) {
        guard !finished else {
            if case .success(let fd) = result { close(fd) }
            return
        }
        finished = true
        done(result)
    }
}
