import FanOut
import GRPCCore
import Synchronization
import Testing

/// The proxy's behaviour, with its backends in-process, over HTTP/2 (TCP, Unix) and mixed.
/// Bounds are generous: the machine that runs them may have 2 busy cores, and other suites'
/// handlers in this process hold both threads of the cooperative pool for seconds at a time
/// (seen with gdb: ConformanceTests' streaming handlers). Not serialized: run one after the
/// other the cases would keep streams alive for longer than InProcTransportTests' leak check
/// waits for other tests' streams to end.
@Suite struct FanOutProxyTests {
    @Test(arguments: Setup.all)
    func mergesEveryBackendAndDropsDuplicates(_ setup: Setup) async throws {
        let services = [
            ("a", StringsBackend(strings: Workload.strings(0..<600))),
            ("b", StringsBackend(strings: Workload.strings(300..<900), perMessage: 7)),
            ("c", StringsBackend(strings: Workload.strings(600..<1200), perMessage: 100)),
        ]
        let (strings, trailers) = try await setup.run(services) { client in
            try await client.list(ListRequest()) { try await readAll($0) }
        }
        #expect(strings.count == 1200)
        #expect(Set(strings) == Set(Workload.strings(0..<1200)))
        #expect(trailers.first(FanOutProxy.duplicatesTrailer) == "600")
        let summaries = trailers.texts(FanOutProxy.backendTrailer)
        #expect(summaries.count == 3)
        for (name, _) in services {
            #expect(summaries.contains { $0.hasPrefix("\(name) ") && $0.contains("strings=600") && $0.hasSuffix("status=OK") })
        }
        #expect(trailers[FanOutProxy.failedTrailer].isEmpty)
    }

    /// Messages go to the caller as backends send them: all of `b` and the first message of
    /// `a` arrive while `a` still hangs.
    @Test(arguments: Setup.all)
    func forwardsMessagesAsTheyArrive(_ setup: Setup) async throws {
        let logA = BackendLog()
        let services = [
            ("a", StringsBackend(strings: Workload.strings(0..<100), behaviour: .hang(afterMessages: 1), log: logA)),
            ("b", StringsBackend(strings: Workload.strings(1000..<1100))),
        ]
        let got = try await setup.run(services) { client in
            try await client.list(ListRequest(), options: CallOptions(timeout: .seconds(60))) { response in
                var seen = Set<String>()
                for try await message in response.messages {
                    seen.formUnion(message.strings)
                    if seen.count == 110 { break }  // everything but a's hung rest
                }
                return seen
            }
        }
        #expect(got == Set(Workload.strings(0..<10) + Workload.strings(1000..<1100)))
        #expect(logA.snapshot.first?.hung == true)
        try await eventually { logA.snapshot.first?.outcome != nil }
        #expect(logA.snapshot.first?.outcome == .cancelled)
    }

    @Test(arguments: Setup.all)
    func passesTheCallersMetadataAndDeadlineToEveryBackend(_ setup: Setup) async throws {
        let logs = [BackendLog(), BackendLog(), BackendLog()]
        let services = logs.enumerated().map { i, log in
            ("b\(i)", StringsBackend(strings: Workload.strings(i * 10..<i * 10 + 20), log: log))
        }
        var sent = Metadata()
        try sent.add("x-tenant", "blue")
        try sent.add("x-trace-bin", [1, 2, 3])
        let metadata = sent
        let deadline = ContinuousClock.now + .seconds(30)
        let strings = try await setup.run(services) { client in
            try await client.list(ListRequest(), metadata: metadata, options: CallOptions(deadline: deadline)) {
                try await readAll($0).strings
            }
        }
        #expect(strings.count == 40)
        for log in logs {
            let call = try #require(log.snapshot.first)
            #expect(call.metadata.first("x-tenant") == "blue")
            #expect(call.metadata.firstBinary("x-trace-bin") == [1, 2, 3])
            let seen = try #require(call.deadline)
            // In-process the instant itself; over HTTP/2 as grpc-timeout, rebuilt on arrival.
            #expect(seen > deadline - .seconds(5) && seen < deadline + .seconds(1))
        }
    }

