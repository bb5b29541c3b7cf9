import GRPCCore
import Testing

/// Handlers that compute without suspending: a deadline still cancels them, and what they
/// write still reaches the client as it is written. Serialized: each busy handler holds a
/// thread of the cooperative pool, which has two on the CI machine.
@Suite(.serialized) struct BusyHandlerTests {
    let probe = Probe()
    var server: Server { Server(services: [BusyService(probe: probe)]) }
    /// Far above the 50 ms deadline even on 2 loaded cores, far below the handlers' 10 s of work.
    let bound = Duration.seconds(5)

    @Test(arguments: Transport.all)
    func aBusyUnaryHandlerIsCancelledAtTheDeadline(_ t: Transport) async throws {
        let metadata = try meta([("x-work-ms", "10000")])
        try await t.connect(server, []) { client in
            let start = ContinuousClock.now
            let error = await #expect(throws: RPCError.self) {
                try await client.unary(Echo(text: "x"), method: BusyService.work, metadata: metadata,
                                       options: CallOptions(timeout: .milliseconds(50)))
            }
            #expect(error?.code == .deadlineExceeded)
            #expect(ContinuousClock.now - start < bound)
        }
        try await eventually { probe.live.load(ordering: .relaxed) == 0 }
        // Every handler that started was cancelled (over a wire, on a loaded machine, the
        // deadline may pass before the request left: then none starts).
        #expect(probe.cancelled.load(ordering: .relaxed) == probe.started.load(ordering: .relaxed))
    }

    @Test(arguments: Transport.all)
    func aBusyServerStreamingHandlerIsCancelledAtTheDeadline(_ t: Transport) async throws {
        let metadata = try meta([("x-work-ms", "500"), ("x-count", "20")])
        try await t.connect(server, []) { client in
            let start = ContinuousClock.now
            let error = await #expect(throws: RPCError.self) {
                try await client.serverStreaming(Echo(text: "m"), method: BusyService.stream, metadata: metadata,
                                                 options: CallOptions(timeout: .milliseconds(50))) { response in
                    for try await _ in response.messages {}
                }
            }
            #expect(error?.code == .deadlineExceeded)
            #expect(ContinuousClock.now - start < bound)
        }
        try await eventually { probe.live.load(ordering: .relaxed) == 0 }
        // Every handler that started was cancelled (over a wire, on a loaded machine, the
        // deadline may pass before the request left: then none starts).
        #expect(probe.cancelled.load(ordering: .relaxed) == probe.started.load(ordering: .relaxed))
        #expect(probe.written.load(ordering: .relaxed) < 20)
    }

    @Test(arguments: Transport.all)
    func aBidiHandlerBusyBeforeItsFirstReadIsCancelledAtTheDeadline(_ t: Transport) async throws {
        let metadata = try meta([("x-work-ms", "10000")])
        try await t.connect(server, []) { client in
            let start = ContinuousClock.now
            let error = await #expect(throws: RPCError.self) {
                try await client.bidiStreaming(method: BusyService.chat, metadata: metadata,
                                               options: CallOptions(timeout: .milliseconds(50))) { writer, response in
                    try await writer.write(Echo(text: "a"))
                    writer.finish()
                    for try await _ in response.messages {}
                }
            }
            #expect(error?.code == .deadlineExceeded)
            #expect(ContinuousClock.now - start < bound)
        }
        try await eventually { probe.live.load(ordering: .relaxed) == 0 }
        // Every handler that started was cancelled (over a wire, on a loaded machine, the
        // deadline may pass before the request left: then none starts).
        #expect(probe.cancelled.load(ordering: .relaxed) == probe.started.load(ordering: .relaxed))
    }

    /// With and without a deadline: the two start the handler differently.
    @Test(arguments: Transport.all, [nil, Duration.seconds(60)])
    func aMessageReachesTheClientWhileItsHandlerKeepsComputing(_ t: Transport, timeout: Duration?) async throws {
        let metadata = try meta([("x-work-ms", "1000")])
        try await t.connect(server, []) { client in
            let start = ContinuousClock.now
            let (firstAfter, texts) = try await client.serverStreaming(
                Echo(text: "x"), method: BusyService.tick, metadata: metadata, options: CallOptions(timeout: timeout)
            ) { response in
                var firstAfter: Duration? = nil
                var texts: [String] = []
                for try await m in response.messages {
                    if firstAfter == nil { firstAfter = ContinuousClock.now - start }
                    texts.append(m.text)
                }
                return (firstAfter, texts)
            }
            #expect(texts == ["first", "second"])
            // The handler computes for 1 s after its first write; the message must not wait for that.
            let first = try #require(firstAfter)
            #expect(first < .milliseconds(400), "the first message arrived after \(first)")
        }
    }
}
