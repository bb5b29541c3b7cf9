import GRPCCore
import HTTP2Transport
import Testing

/// A server stream refers to its buffer, its call and its response sink, and they to it; a
/// client stream to its request buffer and response queue, whose closures refer back to it.
/// Each cycle must be broken when the call ends, however it ends, or every call leaks a stream.
@Suite struct StreamLifetimeTests {
    @Test func streamsOnBothSidesAreFreedWhenTheirCallsEnd() async throws {
        let perKind = 700
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
            var flooding = Metadata()
            try flooding.add("x-count", "1000")
            try flooding.add("x-size", "64")
            let flood = flooding
            // Calls that succeed, whose handler throws, and whose deadline passes mid-handler
            // (one-request calls); streaming calls that the handler ends without reading; and
            // streaming calls that the caller leaves mid-stream by returning or by throwing.
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
                    group.addTask {
                        _ = try await client.serverStreaming([3], method: WireService.flood, metadata: flood) { response in
                            var messages = response.messages.makeAsyncIterator()
                            return try await messages.next()
                        }
                    }
                    group.addTask {
                        struct Leave: Error {}
                        await #expect(throws: Leave.self) {
                            try await client.serverStreaming([4], method: WireService.flood, metadata: flood) { response in
                                for try await _ in response.messages { throw Leave() }
                            }
                        }
                    }
                    if i % 50 == 49 { try await group.waitForAll() }
                }
            }
        }
        // Both counts cover every server and channel in this process, and other suites run their
        // calls alongside (at most about a thousand at once); 4,200 leaked streams would keep a
        // count above 2,100.
        let until = ContinuousClock.now + .seconds(30)
        while (HTTP2Server.streamsAlive >= 3 * perKind || HTTP2Channel.streamsAlive >= 3 * perKind) && ContinuousClock.now < until {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(HTTP2Server.streamsAlive < 3 * perKind)
        #expect(HTTP2Channel.streamsAlive < 3 * perKind)
    }
}
