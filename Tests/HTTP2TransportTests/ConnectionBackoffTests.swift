import GRPCCore
@testable import HTTP2Transport
import Synchronization
import Testing

/// Reconnect timing after failed connects (gRPC's connection-backoff.md), and its settings.
@Suite struct ConnectionBackoffTests {
    @Test func theDefaultsAreGRPCsNumbers() {
        var backoff = Backoff(HTTP2Channel.ConnectionBackoff())
        var expected = 1.0
        for attempt in 0..<15 {
            let delay = backoff.next()
            let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
            #expect(seconds >= expected * 0.8 - 1e-9 && seconds <= expected * 1.2 + 1e-9, "attempt \(attempt): \(delay)")
            expected = min(expected * 1.6, 120)
        }
        #expect(backoff.connectTimeout == .seconds(120), "max(current backoff, 20 s)")
        backoff.reset()
        #expect(backoff.connectTimeout == .seconds(20))
    }

    @Test func outOfRangeSettingsAreBroughtIntoRange() {
        var zero = Backoff(HTTP2Channel.ConnectionBackoff(initial: .zero, multiplier: 0.5, jitter: 7, maximum: .zero))
        for _ in 0..<5 {
            let delay = zero.next()
            #expect(delay >= .zero && delay <= .milliseconds(2), "at least 1 ms, jitter at most 100%: \(delay)")
        }
        var huge = Backoff(HTTP2Channel.ConnectionBackoff(
            initial: .seconds(1), multiplier: 1e300, jitter: .nan, maximum: .seconds(Int64.max)))
        #expect(huge.next() == .seconds(1), "no jitter when it is not a number")
        #expect(huge.next() == .seconds(Int64.max), "the maximum, without overflowing on the way")
        #expect(huge.next() == .seconds(Int64.max))
    }

    @Test func aShorterBackoffRetriesSooner() async throws {
        let port = try freePort()  // nothing listens: each attempt is refused at once
        func attempts(with backoff: HTTP2Channel.ConnectionBackoff) async -> Int {
            let count = Atomic<Int>(0)
            var configuration = HTTP2Channel.Configuration()
            configuration.backoff = backoff
            // A host name, so that every connect attempt asks for a lookup, which counts it.
            configuration.resolve = { _ throws(RPCError) in
                count.add(1, ordering: .relaxed)
                return try ResolvedAddress.resolve(.tcp(host: "127.0.0.1", port: port), passive: false)
            }
            let channel = HTTP2Channel(target: .tcp(host: "nothing.example", port: port), configuration: configuration)
            defer { channel.close() }
            _ = try? await Client(channel: channel).unary(
                [1], method: WireService.unary, options: CallOptions(timeout: .seconds(1), waitForReady: true))
            return count.load(ordering: .relaxed)
        }
        let short = await attempts(with: HTTP2Channel.ConnectionBackoff(initial: .milliseconds(20), multiplier: 1, jitter: 0))
        let standard = await attempts(with: HTTP2Channel.ConnectionBackoff())
        #expect(short >= 5, "a retry every 20 ms for a second: \(short) attempts")
        #expect(standard <= 2, "gRPC's 1 s first backoff: \(standard) attempts")
    }
}
