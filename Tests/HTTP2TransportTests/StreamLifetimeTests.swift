import GRPCCore
import HTTP2Transport
import Testing

/// A server stream refers to its buffer, its call and its response sink, and they to it: each
/// cycle must be broken when the stream closes, or every call leaks its stream.
@Suite struct StreamLifetimeTests {
    @Test func theServersStreamsAreFreedWhenTheirCallsEnd() async throws {
        let perKind = 1_000
        try await withWireServer { address in
            let channel = HTTP2Channel(target: address)
            defer { channel.close() }
            let client = Client(channel: channel)
            var failing = Metadata()
            try failing.add("x-fail-code", String(StatusCode.failedPrecondition.rawValue))
            let fail = failing
            var sleeping = Metadata()
            try sleeping.add("x-sleep-ms", "10000")
            let sleep = sleeping
            // Calls that succeed, whose handler throws, and whose deadline passes mid-handler:
            // one-request calls; and streaming calls that the handler ends without reading.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<perKind {
                    group.addTask { _ = try await client.unary([UInt8(i % 256)], method: WireService.unary) }
                    group.addTask {
                        await #expect(throws: RPCError.self) {
                            try await client.unary([1], method: WireService.unary, metadata: fail)
                        }
                    }
                    group.addTask {
                        await #expect(throws: RPCError.self) {
                            try await client.unary([1], method: WireService.sleep, metadata: sleep, options: CallOptions(timeout: .milliseconds(50)))
                        }
                    }
                    group.addTask {
                        try await client.bidiStreaming(method: WireService.ignore) { writer, response in
                            try await writer.write([2])
                            writer.finish()
                            for try await _ in response.messages {}
                        }
                    }
                    if i % 50 == 49 { try await group.waitForAll() }
                }
            }
        }
        // `HTTP2Server.streamsAlive` counts every server in this process, and other suites run
        // their calls alongside (at most about a thousand at once); 4,000 leaked streams would
        // keep it above 2,000.
        let until = ContinuousClock.now + .seconds(30)
        while HTTP2Server.streamsAlive >= 2 * perKind && ContinuousClock.now < until {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(HTTP2Server.streamsAlive < 2 * perKind)
    }
}
