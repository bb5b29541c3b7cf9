import CNGHTTP2
import GRPCCore
import Glibc
import HTTP2Transport
import Synchronization
import Testing

/// Keepalive both ways (gRPC doc/keepalive.md, A8, A9): client pings and their timeout, the
/// server's idle and age limits, its pings, and its policy for client pings (too_many_pings)
/// with the client's back-off. Intervals are short; bounds are generous (loaded machines):
/// timers never fire early, so lower bounds are tight and upper bounds loose.
@Suite struct KeepaliveTests {
    private static let enhanceYourCalm = NGHTTP2_ENHANCE_YOUR_CALM.rawValue

    private func channel(_ address: SocketAddress, time: Duration, timeout: Duration = .seconds(20),
                         permitWithoutCalls: Bool) -> HTTP2Channel
    {
        var configuration = HTTP2Channel.Configuration()
        configuration.keepalive = HTTP2Channel.Keepalive(time: time, timeout: timeout, permitWithoutCalls: permitWithoutCalls)
        return HTTP2Channel(target: address, configuration: configuration)
    }

    /// PINGs (not acks) `peer` received.
    private static func pings(_ peer: RawPeer) -> [Frame] {
        peer.frames.filter { $0.type == Frame.ping && $0.flags & 1 == 0 }
    }

    /// The shortest gap between consecutive frames.
    private static func shortestGap(_ frames: [Frame]) -> Duration {
        zip(frames.dropFirst(), frames).map { $0.received - $1.received }.min() ?? .zero
    }

    /// Accepts a connection, answers its first call with [9], and returns the peer.
    private static func acceptAndAnswer(_ listener: RawListener) throws -> RawPeer {
        let p = try listener.accept()
        try answerOK(p, try waitForRequest(p))
        try p.flush()
        return p
    }

    // MARK: client pings

    @Test func theClientPingsAnIdleConnectionAtTheInterval() async throws {
        let listener = try RawListener()
        let channel = channel(listener.address, time: .milliseconds(200), permitWithoutCalls: true)
        defer { channel.close() }
        let server = Task {
            try await onThread { () throws -> Duration in
                let p = try Self.acceptAndAnswer(listener)
                try p.pump { Self.pings($0).count >= 4 }
                return Self.shortestGap(Self.pings(p))
            }
        }
        _ = try await Client(channel: channel).unary([1], method: WireService.unary, options: CallOptions(timeout: .seconds(60)))
        // Each ping's ack is read after the peer saw the ping, and the next ping waits 200 ms
        // from the last read: pings are at least 200 ms apart (and 4 came within the timeout).
        let gap = try await server.value
        #expect(gap >= .milliseconds(190), "pings are an interval apart, measured from the last read: \(gap)")
    }

    @Test func withoutCallsTheClientPingsOnlyWhenPermitted() async throws {
        let listener = try RawListener()
        let channel = channel(listener.address, time: .milliseconds(100), permitWithoutCalls: false)
        defer { channel.close() }
        let client = Client(channel: channel)
        let server = Task {
            try await onThread { () throws -> Int in
                let p = try Self.acceptAndAnswer(listener)
                let answered = ContinuousClock.now
                // 1 s without a call: no ping. (A loaded machine may delay the answer past
                // 100 ms of silence during the call: a ping then is legitimate; those arrive
                // right after the answer, so count from 500 ms on.)
                try? p.pump(timeout: .seconds(1)) { _ in false }
                let idlePings = Self.pings(p).filter { $0.received > answered + .milliseconds(500) }.count
                // A call the server does not answer yet: pings come.
                try p.pump { p in p.headerFrames(3).count == 1 && p.frames(on: 3).contains(where: \.endStream) }
                let before = Self.pings(p).count
                try p.pump { Self.pings($0).count >= before + 2 }
                try answerOK(p, 3)
                try p.flush()
                _ = p.waitForClose()
                return idlePings
            }
        }
        _ = try await client.unary([1], method: WireService.unary, options: CallOptions(timeout: .seconds(60)))
        try await Task.sleep(for: .milliseconds(1200))
        _ = try await client.unary([2], method: WireService.unary, options: CallOptions(timeout: .seconds(60)))
        channel.close()
        let idle = try await server.value
        #expect(idle == 0, "no ping without a call")
    }

