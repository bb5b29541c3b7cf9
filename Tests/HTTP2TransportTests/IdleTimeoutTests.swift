import GRPCCore
import HTTP2Transport
import Testing

/// The client idle timeout: a connection without calls is closed, and the channel connects
/// again on its next call. (Each test makes its calls back to back: a pause between calls
/// could outlast the timeout on a loaded machine.)
@Suite struct ClientIdleTimeoutTests {
    /// Deadlines, so that a connection closed at the wrong time fails a test instead of hanging it.
    static let options = CallOptions(timeout: .seconds(20))

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
        let answer = try await Client(channel: channel).unary([5], method: WireService.unary, options: Self.options)
        #expect(answer == [5])
        let (idleFor, closed, goaway) = try await first.value
        #expect(closed, "the client closed the idle connection")
        #expect(goaway, "with GOAWAY first")
        #expect(idleFor >= .milliseconds(250), "not before the idle timeout: \(idleFor)")
        #expect(!listener.hasPendingConnection(within: .milliseconds(200)), "no new connection before a call needs one")

        let second = Task {
            try await onThread {
                let p = try listener.accept()
                try answerEachRequest(p, count: 1)
                try p.flush()
                _ = p.waitForClose(timeout: .seconds(20))
            }
        }
        let again = try await Client(channel: channel).unary([6], method: WireService.unary, options: Self.options)
        #expect(again == [6])
        channel.close()
        try await second.value
    }

    @Test func aCallOpenLongerThanTheTimeoutKeepsTheConnectionAndIdlenessCountsFromItsEnd() async throws {
        let listener = try RawListener()
        var configuration = HTTP2Channel.Configuration()
        configuration.idleTimeout = .milliseconds(100)
        let channel = HTTP2Channel(target: listener.address, configuration: configuration)
        defer { channel.close() }
        let server = Task {
            try await onThread { () throws -> (stayedOpen: Bool, idleFor: Duration, closed: Bool) in
                let p = try listener.accept()
                // The call stays open for ten idle timeouts before it is answered.
                try p.pump { p in p.frames.contains { $0.stream > 0 && $0.endStream } }
                let openUntil = ContinuousClock.now + .seconds(1)
                var closedEarly = false
                while ContinuousClock.now < openUntil && !closedEarly {
                    closedEarly = p.waitForClose(timeout: .milliseconds(100))
                }
                guard !closedEarly else { return (false, .zero, true) }
                try answerEachRequest(p, count: 1)
                try p.flush()
                let answered = ContinuousClock.now
                let closed = p.waitForClose(timeout: .seconds(20))
                return (true, ContinuousClock.now - answered, closed)
            }
        }
        let answer = try await Client(channel: channel).unary([7], method: WireService.unary, options: Self.options)
        #expect(answer == [7])
        let (stayedOpen, idleFor, closed) = try await server.value
        #expect(stayedOpen, "not closed while the call was open")
        #expect(closed, "closed once idle")
        #expect(idleFor >= .milliseconds(95), "a full timeout after the call ended, not at the timer's next look: \(idleFor)")
    }
}
