import GRPCCore
import Testing

/// Deadlines reach the handler, and the client gets DEADLINE_EXCEEDED when they pass.
@Suite struct DeadlineTests {
    let probe = Probe()
    var server: Server { Server(services: [EchoService(probe: probe)]) }

    func sleeping(_ ms: Int) throws -> Metadata {
        var md = Metadata()
        try md.add("x-sleep-ms", "\(ms)")
        return md
    }

    @Test(arguments: Transport.all)
    func unaryPastItsDeadlineFailsAndTheHandlerIsCancelled(_ t: Transport) async throws {
        let metadata = try sleeping(120_000)
        try await t.connect(server, []) { client in
            let start = ContinuousClock.now
            let error = await #expect(throws: RPCError.self) {
                try await client.unary(Echo(text: "x"), method: EchoService.get, metadata: metadata,
                                       options: CallOptions(timeout: .milliseconds(50)))
            }
            #expect(error?.code == .deadlineExceeded)
            // Far sooner than the handler's sleep; generous, for a loaded machine.
            #expect(ContinuousClock.now - start < .seconds(30))
        }
        // Every handler that started was cancelled (over a wire, on a loaded machine, the
        // deadline may pass before the request left: then no handler starts at all).
        try await eventually {
            probe.live.load(ordering: .relaxed) == 0
                && probe.cancelled.load(ordering: .relaxed) == probe.started.load(ordering: .relaxed)
        }
    }

    @Test(arguments: Transport.all)
    func theHandlerSeesTheDeadline(_ t: Transport) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        try await t.connect(server, []) { client in
            _ = try await client.unary(Echo(text: "x"), method: EchoService.get, options: CallOptions(deadline: deadline))
        }
        let seen = try #require(probe.sawDeadline.withLock { $0 })
        // Over a wire the deadline travels as a rounded-up timeout, measured again when the
        // server reads it: never earlier, later by the time it took to arrive (generous on
        // a loaded machine).
        #expect(seen >= deadline - .milliseconds(5) && seen <= deadline + .seconds(1))
    }

    @Test(arguments: Transport.all)
    func streamPastItsDeadlineFails(_ t: Transport) async throws {
        let metadata = try sleeping(10_000).adding([("x-count", "5")])
        try await t.connect(server, []) { client in
            let error = await #expect(throws: RPCError.self) {
                try await client.serverStreaming(Echo(text: "m"), method: EchoService.expand, metadata: metadata,
                                                 options: CallOptions(timeout: .milliseconds(50))) { response in
                    for try await _ in response.messages {}
                }
            }
            #expect(error?.code == .deadlineExceeded)
        }
        #expect(probe.live.load(ordering: .relaxed) == 0)
    }

    @Test(arguments: Transport.all)
    func anExpiredDeadlineFailsWithoutRunningTheHandler(_ t: Transport) async throws {
        try await t.connect(server, []) { client in
            let error = await #expect(throws: RPCError.self) {
                try await client.unary(Echo(text: "x"), method: EchoService.get,
                                       options: CallOptions(deadline: .now - .seconds(1)))
            }
            #expect(error?.code == .deadlineExceeded)
        }
        #expect(probe.started.load(ordering: .relaxed) == 0)
    }
}

/// Durations and instants too large for any clock: a call with one behaves as one without a deadline.
@Suite struct HugeDeadlineTests {
    static let options: [CallOptions] = [
        CallOptions(timeout: .seconds(Int64.max)),
        CallOptions(timeout: .seconds(Int64.max) * 10),
        CallOptions(deadline: .now + .seconds(Int64.max)),
        CallOptions(deadline: .now + .seconds(Int64.max) * 10, timeout: .seconds(Int64.max)),
    ]

    @Test(arguments: Transport.all, options)
    func aUnaryCallWithAHugeDeadlineSucceeds(_ t: Transport, options: CallOptions) async throws {
        // The handler sleeps, so the deadline is being watched while it runs.
        let metadata = try meta([("x-sleep-ms", "20")])
        try await t.connect(Server(services: [EchoService()]), []) { client in
            let response = try await client.unary(Echo(text: "x"), method: EchoService.get, metadata: metadata, options: options)
            #expect(response.text == "x")
        }
    }

    @Test(arguments: Transport.all, options)
    func aStreamWithAHugeDeadlineSucceeds(_ t: Transport, options: CallOptions) async throws {
        let metadata = try meta([("x-count", "3"), ("x-sleep-ms", "20")])
        try await t.connect(Server(services: [EchoService()]), []) { client in
            let texts = try await client.serverStreaming(Echo(text: "m"), method: EchoService.expand, metadata: metadata,
                                                         options: options) { response in
                var texts: [String] = []
                for try await m in response.messages { texts.append(m.text) }
                return texts
            }
            #expect(texts == ["m0", "m1", "m2"])
        }
    }
}

/// Polls `condition` for up to 30 seconds (tests run in parallel on two loaded cores).
func eventually(_ condition: () -> Bool) async throws {
    let end = ContinuousClock.now + .seconds(30)
    while !condition() {
        guard ContinuousClock.now < end else {
            Issue.record("condition not met within 30 s")
            return
        }
        try await Task.sleep(for: .milliseconds(2))
    }
}
