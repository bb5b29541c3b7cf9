import GRPCCore
import Glibc
import HTTP2Transport
import Testing

/// Whether this machine can listen on the IPv6 loopback.
func hasIPv6Loopback() -> Bool {
    let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var sin6 = sockaddr_in6()
    sin6.sin6_family = sa_family_t(AF_INET6)
    sin6.sin6_addr = in6addr_loopback
    return withUnsafePointer(to: &sin6) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
    } == 0
}

/// The peer string handlers see, and binding.
@Suite struct PeerAndBindTests {
    @Test func anIPv4PeerIsIpv4AddressAndPort() async throws {
        let probe = WireProbe()
        let port = try await withWireServer(probe: probe) { address in
            try await onThread {
                let p = try rawClient(address)
                let id = p.grpcRequest("/wire.Test/Unary")
                p.data(id, grpcFrame([1]), endStream: true)
                try p.waitForEnd(of: id)
                return localPort(p.fd)
            }
        }
        #expect(probe.peer.withLock { $0 } == "ipv4:127.0.0.1:\(port)")
    }

    @Test(.enabled(if: hasIPv6Loopback(), "no IPv6 loopback on this machine"))
    func anIPv6PeerIsBracketed() async throws {
        let probe = WireProbe()
        let port = try await withWireServer(probe: probe, at: .tcp(host: "::1", port: 0)) { address in
            try await onThread {
                let p = try rawClient(address)
                let id = p.grpcRequest("/wire.Test/Unary")
                p.data(id, grpcFrame([1]), endStream: true)
                try p.waitForEnd(of: id)
                return localPort(p.fd)
            }
        }
        #expect(probe.peer.withLock { $0 } == "ipv6:[::1]:\(port)")
    }

    @Test func aUnixPeerIsUnixAndThePath() async throws {
        let probe = WireProbe()
        let path = tempSocketPath("peer")
        try await withWireServer(probe: probe, at: .unix(path: path)) { address in
            let channel = HTTP2Channel(target: address)
            defer { channel.close() }
            _ = try await Client(channel: channel).unary([1], method: WireService.unary)
        }
        #expect(probe.peer.withLock { $0 } == "unix:\(path)")
    }

    @Test func aStaleUnixSocketFileIsReplaced() async throws {
        let path = tempSocketPath("stale")
        // A socket file left behind by a process that died without unlinking it.
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var un = sockaddrUn(path)
        let rc = withUnsafePointer(to: &un) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        close(fd)
        try #require(rc == 0 && access(path, F_OK) == 0)
        let answer = try await withWireServer(at: .unix(path: path)) { address in
            let channel = HTTP2Channel(target: address)
            defer { channel.close() }
            return try await Client(channel: channel).unary([5], method: WireService.unary)
        }
        #expect(answer == [5])
    }

    @Test func portZeroReportsTheBoundPort() async throws {
        try await withWireServer { address in
            guard case .tcp(let host, let port) = address else { Issue.record("not TCP: \(address)"); return }
            #expect(host == "127.0.0.1")
            #expect(port > 0)
            let channel = HTTP2Channel(target: .tcp(host: "127.0.0.1", port: port))
            defer { channel.close() }
            let answer = try await Client(channel: channel).unary([3], method: WireService.unary)
            #expect(answer == [3])
        }
    }
}

/// Connecting, waiting for ready, reconnecting, multiplexing.
@Suite struct ConnectionManagementTests {
    @Test func aCallToAPortWhereNothingListensFailsFastWithUnavailable() async throws {
        let channel = HTTP2Channel(target: .tcp(host: "127.0.0.1", port: try freePort()))
        defer { channel.close() }
        let start = ContinuousClock.now
        let error = await #expect(throws: RPCError.self) {
            try await Client(channel: channel).unary([1], method: WireService.unary, options: CallOptions(timeout: .seconds(60)))
        }
        #expect(error?.code == .unavailable)
        #expect(ContinuousClock.now - start < .seconds(20), "fails fast, long before its deadline")
    }

    // A Unix socket path, not a TCP port: a port found free and released could be taken (by
    // another test's connection) before the server binds it (seen: "Address already in use").
    @Test func waitForReadySucceedsOnceAServerStartsThere() async throws {
        let address = SocketAddress.unix(path: tempSocketPath("wait-for-ready"))
        let channel = HTTP2Channel(target: address)
        defer { channel.close() }
        let call = Task {
            try await Client(channel: channel).unary(
                [4], method: WireService.unary, options: CallOptions(timeout: .seconds(60), waitForReady: true))
        }
        // The first attempt fails (nothing listens yet); the call waits through the backoff.
        try await Task.sleep(for: .milliseconds(300))
        let answer = try await withWireServer(at: address) { _ in
            try await call.value
        }
        #expect(answer == [4])
    }

    @Test func waitForReadyFailsWithDeadlineExceededAtItsDeadline() async throws {
        let channel = HTTP2Channel(target: .tcp(host: "127.0.0.1", port: try freePort()))
        defer { channel.close() }
        let start = ContinuousClock.now
        let error = await #expect(throws: RPCError.self) {
            try await Client(channel: channel).unary(
                [1], method: WireService.unary, options: CallOptions(timeout: .milliseconds(700), waitForReady: true))
        }
        #expect(error?.code == .deadlineExceeded)
        #expect(ContinuousClock.now - start >= .milliseconds(650))
    }

    // At a Unix socket path, for the reason above.
    @Test func theChannelReconnectsAfterTheServerRestarts() async throws {
        let address = SocketAddress.unix(path: tempSocketPath("reconnect"))
        let channel = HTTP2Channel(target: address)
        defer { channel.close() }
        let client = Client(channel: channel)
        let first = try await withWireServer(at: address) { _ in try await client.unary([1], method: WireService.unary) }
        #expect(first == [1])
        // The server is gone; once it is back, calls succeed again on a new connection. A call
        // racing the old connection's close may fail, with UNAVAILABLE only.
        try await withWireServer(at: address) { _ in
            let end = ContinuousClock.now + .seconds(30)
            var failures: [StatusCode] = []
            while true {
                do {
                    let answer = try await client.unary([2], method: WireService.unary,
                                                        options: CallOptions(timeout: .seconds(30), waitForReady: true))
                    #expect(answer == [2])
                    break
                } catch let error as RPCError {
                    failures.append(error.code)
                    guard ContinuousClock.now < end else { Issue.record("no reconnect: \(failures)"); break }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            #expect(failures.allSatisfy { $0 == .unavailable }, "\(failures)")
            #expect(failures.count <= 1, "\(failures)")
        }
    }

    @Test func twoHundredConcurrentCallsShareOneConnection() async throws {
        let probe = WireProbe()
        try await withWireServer(probe: probe) { address in
            let channel = HTTP2Channel(target: address)
            defer { channel.close() }
            let client = Client(channel: channel)
            let answers = try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for i in 0..<200 {
                    group.addTask { try await client.unary([UInt8(i % 256)], method: WireService.unary) }
                }
                var all: [[UInt8]] = []
                for try await a in group { all.append(a) }
                return all
            }
            #expect(answers.count == 200)
        }
        #expect(probe.started.load(ordering: .relaxed) == 200)
        #expect(probe.peers.withLock { $0.count } == 1, "every call came from one client port: \(probe.peers.withLock { $0 })")
    }
}
