import GRPCCore
import InProcTransport
import Synchronization
import Testing

/// A call with a busy handler keeps to structured concurrency: it returns once its handler has stopped.
@Suite struct BusyCallTests {
    /// Spins on the CPU without suspending until cancelled or `limit` has passed.
    static func spin(for limit: Duration) throws {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if Task.isCancelled { throw CancellationError() }
        }
    }

    @Test func aCallWhoseDeadlinePassedReturnsOnlyOnceItsBusyHandlerStopped() async throws {
        let running = Atomic<Int>(0)
        let unary = method("Spin", textCodec, textCodec)
        let stream = method("SpinStream", textCodec, textCodec, kind: .serverStreaming)
        let server = Server(services: [Registrar { r in
            r.register(unary, unary: { request, _ in
                running.add(1, ordering: .relaxed)
                defer { running.subtract(1, ordering: .relaxed) }
                try BusyCallTests.spin(for: .seconds(10))
                return request
            })
            r.register(stream, serverStreaming: { request, writer, _ in
                running.add(1, ordering: .relaxed)
                defer { running.subtract(1, ordering: .relaxed) }
                try await writer.write(request)
                try BusyCallTests.spin(for: .seconds(10))
            })
        }])
        let client = Client(channel: InProcessChannel(server: server))
        let options = CallOptions(timeout: .milliseconds(50))
        let unaryError = await #expect(throws: RPCError.self) {
            try await client.unary("x", method: unary, options: options)
        }
        #expect(unaryError?.code == .deadlineExceeded)
        #expect(running.load(ordering: .relaxed) == 0)
        let streamError = await #expect(throws: RPCError.self) {
            try await client.serverStreaming("x", method: stream, options: options) { response in
                for try await _ in response.messages {}
            }
        }
        #expect(streamError?.code == .deadlineExceeded)
        #expect(running.load(ordering: .relaxed) == 0)
    }
}
