import GRPCCore
import Testing

@Suite struct StreamQueueTests {
    @Test func aWriteCancelledWhileWaitingForSpaceDeliversNothing() async throws {
        let queue = StreamQueue<String>(limit: BufferLimit(messages: 1, bytes: 1 << 20))
        try await queue.send("a")
        let blocked = Task { try await queue.send("b") }
        try await Task.sleep(for: .milliseconds(20))
        blocked.cancel()
        let error = await #expect(throws: RPCError.self) { try await blocked.value }
        #expect(error?.code == .cancelled)
        queue.finish()
        var batch: [String] = []
        var all: [String] = []
        while try await queue.take(into: &batch) {
            all += batch
            batch.removeAll()
        }
        // A caller told its write failed must be able to retry without a duplicate.
        #expect(all == ["a"])
    }

    @Test func theProducerWaitsAtTheByteLimitAndResumesWhenTheConsumerTakes() async throws {
        let queue = StreamQueue<Int>(limit: BufferLimit(messages: 1000, bytes: 100))
        try await queue.send(1, size: 60)
        try await queue.send(2, size: 60)  // over 100 bytes now: the next send waits
        let third = Task { try await queue.send(3, size: 10) }
        try await Task.sleep(for: .milliseconds(20))
        var batch: [Int] = []
        #expect(try await queue.take(into: &batch))
        #expect(batch == [1, 2])
        try await third.value
        batch.removeAll()
        #expect(try await queue.take(into: &batch))
        #expect(batch == [3])
    }

    @Test func aPausedProducerDeliversItsFirstMessageAndGoesOnOnlyOnceReleased() async throws {
        let queue = StreamQueue<Int>(limit: BufferLimit(messages: 100, bytes: 1 << 20))
        queue.pauseProducerAfterNextSend()
        let producer = Task {
            try await queue.send(1)
            try await queue.send(2)
        }
        var batch: [Int] = []
        #expect(try await queue.take(into: &batch))
        #expect(batch == [1])
        try await Task.sleep(for: .milliseconds(20))
        batch.removeAll()
        queue.finish()
        // Paused: the second message has not come, and the stream ended without it.
        #expect(try await queue.take(into: &batch) == false)
        queue.releaseProducer()
        try await producer.value
        // Releasing a queue that is not paused does nothing, and later sends do not pause.
        let other = StreamQueue<Int>(limit: BufferLimit(messages: 100, bytes: 1 << 20))
        other.pauseProducerAfterNextSend()
        other.releaseProducer()
        try await other.send(1)
        try await other.send(2)
    }

    @Test func sendLastEndsTheStreamWithoutWaitingForSpace() async throws {
        let queue = StreamQueue<Int>(limit: BufferLimit(messages: 1, bytes: 1))
        // Over both limits, and it still returns at once.
        try queue.sendLast(7, size: 1_000)
        try queue.sendLast(8, size: 1)  // after the end: ignored
        var batch: [Int] = []
        #expect(try await queue.take(into: &batch))
        #expect(batch == [7])
        batch.removeAll()
        #expect(try await queue.take(into: &batch) == false)
    }
}
