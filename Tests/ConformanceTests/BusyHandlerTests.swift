import GRPCCore
import HTTP2Transport
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

    /// With and without a deadline: the two start the handler differently. Judged by whether
    /// the handler was still computing when the first message arrived (it computes for 1 s
    /// after writing it), not by a clock, so a loaded machine does not fail it.
    @Test(arguments: Transport.all, [nil, Duration.seconds(60)])
    func aMessageReachesTheClientWhileItsHandlerKeepsComputing(_ t: Transport, timeout: Duration?) async throws {
        let metadata = try meta([("x-work-ms", "1000")])
        try await t.connect(server, []) { client in
            let (doneAtFirst, texts) = try await client.serverStreaming(
                Echo(text: "x"), method: BusyService.tick, metadata: metadata, options: CallOptions(timeout: timeout)
            ) { response in
                var doneAtFirst: Int? = nil
                var texts: [String] = []
                for try await m in response.messages {
                    if doneAtFirst == nil { doneAtFirst = probe.completed.load(ordering: .relaxed) }
                    texts.append(m.text)
                }
                return (doneAtFirst, texts)
            }
            #expect(texts == ["first", "second"])
            #expect(doneAtFirst == 0, "the first message arrived only once the handler had returned")
        }
    }

    /// A handler that writes every 0.12 ms without awaiting never stops making progress, yet
    /// its messages must flow while it writes (for 0.5 s), not only once it ends. Judged by
    /// how far the handler had got when the first message arrived, not by a clock, so a
    /// loaded machine cannot fail it: an inline handler that kept its caller's thread would
    /// have written all 4,000 by then.
    @Test(arguments: Transport.all)
    func aSteadyTrickleOfMessagesReachesTheClientWhileTheHandlerWrites(_ t: Transport) async throws {
        let metadata = try meta([("x-work-us", "120"), ("x-count", "4000")])
        try await t.connect(server, []) { client in
            let (writtenBeforeFirst, count) = try await client.serverStreaming(
                Echo(text: "m"), method: BusyService.stream, metadata: metadata
            ) { response in
                var writtenBeforeFirst: Int? = nil
                var count = 0
                for try await _ in response.messages {
                    if writtenBeforeFirst == nil { writtenBeforeFirst = probe.written.load(ordering: .relaxed) }
                    count += 1
                }
                return (writtenBeforeFirst, count)
            }
            #expect(count == 4000)
            let written = try #require(writtenBeforeFirst)
            #expect(written < 4000, "the first message arrived once the handler had written \(written)")
        }
    }

    /// The body of a call runs with the caller's task-local values, whether the handler is
    /// quick or keeps computing (in process, the body then runs in a task of its own).
    @Test(arguments: Transport.all, [0, 300])
    func theResponseBodySeesTheCallersTaskLocals(_ t: Transport, workMilliseconds: Int) async throws {
        let metadata = try meta([("x-work-ms", "\(workMilliseconds)")])
        try await t.connect(server, []) { client in
            let seen = try await CallTrace.$id.withValue("trace-7") {
                try await client.serverStreaming(Echo(text: "x"), method: BusyService.tick, metadata: metadata) { response in
                    var seen: [String?] = []
                    for try await _ in response.messages { seen.append(CallTrace.id) }
                    return seen
                }
            }
            #expect(seen == ["trace-7", "trace-7"])
        }
    }

    /// A body that throws while the handler computes ends the call with that error at once,
    /// and the handler is cancelled.
    @Test(arguments: Transport.all)
    func aBodyThatThrowsWhileTheHandlerComputesEndsTheCall(_ t: Transport) async throws {
        let metadata = try meta([("x-work-ms", "10000")])
        try await t.connect(server, []) { client in
            let start = ContinuousClock.now
            await #expect(throws: BodyGaveUp.self) {
                try await client.serverStreaming(Echo(text: "x"), method: BusyService.tick, metadata: metadata) { response in
                    for try await _ in response.messages { throw BodyGaveUp() }
                }
            }
            #expect(ContinuousClock.now - start < bound)
        }
        try await eventually { probe.live.load(ordering: .relaxed) == 0 }
        #expect(probe.cancelled.load(ordering: .relaxed) == 1)
    }

    /// A caller isolated to an actor reads the first message while the handler computes.
    @Test(arguments: Transport.all)
    func anActorIsolatedCallerReadsAMessageWhileTheHandlerKeepsComputing(_ t: Transport) async throws {
        let metadata = try meta([("x-work-ms", "1000")])
        try await t.connect(server, []) { client in
            let doneAtFirst = try await IsolatedCaller().handlersDoneAtFirstMessage(client, metadata, probe)
            #expect(doneAtFirst == 0, "the first message arrived only once the handler had returned")
        }
    }

    /// A caller that prefers a task executor (an event loop of its own) has its body run
    /// there, even while the handler keeps computing.
    @Test(arguments: Transport.all)
    func theBodyRunsOnTheCallersPreferredExecutor(_ t: Transport) async throws {
        let loop = EventLoop(name: "test-preferred")
        let metadata = try meta([("x-work-ms", "300")])
        try await t.connect(server, []) { client in
            let onLoop = try await withTaskExecutorPreference(loop) {
                try await client.serverStreaming(Echo(text: "x"), method: BusyService.tick, metadata: metadata) { response in
                    var onLoop: [Bool] = []
                    for try await _ in response.messages { onLoop.append(loop.inLoop) }
                    return onLoop
                }
            }
            #expect(onLoop == [true, true])
        }
    }
}

enum CallTrace {
    @TaskLocal static var id: String?
}

struct BodyGaveUp: Error {}

/// Makes its calls isolated to itself, as code on the main actor would.
actor IsolatedCaller {
    func handlersDoneAtFirstMessage(_ client: Client, _ metadata: Metadata, _ probe: Probe) async throws -> Int {
        var doneAtFirst: Int? = nil
        try await client.serverStreaming(Echo(text: "x"), method: BusyService.tick, metadata: metadata) { response in
            for try await _ in response.messages where doneAtFirst == nil {
                doneAtFirst = probe.completed.load(ordering: .relaxed)
            }
        }
        return try #require(doneAtFirst)
    }
}
