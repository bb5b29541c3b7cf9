import GRPCCore
import Testing

@Suite struct CallOptionsTests {
    let start = ContinuousClock.now

    @Test func theEarlierOfTimeoutAndDeadlineWins() {
        let options = CallOptions(deadline: start + .seconds(5), timeout: .seconds(2))
        #expect(options.effectiveDeadline(startingAt: start) == start + .seconds(2))
        #expect(CallOptions(timeout: .seconds(-3)).effectiveDeadline(startingAt: start) == start)
    }

    @Test(arguments: [Duration.seconds(Int64.max), .seconds(Int64.max) * 18, CallOptions.longestTimeout])
    func aTimeoutBeyondTheLongestIsNoDeadline(_ timeout: Duration) {
        #expect(CallOptions(timeout: timeout).effectiveDeadline(startingAt: start) == nil)
        #expect(CallOptions(deadline: start + timeout).effectiveDeadline(startingAt: start) == nil)
        let both = CallOptions(deadline: start + .seconds(1), timeout: timeout)
        #expect(both.effectiveDeadline(startingAt: start) == start + .seconds(1))
    }

    @Test func theLongestGRPCTimeoutIsAccepted() throws {
        let timeout = try GRPCTimeout.decode("99999999H")
        #expect(CallOptions.deadline(after: timeout, from: start) == nil)
        let year = try GRPCTimeout.decode("8760H")
        #expect(CallOptions.deadline(after: year, from: start) == start + .seconds(8760 * 3600))
    }
}
