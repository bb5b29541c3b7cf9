@testable import HTTP2Transport
import Testing

/// The connection's send budget charges each queued message until nghttp2 has taken its last
/// byte, oldest first, whether a stream has one message queued or many.
@Suite struct SendBudgetTests {
    @Test func messagesAreFreedOldestFirstAsTheirLastByteIsTaken() {
        let budget = SendBudget(limit: 1 << 20)
        let account = SendBudget.Account()
        for size in [100, 200, 300] { #expect(budget.tryAcquire(size, for: account)) }
        #expect(budget.used == 600 + 3 * SendBudget.cost(0))

        budget.release(99, for: account)
        #expect(budget.used == 600 + 3 * SendBudget.cost(0), "the first message is not wholly taken")
        budget.release(1, for: account)
        #expect(budget.used == SendBudget.cost(200) + SendBudget.cost(300))
        budget.release(250, for: account)
        #expect(budget.used == SendBudget.cost(300), "the second is gone, 50 bytes of the third taken")

        // Queue more behind a partly taken message, then drain it all.
        #expect(budget.tryAcquire(10, for: account))
        budget.release(250, for: account)
        #expect(budget.used == SendBudget.cost(10))
        budget.release(10, for: account)
        #expect(budget.used == 0)

        // One message at a time, as a unary response queues it, again and again.
        for _ in 0..<3 {
            #expect(budget.tryAcquire(40, for: account))
            #expect(budget.used == SendBudget.cost(40))
            budget.release(40, for: account)
            #expect(budget.used == 0)
        }

        // Closing frees whatever is still queued.
        #expect(budget.tryAcquire(70, for: account))
        #expect(budget.tryAcquire(80, for: account))
        budget.release(30, for: account)
        budget.close(account)
        #expect(budget.used == 0)
    }
}
