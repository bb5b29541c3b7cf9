import CNGHTTP2
import GRPCCore
import Glibc
import HTTP2Transport
import Synchronization
import Testing

/// Keepalive (gRPC doc/keepalive.md, A8, A9): the server's idle and age limits, its pings,
/// and its policy for client pings (too_many_pings). Intervals are short; bounds are generous (loaded machines):
/// timers never fire early, so lower bounds are tight and upper bounds loose.
@Suite struct KeepaliveTests {
    private static let enhanceYourCalm = NGHTTP2_ENHANCE_YOUR_CALM.rawValue

    /// PINGs (not acks) `peer` received.
    private static func pings(_ peer: RawPeer) -> [Frame] {
        peer.frames.filter { $0.type == Frame.ping && $0.flags & 1 == 0 }
    }

    // MARK: server idle and age

    @Test func theServerDrainsAConnectionIdleForMaxConnectionIdle() async throws {
        var configuration = HTTP2Server.Configuration()
        configuration.keepalive.maxConnectionIdle = .milliseconds(300)
        try await withWireServer(configuration: configuration) { address in
            let (closed, goaways, idleFor, pinged) = try await onThread { () throws -> (Bool, [Frame], Duration, Bool) in
                let p = try rawClient(address)
                let id = p.grpcRequest("/wire.Test/Unary")
                p.data(id, grpcFrame([1]), endStream: true)
                try p.waitForEnd(of: id)
                let answered = ContinuousClock.now
                let closed = p.waitForClose()
                let goaways = p.frames.filter { $0.type == Frame.goaway }
                return (closed, goaways, (goaways.first?.received ?? answered) - answered, !Self.pings(p).isEmpty)
            }
            #expect(closed, "the idle connection was closed")
            // The drain's notice and PING (nghttp2 ignores the final GOAWAY once the notice left
            // the raw peer without streams; GracefulShutdownTests checks the whole sequence).
            #expect(goaways.first?.lastStreamID == Int32.max, "the drain's notice: \(goaways)")
            #expect(goaways.allSatisfy { $0.errorCode == 0 })
            #expect(pinged, "the drain's PING")
            #expect(idleFor >= .milliseconds(250), "only after the idle time: \(idleFor)")
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
                let closed = p.waitForClose()
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
                try? p.pump(timeout: .milliseconds(1500)) { _ in false }
                return p
            }
            async let silentPeer = onThread { () throws -> (RawPeer, Duration) in
                let p = try RawPeer.connect(to: address, autoPingAck: false)
                let start = ContinuousClock.now
                try p.pump { p in p.frames.contains { $0.type == Frame.settings } }
                _ = p.waitForClose()
                return (p, ContinuousClock.now - start)
            }
            let (silent, silentElapsed) = try await silentPeer
            let answering = try await answeringPeer
            #expect(silent.eof, "a client that does not answer pings is closed")
            #expect(Self.pings(silent).count >= 1)
            #expect(silentElapsed >= .milliseconds(480) && silentElapsed < .seconds(30), "\(silentElapsed)")
            #expect(!answering.eof, "a client that answers stays connected")
            #expect(Self.pings(answering).count >= 3, "and is pinged again and again: \(answering.frames)")
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
                let closed = p.waitForClose()
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
