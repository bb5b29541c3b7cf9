@testable import GRPCCore
import Synchronization
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

    @Test func instantsBeyondAnyClockNeverBreakTheTimer() async {
        // Each far sleeper is, for a while, the earliest entry the timer thread waits for.
        for far in [ContinuousClock.now + .seconds(Int64.max), .now + .seconds(Int64.max) * 18] {
            let sleeper = Task { await DeadlineTimer.shared.sleep(until: far) }
            try? await Task.sleep(for: .milliseconds(20))
            let due = ContinuousClock.now + .milliseconds(10)
            #expect(await DeadlineTimer.shared.sleep(until: due))
            #expect(ContinuousClock.now >= due)
            sleeper.cancel()
            #expect(await sleeper.value == false)
        }
    }

    @Test func aScheduledActionRunsAtItsDeadlineAndACancelledOneNever() async throws {
        let ran = Mutex<[Int]>([])
        // Far enough that the cancel below lands first even on a loaded machine (at 20 ms the
        // suite run beside other builds saw both actions run).
        let due = ContinuousClock.now + .seconds(1)
        _ = DeadlineTimer.shared.schedule(at: due) { ran.withLock { $0.append(ContinuousClock.now >= due ? 1 : -1) } }
        let cancelled = DeadlineTimer.shared.schedule(at: due) { ran.withLock { $0.append(2) } }
        #expect(DeadlineTimer.shared.cancel(cancelled))
        #expect(!DeadlineTimer.shared.cancel(cancelled))
        let end = ContinuousClock.now + .seconds(5)
        while ran.withLock({ $0.isEmpty }) && ContinuousClock.now < end { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(30))
        #expect(ran.withLock { $0 } == [1])
    }

    @Test func anActionBeyondAnyClockNeverRunsNorDelaysEarlierOnes() async throws {
        let ran = Atomic<Int>(0)
        let far = DeadlineTimer.shared.schedule(at: .now + .seconds(Int64.max) * 18) { ran.add(100, ordering: .relaxed) }
        try await Task.sleep(for: .milliseconds(20))
        _ = DeadlineTimer.shared.schedule(at: .now + .milliseconds(10)) { ran.add(1, ordering: .relaxed) }
        let end = ContinuousClock.now + .seconds(5)
        while ran.load(ordering: .relaxed) == 0 && ContinuousClock.now < end { try await Task.sleep(for: .milliseconds(5)) }
        #expect(ran.load(ordering: .relaxed) == 1)
        #expect(DeadlineTimer.shared.cancel(far))
    }
}
