import GRPCCore
import Synchronization
import Testing

/// Cancellation both ways: the client's reaches the handler, the handler's reaches the client.
@Suite struct CancellationTests {
    let probe = Probe()
    var server: Server { Server(services: [EchoService(probe: probe)]) }

    @Test(arguments: Transport.all)
    func cancellingTheClientTaskCancelsTheHandler(_ t: Transport) async throws {
        let metadata = try meta([("x-sleep-ms", "60000")])
        let probe = self.probe
        try await t.connect(server, []) { client in
            let call = Task {
                try await client.serverStreaming(Echo(text: "m"), method: EchoService.expand, metadata: metadata) { response in
                    for try await _ in response.messages {}
                }
            }
            try await eventually { probe.live.load(ordering: .relaxed) == 1 }
            call.cancel()
            let result = await call.result
            #expect(throws: (any Error).self) { try result.get() }
        }
        try await eventually { probe.live.load(ordering: .relaxed) == 0 }
        #expect(probe.cancelled.load(ordering: .relaxed) == 1)
    }

    @Test(arguments: Transport.all)
    func cancellingAUnaryCallCancelsTheHandler(_ t: Transport) async throws {
        let metadata = try meta([("x-sleep-ms", "60000")])
        let probe = self.probe
        try await t.connect(server, []) { client in
            let call = Task { try await client.unary(Echo(text: "x"), method: EchoService.get, metadata: metadata) }
            try await eventually { probe.live.load(ordering: .relaxed) == 1 }
            call.cancel()
            let error = await #expect(throws: RPCError.self) { try await call.value }
            #expect(error?.code == .cancelled)
        }
        try await eventually { probe.live.load(ordering: .relaxed) == 0 }
    }

    @Test(arguments: Transport.all)
    func leavingTheScopeEarlyCancelsAndAwaitsTheHandler(_ t: Transport) async throws {
        let metadata = try meta([("x-count", "1000000")])
        try await t.connect(server, []) { client in
            let first = try await client.serverStreaming(Echo(text: "m"), method: EchoService.expand, metadata: metadata) { response in
                var iterator = response.messages.makeAsyncIterator()
                return try await iterator.next()
            }
            #expect(first?.text == "m0")
        }
        // The handler was cancelled and has ended by the time the call returned.
        try await eventually { probe.live.load(ordering: .relaxed) == 0 }
        #expect(probe.cancelled.load(ordering: .relaxed) == 1)
        #expect(probe.written.load(ordering: .relaxed) < 1_000_000)
    }

    @Test(arguments: Transport.all)
    func aThrowingConsumerEndsTheCall(_ t: Transport) async throws {
        struct Enough: Error {}
        let metadata = try meta([("x-count", "1000000")])
        try await t.connect(server, []) { client in
            await #expect(throws: Enough.self) {
                try await client.serverStreaming(Echo(text: "m"), method: EchoService.expand, metadata: metadata) { response in
                    for try await _ in response.messages { throw Enough() }
                }
            }
        }
        try await eventually { probe.live.load(ordering: .relaxed) == 0 }
    }

    @Test(arguments: Transport.all)
    func aProducerThatOutrunsItsConsumerIsSuspended(_ t: Transport) async throws {
        let metadata = try meta([("x-count", "10000"), ("x-size", "2000")])
        let probe = self.probe
        try await t.connect(server, []) { client in
            try await client.serverStreaming(Echo(text: "m"), method: EchoService.expand, metadata: metadata) { response in
                var iterator = response.messages.makeAsyncIterator()
                _ = try await iterator.next()
                // The consumer stalls; the producer must stop long before the end.
                try await Task.sleep(for: .milliseconds(200))
                let written = probe.written.load(ordering: .relaxed)
                #expect(written < 5_000, "the handler buffered \(written) messages ahead of its consumer")
                var n = 1
                while try await iterator.next() != nil { n += 1 }
                #expect(n == 10_000)
            }
        }
    }
}

/// A client that fails or runs out of time while it is still sending.
@Suite struct ClientSideFailureTests {
    let probe = Probe()
    var server: Server { Server(services: [EchoService(probe: probe)]) }

    @Test(arguments: Transport.all)
    func aClientThatThrowsMidStreamCancelsTheHandlerInsteadOfEndingItsStream(_ t: Transport) async throws {
        struct GaveUp: Error {}
        try await t.connect(server, []) { client in
            await #expect(throws: GaveUp.self) {
                _ = try await client.clientStreaming(method: EchoService.collect) { writer in
                    try await writer.write(Echo(text: "a"))
                    try await writer.write(Echo(text: "b"))
                    // Over a wire a call given up before it was sent never reaches a handler.
                    try await eventually { probe.started.load(ordering: .relaxed) == 1 }
                    throw GaveUp()
                }
            }
        }
        try await eventually { probe.live.load(ordering: .relaxed) == 0 }
        // A partial upload must not look like a finished one to the handler.
        #expect(probe.completed.load(ordering: .relaxed) == 0)
        #expect(probe.cancelled.load(ordering: .relaxed) == 1)
    }

    @Test(arguments: Transport.all)
    func aDeadlinePassingWhileTheClientIsBlockedWritingIsDeadlineExceeded(_ t: Transport) async throws {
        let metadata = try meta([("x-sleep-ms", "5000")])
        let big = Echo(text: String(repeating: "x", count: 100_000))
        try await t.connect(server, []) { client in
            let error = await #expect(throws: RPCError.self) {
                _ = try await client.clientStreaming(method: EchoService.collect, metadata: metadata,
                                                     options: CallOptions(timeout: .milliseconds(200))) { writer in
                    // 10 MB: more than any buffer, so the writer blocks until the deadline.
                    for _ in 0..<100 { try await writer.write(big) }
                }
            }
            #expect(error?.code == .deadlineExceeded)
        }
        try await eventually { probe.live.load(ordering: .relaxed) == 0 }
        #expect(probe.completed.load(ordering: .relaxed) == 0)
    }

    @Test(arguments: Transport.all)
    func anOversizedRequestEndsTheCallForTheHandlerToo(_ t: Transport) async throws {
        try await t.connect(server, []) { client in
            let error = await #expect(throws: RPCError.self) {
                _ = try await client.clientStreaming(method: EchoService.collect,
                                                     options: CallOptions(maxSendMessageSize: 100)) { writer in
                    try await writer.write(Echo(text: "small"))
                    // The caller ignores the failed write and carries on.
                    try? await writer.write(Echo(text: String(repeating: "x", count: 1000)))
                    try? await writer.write(Echo(text: "after"))
                }
            }
            #expect(error?.code == .resourceExhausted)
        }
        try await eventually { probe.live.load(ordering: .relaxed) == 0 }
        #expect(probe.completed.load(ordering: .relaxed) == 0)
    }
}
