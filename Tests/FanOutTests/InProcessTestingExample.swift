// Testing a gRPC service with the in-process channel (README, "Testing with the in-process
// channel"): no port, no socket, no process; the generated client is the one that calls over
// HTTP/2, and metadata, deadlines, status and trailers behave as over a wire. grpc-go users do
// this with bufconn, connect-go users with memhttp.
import FanOut
import GRPCCore
import InProcTransport
import Testing

@Suite struct InProcessTestingExample {
    // README.md, "Testing with the in-process channel", shows this test as it is.
    @Test func aCallCarriesItsMetadataAndDeadlineToTheHandler() async throws {
        let log = BackendLog()
        let backend = StringsBackend(strings: Workload.strings(0..<25), perMessage: 10, log: log)
        let client = ListStrings.Client(channel: InProcessChannel(server: Server(services: [backend])))

        var metadata = Metadata()
        try metadata.add("x-request-id", "42")
        let deadline = ContinuousClock.now + .seconds(60)
        let strings = try await client.list(ListRequest(), metadata: metadata, options: CallOptions(deadline: deadline)) { response in
            var strings: [String] = []
            for try await message in response.messages { strings += message.strings }
            return strings
        }

        #expect(strings == Workload.strings(0..<25))
        #expect(log.snapshot.first?.metadata.first("x-request-id") == "42")
        #expect(log.snapshot.first?.deadline == deadline)  // in-process: the very instant the caller set
    }

    @Test func aHandlerThatOutlivesTheDeadlineIsCancelled() async throws {
        let log = BackendLog()
        let backend = StringsBackend(strings: Workload.strings(0..<25), behaviour: .hang(afterMessages: 1), log: log)
        let client = ListStrings.Client(channel: InProcessChannel(server: Server(services: [backend])))
        var received = 0
        let error = await #expect(throws: RPCError.self) {
            // 15 s: the first message must be read before the deadline drops it (a deadline
            // fails the call and drops what is buffered), and the suite's other tests keep both
            // threads of a 2-core machine busy for seconds: with 5 s the reader ran too late in
            // 2 of some 60 full-suite runs.
            try await client.list(ListRequest(), options: CallOptions(timeout: .seconds(15))) { response in
                for try await message in response.messages { received += message.strings.count }
            }
        }
        #expect(error?.code == .deadlineExceeded)
        #expect(received == 10)  // the first message came before the deadline
        #expect(log.snapshot.first?.outcome == .cancelled)  // the call returns after its handler
    }

    /// The whole fan-out in a unit test: the proxy over two in-process backends, called in-process.
    @Test func theProxyOverInProcessBackends() async throws {
        func backend(_ range: Range<Int>) -> FanOutProxy.Backend {
            let server = Server(services: [StringsBackend(strings: Workload.strings(range))])
            return FanOutProxy.Backend(name: "\(range)", kind: "in-process", client: ListStrings.Client(channel: InProcessChannel(server: server)))
        }
        let proxy = FanOutProxy(backends: [backend(0..<20), backend(10..<30)])
        let client = ListStrings.Client(channel: InProcessChannel(server: Server(services: [proxy])))

        let (strings, trailers) = try await client.list(ListRequest()) { response in
            var strings: [String] = []
            for try await message in response.messages { strings += message.strings }
            return (strings, response.trailers)
        }

        #expect(Set(strings) == Set(Workload.strings(0..<30)) && strings.count == 30)
        #expect(trailers?.first(FanOutProxy.duplicatesTrailer) == "10")
    }
}