    /// A backend that hangs does not hold the proxy past the caller's deadline: the call ends
    /// with DEADLINE_EXCEEDED soon after the deadline (within 10 s more for a loaded machine;
    /// the backend would hang an hour), what arrived before it was delivered, and the hanging
    /// backend's call is cancelled. The deadline is 20 s, not less: while other suites of this
    /// process hold the pool, nothing here may run for several seconds, and the backend must
    /// have started hanging before the deadline for the test to mean anything.
    @Test(arguments: Setup.all)
    func aHangingBackendDoesNotHoldTheCallerPastItsDeadline(_ setup: Setup) async throws {
        let hanging = BackendLog()
        let services = [
            ("fine", StringsBackend(strings: Workload.strings(0..<50))),
            ("stuck", StringsBackend(strings: Workload.strings(100..<200), behaviour: .hang(afterMessages: 2), log: hanging)),
        ]
        let start = ContinuousClock.now
        let received = Counter()
        let error = await #expect(throws: RPCError.self) {
            try await setup.run(services) { client in
                try await client.list(ListRequest(), options: CallOptions(timeout: .seconds(20))) { response in
                    for try await message in response.messages { received.add(message.strings.count) }
                }
            }
        }
        #expect(error?.code == .deadlineExceeded)
        #expect(ContinuousClock.now - start < .seconds(30))
        // What arrived before the deadline was delivered: everything of "fine", the first 20 of "stuck".
        #expect(received.count == 70)
        #expect(hanging.snapshot.first?.hung == true)
        try await eventually { hanging.snapshot.first?.outcome != nil }
        #expect(hanging.snapshot.first?.outcome == .cancelled)
    }

    /// A caller that cancels its task cancels every backend call, and the backends see it.
    @Test(arguments: Setup.all)
    func aCallerThatCancelsCancelsEveryBackend(_ setup: Setup) async throws {
        let logs = [BackendLog(), BackendLog(), BackendLog()]
        let services = logs.enumerated().map { i, log in
            ("b\(i)", StringsBackend(strings: Workload.strings(i * 100..<i * 100 + 100), behaviour: .hang(afterMessages: 1), log: log))
        }
        let received = Counter()
        let outcome = try await setup.run(services) { client in
            let call = Task {
                try await client.list(ListRequest()) { response in
                    for try await message in response.messages { received.add(message.strings.count) }
                }
            }
            // Every backend has sent its first message and hangs: then the caller gives up.
            try await eventually { received.count == 30 && logs.allSatisfy { $0.snapshot.first?.hung == true } }
            call.cancel()
            return await call.result
        }
        #expect(received.count == 30)
        #expect(throws: (any Error).self) { try outcome.get() }
        for log in logs {
            try await eventually { log.snapshot.first?.outcome != nil }
            #expect(log.snapshot.first?.outcome == .cancelled)
        }
    }

    /// By default a backend's failure fails the call with that backend's status, and the
    /// other backend calls are cancelled.
    @Test(arguments: Setup.all)
    func aFailingBackendFailsTheCallWithItsStatus(_ setup: Setup) async throws {
        let other = BackendLog()
        let services = [
            ("healthy", StringsBackend(strings: Workload.strings(0..<100), behaviour: .hang(afterMessages: 1), log: other)),
            ("broken", StringsBackend(strings: Workload.strings(100..<200), behaviour: .fail(afterMessages: 3, RPCError(.dataLoss, "disk on fire")))),
        ]
        let error = await #expect(throws: RPCError.self) {
            try await setup.run(services) { client in
                try await client.list(ListRequest(), options: CallOptions(timeout: .seconds(60))) { try await readAll($0) }
            }
        }
        #expect(error?.code == .dataLoss)
        #expect(error?.message.contains("broken") == true)
        #expect(error?.message.contains("disk on fire") == true)
        #expect(error?.trailers.texts(FanOutProxy.failedTrailer) == ["broken: DATA_LOSS: disk on fire"])
        try await eventually { other.snapshot.first?.outcome != nil }
        #expect(other.snapshot.first?.outcome == .cancelled)
    }

    /// With `.tolerate`, a failed backend leaves a partial answer, and a trailer names it.
    @Test(arguments: Setup.all)
    func partialAnswerModeNamesTheFailedBackendInATrailer(_ setup: Setup) async throws {
        let services = [
            ("healthy", StringsBackend(strings: Workload.strings(0..<100))),
            ("broken", StringsBackend(strings: Workload.strings(100..<200), behaviour: .fail(afterMessages: 3, RPCError(.unavailable, "going away")))),
        ]
        let (strings, trailers) = try await setup.run(services, policy: .tolerate) { client in
            try await client.list(ListRequest(), options: CallOptions(timeout: .seconds(60))) { try await readAll($0) }
        }
        #expect(Set(strings) == Set(Workload.strings(0..<130)))
        #expect(strings.count == 130)
        #expect(trailers.texts(FanOutProxy.failedTrailer) == ["broken: UNAVAILABLE: going away"])
        #expect(trailers.texts(FanOutProxy.backendTrailer).contains { $0.hasPrefix("broken ") && $0.hasSuffix("status=UNAVAILABLE") })
    }

    /// With `.tolerate`, when every backend fails there is nothing to answer: the call fails.
    @Test(arguments: Setup.all)
    func partialAnswerModeFailsWhenEveryBackendFails(_ setup: Setup) async throws {
        let services = [
            ("x", StringsBackend(strings: Workload.strings(0..<10), behaviour: .fail(afterMessages: 0, RPCError(.internal, "x broke")))),
            ("y", StringsBackend(strings: Workload.strings(0..<10), behaviour: .fail(afterMessages: 0, RPCError(.internal, "y broke")))),
        ]
        let error = await #expect(throws: RPCError.self) {
            try await setup.run(services, policy: .tolerate) { client in
                try await client.list(ListRequest(), options: CallOptions(timeout: .seconds(60))) { try await readAll($0) }
            }
        }
        #expect(error?.code == .internal)
        #expect(error?.trailers.texts(FanOutProxy.failedTrailer).count == 2)
    }
}
