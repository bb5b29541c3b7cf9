import GRPCCore
import InProcTransport
import Synchronization
import Testing

/// After many calls that end badly, no handler is left running and no stream is left alive.
@Suite struct LeakTests {
    static let live = Atomic<Int>(0)
    static let started = Atomic<Int>(0)

    static let stream = method("Stream", textCodec, textCodec, kind: .serverStreaming)
    static let slow = method("Slow", textCodec, textCodec)

    struct Service: RegistrableService {
        func register(with router: inout Router) {
            router.register(LeakTests.stream, serverStreaming: { request, writer, _ in
                LeakTests.started.add(1, ordering: .relaxed)
                LeakTests.live.add(1, ordering: .relaxed)
                defer { LeakTests.live.subtract(1, ordering: .relaxed) }
                while true { try await writer.write(request) }
            })
            router.register(LeakTests.slow, unary: { request, _ in
                LeakTests.started.add(1, ordering: .relaxed)
                LeakTests.live.add(1, ordering: .relaxed)
                defer { LeakTests.live.subtract(1, ordering: .relaxed) }
                try await Task.sleep(for: .seconds(60))
                return request
            })
        }
    }

    struct Stop: Error {}

    /// 30,000 calls keep this test's CPU (it runs beside every other test) to a few seconds;
    /// `Benchmarks/LeakCheck` runs 100,000-call rounds and watches memory.
    @Test func thirtyThousandCallsThatEndBadlyLeaveNothingBehind() async throws {
        let client = Client(channel: InProcessChannel(server: Server(services: [Service()]), bufferLimit: BufferLimit(messages: 8, bytes: 1024)))
        let total = 30_000
        let width = 50
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<width {
                group.addTask {
                    for i in stride(from: lane, to: total, by: width) {
                        switch i % 3 {
                        case 0:  // cancelled mid-stream: the caller leaves after two messages
                            _ = try await client.serverStreaming("x", method: LeakTests.stream) { response in
                                var it = response.messages.makeAsyncIterator()
                                _ = try await it.next()
                                return try await it.next()
                            }
                        case 1:  // abandoned by a throwing consumer
                            do {
                                try await client.serverStreaming("x", method: LeakTests.stream) { response in
                                    for try await _ in response.messages { throw Stop() }
                                }
                            } catch is Stop {}
                        default:  // times out
                            do {
                                _ = try await client.unary("x", method: LeakTests.slow, options: CallOptions(timeout: .microseconds(200)))
                                Issue.record("a call past its deadline returned")
                            } catch let e as RPCError where e.code == .deadlineExceeded {}
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(LeakTests.started.load(ordering: .relaxed) <= total)
        #expect(LeakTests.started.load(ordering: .relaxed) >= total * 2 / 3)
        #expect(LeakTests.live.load(ordering: .relaxed) == 0)
        // Other tests of this process may hold streams for a while (FanOutTests keeps a call
        // to a hanging backend open until its 20 s deadline); a leak holds them forever.
        let end = ContinuousClock.now + .seconds(60)
        while StreamQueue<String>.alive != 0 && ContinuousClock.now < end {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(StreamQueue<String>.alive == 0)
    }
}
