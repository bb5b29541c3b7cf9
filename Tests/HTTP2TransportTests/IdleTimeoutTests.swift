import GRPCCore
import HTTP2Transport
import Testing

/// The client idle timeout: a connection without calls is closed, and the channel connects
/// again on its next call.
@Suite struct ClientIdleTimeoutTests {
    @Test func anIdleConnectionIsClosedWithGoawayAndTheNextCallConnectsAgain() async throws {
        let listener = try RawListener()
        var configuration = HTTP2Channel.Configuration()
        configuration.idleTimeout = .milliseconds(300)
        let channel = HTTP2Channel(target: listener.address, configuration: configuration)
        defer { channel.close() }
        let first = Task {
            try await onThread { () throws -> (idleFor: Duration, closed: Bool, goaway: Bool) in
                let p = try listener.accept()
                try answerEachRequest(p, count: 1)
                try p.flush()
                let answered = ContinuousClock.now
                let closed = p.waitForClose(timeout: .seconds(20))
                return (ContinuousClock.now - answered, closed, p.frames.contains { $0.type == Frame.goaway })
            }
        }
        let answer = try await Client(channel: channel).unary([5], method: WireService.unary)
        #expect(answer == [5])
        let (idleFor, closed, goaway) = try await first.value
        #expect(closed, "the client closed the idle connection")
        #expect(goaway, "with GOAWAY first")
        #expect(idleFor >= .milliseconds(250), "not before the idle timeout: \(idleFor)")

        let second = Task {
            try await onThread {
                let p = try listener.accept()
                try answerEachRequest(p, count: 1)
                try p.flush()
                _ = p.waitForClose(timeout: .seconds(20))
            }
        }
        let again = try await Client(channel: channel).unary([6], method: WireService.unary)
        #expect(again == [6])
        channel.close()
        try await second.value
    }

    @Test func aConnectionWithACallOpenIsNotIdle() async throws {
        let listener = try RawListener()
        var configuration = HTTP2Channel.Configuration()
        configuration.idleTimeout = .milliseconds(100)
        let channel = HTTP2Channel(target: listener.address, configuration: configuration)
        defer { channel.close() }
        let server = Task {
            try await onThread { () throws -> Bool in
                let p = try listener.accept()
                // The call stays open for ten idle timeouts before it is answered.
                try p.pump { p in p.frames.contains { $0.stream > 0 && $0.endStream } }
                let openUntil = ContinuousClock.now + .seconds(1)
                var closedEarly = false
                while ContinuousClock.now < openUntil && !closedEarly {
                    closedEarly = p.waitForClose(timeout: .milliseconds(100))
                }
                guard !closedEarly else { return false }
                try answerEachRequest(p, count: 1)
                try p.flush()
                _ = p.waitForClose(timeout: .seconds(20))
                return true
            }
        }
        let answer = try await Client(channel: channel).unary([7], method: WireService.unary)
        #expect(answer == [7])
        channel.close()
        let stayedOpen = try await server.value
        #expect(stayedOpen)
    }
}
