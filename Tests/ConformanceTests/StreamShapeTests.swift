import GRPCCore
import Testing

/// Streams whose two sides disagree: cardinality, early ends, several writers.
@Suite struct StreamShapeTests {
    let probe = Probe()
    var server: Server { Server(services: [EchoService(probe: probe)]) }

    /// `Get` is unary on the server; these clients stream to it.
    static let getAsBidi = RPCMethod(
        MethodDescriptor(service: EchoService.service, method: "Get", kind: .bidiStreaming),
        requestCodec: .echo, responseCodec: .echo)

    @Test(arguments: Transport.all)
    func twoRequestsToAUnaryMethodAreUnimplemented(_ t: Transport) async throws {
        try await t.connect(server, []) { client in
            let error = await #expect(throws: RPCError.self) {
                try await client.bidiStreaming(method: Self.getAsBidi) { writer, response in
                    try await writer.write(Echo(text: "one"))
                    try await writer.write(Echo(text: "two"))
                    writer.finish()
                    for try await _ in response.messages {}
                }
            }
            #expect(error?.code == .unimplemented)
        }
    }

    @Test(arguments: Transport.all)
    func noRequestToAUnaryMethodIsUnimplemented(_ t: Transport) async throws {
        try await t.connect(server, []) { client in
            let error = await #expect(throws: RPCError.self) {
                try await client.bidiStreaming(method: Self.getAsBidi) { writer, response in
                    writer.finish()
                    for try await _ in response.messages {}
                }
            }
            #expect(error?.code == .unimplemented)
        }
    }

    @Test(arguments: Transport.all)
    func aClientThatKeepsWritingToAUnaryMethodIsUnimplementedAndNotStalled(_ t: Transport) async throws {
        try await t.connect(server, []) { client in
            let error = await #expect(throws: RPCError.self) {
                try await client.bidiStreaming(method: Self.getAsBidi) { writer, response in
                    // Never half-closes: the second request alone must end the call, and the
                    // writes after it must neither pile up nor block this client.
                    for i in 0..<20_000 { try await writer.write(Echo(text: "\(i)")) }
                    for try await _ in response.messages {}
                }
            }
            #expect(error?.code == .unimplemented)
        }
    }

    @Test(arguments: Transport.all)
    func aServerThatEndsEarlyNeverBlocksAWritingClient(_ t: Transport) async throws {
        let metadata = try meta([("x-count", "3")])
        try await t.connect(server, []) { client in
            let replies = try await client.bidiStreaming(method: EchoService.update, metadata: metadata) { writer, response in
                // Far more than any buffer: the server has stopped reading and must not stall us.
                for i in 0..<20_000 { try await writer.write(Echo(text: "\(i)")) }
                writer.finish()
                var replies: [String] = []
                for try await r in response.messages { replies.append(r.text) }
                return replies
            }
            #expect(replies == ["0", "1", "2"])
        }
    }

    @Test(arguments: Transport.all)
    func aServerThatFailsEarlyFailsAWritingClient(_ t: Transport) async throws {
        let metadata = try meta([("x-fail-code", "\(StatusCode.failedPrecondition.rawValue)"), ("x-fail-early", "1")])
        try await t.connect(server, []) { client in
            let error = await #expect(throws: RPCError.self) {
                try await client.bidiStreaming(method: EchoService.update, metadata: metadata) { writer, response in
                    for i in 0..<20_000 { try await writer.write(Echo(text: "\(i)")) }
                    writer.finish()
                    for try await _ in response.messages {}
                }
            }
            #expect(error?.code == .failedPrecondition)
        }
    }

    @Test(arguments: Transport.all)
    func aReaderThatFallsBehindGetsEveryResponseOnceAndInOrder(_ t: Transport) async throws {
        // 2 MB of responses against stream buffers of tens of KiB: the handler's writer is held
        // back again and again, and a message refused for lack of room must be sent once, later.
        let count = 2_000
        let metadata = try meta([("x-count", "\(count)"), ("x-size", "1000")])
        try await t.connect(server, []) { client in
            let texts = try await client.serverStreaming(Echo(text: "m"), method: EchoService.expand, metadata: metadata) { response in
                var texts: [String] = []
                for try await r in response.messages {
                    texts.append(String(r.text.prefix { $0 != "." }))
                    if texts.count % 200 == 0 { try await Task.sleep(for: .milliseconds(5)) }
                }
                return texts
            }
            #expect(texts == (0..<count).map { "m\($0)" })
        }
    }

    @Test(arguments: Transport.all)
    func twoTasksCanShareOneRequestWriter(_ t: Transport) async throws {
        try await t.connect(server, []) { client in
            let response = try await client.clientStreaming(method: EchoService.collect) { writer in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for lane in ["a", "b"] {
                        group.addTask {
                            for _ in 0..<5_000 { try await writer.write(Echo(text: lane)) }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            let words = response.message.text.split(separator: " ")
            #expect(words.count == 10_000)
            #expect(words.filter { $0 == "a" }.count == 5_000)
        }
    }
}
