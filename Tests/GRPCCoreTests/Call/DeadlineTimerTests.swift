@testable import GRPCCore
import Testing

@Suite struct DeadlineTimerTests {
    @Test func aSleepEndsAtItsDeadlineNotBefore() async {
        let start = ContinuousClock.now
        let due = start + .milliseconds(30)
        #expect(await DeadlineTimer.shared.sleep(until: due))
        #expect(ContinuousClock.now >= due)
    }

    @Test func aPastDeadlineEndsAtOnce() async {
        #expect(await DeadlineTimer.shared.sleep(until: .now - .seconds(1)))
    }

    @Test func aCancelledSleepEndsAtOnceAndSaysSo() async {
        let start = ContinuousClock.now
        let sleeper = Task { await DeadlineTimer.shared.sleep(until: .now + .seconds(60)) }
        try? await Task.sleep(for: .milliseconds(5))
        sleeper.cancel()
        #expect(await sleeper.value == false)
        // Far sooner than the 60 s it was due; generous, for a loaded machine.
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    @Test func cancelledSleepsAreForgottenNotKeptUntilDue() async {
        for _ in 0..<5_000 {
            let sleeper = Task { await DeadlineTimer.shared.sleep(until: .now + .seconds(600)) }
            await Task.yield()
            sleeper.cancel()
            _ = await sleeper.value
        }
        // Other tests may hold a few live sleeps; 5,000 dead ones would show.
        #expect(DeadlineTimer.shared.heldEntries < 200)
    }

    @Test func manySleepersEachWakeAtOrAfterTheirOwnDeadline() async {
        let base = ContinuousClock.now + .milliseconds(20)
        let early = await withTaskGroup(of: Bool.self) { group in
            for i in (0..<20).reversed() {
                group.addTask {
                    let due = base + .milliseconds(5 * i)
                    let expired = await DeadlineTimer.shared.sleep(until: due)
                    return !expired || ContinuousClock.now < due
                }
            }
            var early = 0
            for await wrong in group where wrong { early += 1 }
            return early
        }
        #expect(early == 0)
    }
}