    @Test func theClientClosesTheConnectionWhenThePingIsNotAnsweredAndReconnects() async throws {
        let listener = try RawListener()
        let channel = channel(listener.address, time: .milliseconds(200), timeout: .milliseconds(300), permitWithoutCalls: false)
        defer { channel.close() }
        let client = Client(channel: channel)
        let server = Task {
            try await onThread { () throws -> (Bool, Int) in
                // A server that never acks pings and never answers the call.
                let silent = try listener.accept(autoPingAck: false)
                let closed = Self.closedByPeer(silent)
                let second = try Self.acceptAndAnswer(listener)
                _ = second.waitForClose()
                return (closed, Self.pings(silent).count)
            }
        }
        let start = ContinuousClock.now
        let error = await #expect(throws: RPCError.self) {
            _ = try await client.unary([1], method: WireService.unary, options: CallOptions(timeout: .seconds(60)))
        }
        let elapsed = ContinuousClock.now - start
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("keepalive") == true, "\(String(describing: error))")
        #expect(elapsed >= .milliseconds(480) && elapsed < .seconds(30), "ping after 200 ms, 300 ms for its ack: \(elapsed)")
        let answer = try await client.unary([2], method: WireService.unary, options: CallOptions(timeout: .seconds(60)))
        #expect(answer == [9], "the next call connects again")
        channel.close()
        let (closed, pings) = try await server.value
        #expect(closed, "the client closed the silent connection")
        #expect(pings >= 1)
    }

    @Test func afterTooManyPingsTheClientsNextConnectionPingsHalfAsOften() async throws {
        // A strict server (raw) measures the client's pings, sends GOAWAY(ENHANCE_YOUR_CALM,
        // "too_many_pings"), and measures again on the next connection.
        let listener = try RawListener()
        let channel = channel(listener.address, time: .milliseconds(300), permitWithoutCalls: true)
        defer { channel.close() }
        let client = Client(channel: channel)
        let server = Task {
            try await onThread { () throws -> (Duration, Duration) in
                let first = try Self.acceptAndAnswer(listener)
                try first.pump { Self.pings($0).count >= 3 }
                first.goaway(lastStreamID: 1, code: Self.enhanceYourCalm, debugData: Array("too_many_pings".utf8))
                try first.flush()
                _ = first.waitForClose()
                let second = try Self.acceptAndAnswer(listener)
                try second.pump { Self.pings($0).count >= 3 }
                return (Self.shortestGap(Self.pings(first)), Self.shortestGap(Self.pings(second)))
            }
        }
        _ = try await client.unary([1], method: WireService.unary, options: CallOptions(timeout: .seconds(60)))
        // The first connection ends once the GOAWAY came; the next call opens another.
        var second: [UInt8]? = nil
        let end = ContinuousClock.now + .seconds(30)
        while second == nil && ContinuousClock.now < end {
            second = try? await client.unary([2], method: WireService.unary, options: CallOptions(timeout: .seconds(60), waitForReady: true))
        }
        #expect(second == [9])
        let (before, after) = try await server.value
        // Lower bounds only: timers never fire early, but a loaded machine delays them (an upper
        // bound of 570 ms on the first connection failed once at 703 ms).
        #expect(before >= .milliseconds(290), "before the GOAWAY: 300 ms apart: \(before)")
        #expect(after >= .milliseconds(590), "after it: doubled to 600 ms (before: \(before)): \(after)")
    }

    @Test func ourServerTellsOurClientTooManyPingsAndTheClientMovesToANewConnection() async throws {
        var configuration = HTTP2Server.Configuration()
        configuration.keepalive.minPingInterval = .seconds(1)
        configuration.keepalive.permitWithoutCalls = true
        let probe = WireProbe()
        try await withWireServer(probe: probe, configuration: configuration) { address in
            // Pings every 100 ms without calls: the fourth is the third strike (about 400 ms).
            let channel = channel(address, time: .milliseconds(100), permitWithoutCalls: true)
            defer { channel.close() }
            let client = Client(channel: channel)
            // A call that meets the close in flight fails (its stream was processed; on a loaded
            // machine even the first call may see four pings before its answer); the next one
            // goes to a new connection.
            func call(_ message: [UInt8]) async -> [UInt8]? {
                let end = ContinuousClock.now + .seconds(30)
                while ContinuousClock.now < end {
                    if let answer = try? await client.unary(
                        message, method: WireService.unary, options: CallOptions(timeout: .seconds(60), waitForReady: true))
                    {
                        return answer
                    }
                }
                return nil
            }
            #expect(await call([1]) == [1])
            try await Task.sleep(for: .milliseconds(1500))
            #expect(await call([2]) == [2])
        }
        #expect(probe.peers.withLock { $0.count } >= 2, "the server closed the first connection for its pings")
    }

    // MARK: server idle and age

    @Test func theServerDrainsAConnectionIdleForMaxConnectionIdle() async throws {
        var configuration = HTTP2Server.Configuration()
        configuration.keepalive.maxConnectionIdle = .milliseconds(300)
        try await withWireServer(configuration: configuration) { address in
            let (closed, goaways, idleFor, pinged) = try await onThread { () throws -> (Bool, [Frame], Duration, Bool) in
                let p = try rawClient(address)
                // The stream (and so the idle time after it) cannot begin before this.
                let sent = ContinuousClock.now
                let id = p.grpcRequest("/wire.Test/Unary")
                p.data(id, grpcFrame([1]), endStream: true)
                try p.waitForEnd(of: id)
                let closed = Self.closedByPeer(p)
                let goaways = p.frames.filter { $0.type == Frame.goaway }
                return (closed, goaways, (goaways.first?.received ?? sent) - sent, !Self.pings(p).isEmpty)
            }
            #expect(closed, "the idle connection was closed")
            // The drain's notice and PING (the raw peer's nghttp2 session, left without streams
            // by the notice, was seen not to report the final GOAWAY, although the close came a
            // round trip later, not after the 2 s PING timeout; GracefulShutdownTests checks
            // the whole sequence with a call open).
            #expect(goaways.first?.lastStreamID == Int32.max, "the drain's notice: \(goaways)")
            #expect(goaways.allSatisfy { $0.errorCode == 0 })
            #expect(pinged, "the drain's PING")
            #expect(idleFor >= .milliseconds(300), "only after the idle time: \(idleFor)")
        }
    }

    @Test func aConnectionStalledInTheMiddleOfAFrameIsClosedWhenIdle() async throws {
        var configuration = HTTP2Server.Configuration()
        configuration.keepalive.maxConnectionIdle = .milliseconds(300)
        try await withWireServer(configuration: configuration) { address in
            let elapsed = try await onThread { () throws -> Duration in
                let p = try rawClient(address)
                // Three bytes of a frame header, then nothing; no reads through nghttp2 either
                // (so nothing answers the drain's PING).
                try p.writeRaw([0, 0, 8])
                let start = ContinuousClock.now
                guard Self.waitForEOF(p.fd, timeout: .seconds(30)) else { throw PeerError("still open after 30 s") }
                return ContinuousClock.now - start
            }
            #expect(elapsed >= .milliseconds(250) && elapsed < .seconds(30), "\(elapsed)")
        }
    }

    @Test func maxConnectionAgeDrainsABusyConnectionAndClosesItAfterTheGrace() async throws {
        var configuration = HTTP2Server.Configuration()
        configuration.keepalive.maxConnectionAge = .milliseconds(300)
        configuration.keepalive.maxConnectionAgeGrace = .milliseconds(500)
        try await withWireServer(configuration: configuration) { address in
            let (closed, frames, elapsed) = try await onThread { () throws -> (Bool, [Frame], Duration) in
                let start = ContinuousClock.now
                let p = try rawClient(address)
                let id = p.grpcRequest("/wire.Test/Sleep", [("x-sleep-ms", "60000")])
                p.data(id, grpcFrame([1]), endStream: true)
                try p.flush()
                let closed = Self.closedByPeer(p)
                return (closed, p.frames, ContinuousClock.now - start)
            }
            #expect(closed)
            let goaways = frames.filter { $0.type == Frame.goaway }
            #expect(goaways.first?.lastStreamID == Int32.max, "drained first: \(frames)")
            #expect(goaways.allSatisfy { $0.errorCode == 0 })
            #expect(!frames.contains { $0.stream == 1 && $0.endStream }, "the 60 s call was cut, not finished")
            #expect(elapsed >= .milliseconds(750) && elapsed < .seconds(30), "age (270 ms at least) plus grace (500 ms): \(elapsed)")
        }
    }

    @Test func maxConnectionAgeLetsCallsFinishWithinTheGraceAndNewCallsUseANewConnection() async throws {
        var configuration = HTTP2Server.Configuration()
        configuration.keepalive.maxConnectionAge = .milliseconds(300)
        configuration.keepalive.maxConnectionAgeGrace = .seconds(20)
        let probe = WireProbe()
        try await withWireServer(probe: probe, configuration: configuration) { address in
            let channel = HTTP2Channel(target: address)
            defer { channel.close() }
            let client = Client(channel: channel)
            var md = Metadata()
            try md.add("x-sleep-ms", "1000")
            let long = try await client.unary([1], method: WireService.sleep, metadata: md, options: CallOptions(timeout: .seconds(60)))
            #expect(long == [1], "the call outlived the connection's age and finished")
            let next = try await client.unary([2], method: WireService.unary, options: CallOptions(timeout: .seconds(60), waitForReady: true))
            #expect(next == [2])
        }
        #expect(probe.peers.withLock { $0.count } == 2, "the second call came on a new connection")
    }

    // MARK: server pings

    @Test func theServerPingsASilentClientAndClosesTheConnectionWhenNoAnswerComes() async throws {
        var configuration = HTTP2Server.Configuration()
        configuration.keepalive.time = .milliseconds(200)
        configuration.keepalive.timeout = .milliseconds(300)
        try await withWireServer(configuration: configuration) { address in
            // Both clients are read at the same time, on threads of their own.
            async let answeringPeer = onThread { () throws -> RawPeer in
                let p = try rawClient(address)
                try? p.pump(timeout: .seconds(2)) { _ in false }
                return p
            }
            async let silentPeer = onThread { () throws -> (RawPeer, Bool, Duration) in
                let p = try RawPeer.connect(to: address, autoPingAck: false)
                let start = ContinuousClock.now
                try p.pump { p in p.frames.contains { $0.type == Frame.settings } }
                let closed = Self.closedByPeer(p)
                return (p, closed, ContinuousClock.now - start)
            }
            let (silent, silentClosed, silentElapsed) = try await silentPeer
            let answering = try await answeringPeer
            #expect(silentClosed, "a client that does not answer pings is closed")
            #expect(Self.pings(silent).count >= 1)
            #expect(silentElapsed >= .milliseconds(480) && silentElapsed < .seconds(30), "\(silentElapsed)")
            #expect(!answering.eof, "a client that answers stays connected")
            #expect(Self.pings(answering).count >= 2, "and is pinged again: \(answering.frames)")
        }
    }

    // MARK: the ping policy

    @Test func aClientPingingEvery10msGetsGoawayEnhanceYourCalm() async throws {
        try await withWireServer { address in
            let (goaway, closed, sent) = try await onThread { () throws -> (Frame?, Bool, Int) in
                let p = try rawClient(address)
                var sent = 0
                while sent < 500, !p.frames.contains(where: { $0.type == Frame.goaway }), !p.eof {
                    p.ping()
                    sent += 1
                    try? p.pump(timeout: .milliseconds(10)) { p in p.frames.contains { $0.type == Frame.goaway } }
                }
                let closed = Self.closedByPeer(p)
                return (p.frames.first { $0.type == Frame.goaway }, closed, sent)
            }
            #expect(goaway?.errorCode == Self.enhanceYourCalm, "\(String(describing: goaway))")
            #expect(goaway.map { String(decoding: $0.debugData, as: UTF8.self) } == "too_many_pings")
            #expect(closed)
            #expect(sent >= 4, "two strikes are tolerated: the first ping is free, the fourth is the third strike")
        }
    }

    @Test func pingsThatFollowDataAreAllowed() async throws {
        try await withWireServer { address in
            let (goaways, eof, acks) = try await onThread { () throws -> ([Frame], Bool, Int) in
                let p = try rawClient(address)
                for i in 0..<8 {
                    let id = p.grpcRequest("/wire.Test/Unary")
                    p.data(id, grpcFrame([UInt8(i)]), endStream: true)
                    try p.waitForEnd(of: id)
                    p.ping()
                    try p.pump { p in p.frames.filter { $0.type == Frame.ping && $0.flags & 1 != 0 }.count == i + 1 }
                }
                try? p.pump(timeout: .milliseconds(300)) { _ in false }
                return (p.frames.filter { $0.type == Frame.goaway }, p.eof, p.frames.filter { $0.type == Frame.ping && $0.flags & 1 != 0 }.count)
            }
            #expect(goaways.isEmpty, "\(goaways)")
            #expect(!eof)
            #expect(acks == 8)
        }
    }

    /// Whether the other side closed the connection within 30 s. Pumps frames (so they are
    /// recorded); a write that failed because the other side was gone counts as closed too.
    private static func closedByPeer(_ p: RawPeer) -> Bool {
        p.waitForClose() || waitForEOF(p.fd, timeout: .seconds(5))
    }

    /// Reads raw bytes from `fd` (without answering anything) until end of file; false if
    /// `timeout` passes first.
    private static func waitForEOF(_ fd: Int32, timeout: Duration) -> Bool {
        let end = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < end {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 100) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            if n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN) { return true }
        }
        return false
    }
}
