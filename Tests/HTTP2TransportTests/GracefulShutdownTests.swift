import CNGHTTP2
import GRPCCore
import HTTP2Transport
import Synchronization
import Testing

/// A server that shuts down gracefully: the two-step GOAWAY, calls in flight finish within
/// the grace period, the rest end with UNAVAILABLE, and clients move on to a new server.
@Suite struct GracefulShutdownTests {
    /// A client loop no other test uses. On the shared loop, busy with other tests' jobs, a
    /// call could be opened before the loop got round to reading the GOAWAY already in its
    /// socket, and (correctly) go to the draining server.
    static let quietClientLoop = EventLoop(name: "test-drain-client")
    /// Runs `WireService` in a task until it is told to stop; returns the server, its address
    /// and the task.
    private func startServer(
        probe: WireProbe, port: Int = 0, grace: Duration = .seconds(30), onShutdown: (@Sendable () -> Void)? = nil
    ) async throws -> (HTTP2Server, SocketAddress, Task<Void, any Error>) {
        var configuration = HTTP2Server.Configuration()
        configuration.shutdownGracePeriod = grace
        configuration.onShutdown = onShutdown
        let server = HTTP2Server(
            Server(services: [WireService(probe: probe)]), addresses: [.tcp(host: "127.0.0.1", port: port)],
            configuration: configuration)
        let bound = Mutex<Result<SocketAddress, RPCError>?>(nil)
        let task = Task {
            do {
                try await server.run { addresses in bound.withLock { $0 = .success(addresses[0]) } }
            } catch {
                bound.withLock { $0 = $0 ?? .failure(RPCError(from: error)) }
                throw error
            }
        }
        let end = ContinuousClock.now + .seconds(30)
        while bound.withLock({ $0 }) == nil && ContinuousClock.now < end { try await Task.sleep(for: .milliseconds(5)) }
        return (server, try #require(bound.withLock { $0 }).get(), task)
    }

    private func sleepCall(_ client: Client, ms: Int, options: CallOptions = CallOptions(timeout: .seconds(120))) async throws -> [UInt8] {
        var md = Metadata()
        try md.add("x-sleep-ms", String(ms))
        return try await client.unary([1], method: WireService.sleep, metadata: md, options: options)
    }

    private func waitUntil(_ condition: () -> Bool) async throws {
        let end = ContinuousClock.now + .seconds(30)
        while !condition() {
            guard ContinuousClock.now < end else { throw PeerError("condition never held") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test func theServerSendsANoticeGoawayAndPingThenTheFinalGoaway() async throws {
        let probe = WireProbe()
        let (server, address, task) = try await startServer(probe: probe)
        // A call in flight (its requests not ended) keeps the raw peer's session reading.
        let peer = try await onThread { () throws -> RawPeer in
            let p = try rawClient(address)
            let id = p.grpcRequest("/wire.Test/SlowSink")
            p.data(id, grpcFrame([1]))
            try p.flush()
            return p
        }
        try await waitUntil { probe.started.load(ordering: .relaxed) == 1 }
        server.beginGracefulShutdown()
        let closed = try await onThread { () throws -> Bool in
            try peer.pump { p in p.frames.filter { $0.type == Frame.goaway }.count == 2 }
            // Now end the call: the handler answers and the connection closes.
            peer.data(1, [], endStream: true)
            return peer.waitForClose()
        }
        #expect(closed)
        let goaways = peer.frames.filter { $0.type == Frame.goaway }
        #expect(goaways.map(\.lastStreamID) == [Int32.max, 1], "frames: \(peer.frames)")
        #expect(goaways.allSatisfy { $0.errorCode == 0 })
        #expect(peer.frames.contains { $0.type == Frame.ping && $0.flags & 1 == 0 }, "the server pinged")
        #expect(status(peer, 1).code == 0, "the call in flight finished")
        try await task.value
    }

    @Test func callsInFlightFinishWithinTheGracePeriod() async throws {
        let probe = WireProbe()
        let shutdownSeen = Atomic<Int>(0)
        let (server, address, task) = try await startServer(probe: probe) { shutdownSeen.add(1, ordering: .relaxed) }
        let channel = HTTP2Channel(target: address)
        defer { channel.close() }
        let call = Task { try await sleepCall(Client(channel: channel), ms: 1500) }
        try await waitUntil { probe.started.load(ordering: .relaxed) == 1 }
        server.beginGracefulShutdown()
        server.beginGracefulShutdown()
        #expect(try await call.value == [1])
        try await task.value
        #expect(shutdownSeen.load(ordering: .relaxed) == 1, "onShutdown runs once")
    }

    @Test func callsStillRunningWhenTheGracePeriodEndsFailWithUnavailable() async throws {
        let probe = WireProbe()
        let (server, address, task) = try await startServer(probe: probe, grace: .milliseconds(300))
        let channel = HTTP2Channel(target: address)
        defer { channel.close() }
        let call = Task { try await sleepCall(Client(channel: channel), ms: 120_000) }
        try await waitUntil { probe.started.load(ordering: .relaxed) == 1 }
        let start = ContinuousClock.now
        server.beginGracefulShutdown()
        let error = await #expect(throws: RPCError.self) { try await call.value }
        #expect(error?.code == .unavailable)
        try await task.value
        #expect(ContinuousClock.now - start < .seconds(30), "run returned long before the handler's 120 s")
    }

    @Test func cancellingRunsTaskIsAGracefulShutdownToo() async throws {
        let probe = WireProbe()
        let (_, address, task) = try await startServer(probe: probe)
        let channel = HTTP2Channel(target: address)
        defer { channel.close() }
        let call = Task { try await sleepCall(Client(channel: channel), ms: 1000) }
        try await waitUntil { probe.started.load(ordering: .relaxed) == 1 }
        task.cancel()
        #expect(try await call.value == [1])
        try await task.value
    }

    @Test func newCallsGoToTheNewServerWhileTheOldOneDrains() async throws {
        let oldProbe = WireProbe()
        let newProbe = WireProbe()
        let (oldServer, address, oldTask) = try await startServer(probe: oldProbe)
        guard case .tcp(_, let port) = address else { throw PeerError("not tcp") }
        let channel = HTTP2Channel(target: address, loop: Self.quietClientLoop)
        defer { channel.close() }
        let client = Client(channel: channel)
        let long = Task { try await sleepCall(client, ms: 3000) }
        try await waitUntil { oldProbe.started.load(ordering: .relaxed) == 1 }
        oldServer.beginGracefulShutdown()
        // A new server takes the port once the old one has stopped listening.
        var started: (HTTP2Server, SocketAddress, Task<Void, any Error>)? = nil
        let end = ContinuousClock.now + .seconds(30)
        while started == nil {
            do { started = try await startServer(probe: newProbe, port: port) } catch {
                guard ContinuousClock.now < end else { throw error }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let (newServer, _, newTask) = started!
        let quick = try await sleepCall(client, ms: 0, options: CallOptions(timeout: .seconds(60), waitForReady: true))
        #expect(quick == [1])
        #expect(newProbe.started.load(ordering: .relaxed) == 1, "the new call went to the new server")
        #expect(oldProbe.started.load(ordering: .relaxed) == 1)
        #expect(try await long.value == [1], "the old server finished its call")
        try await oldTask.value
        newServer.beginGracefulShutdown()
        try await newTask.value
    }
}
