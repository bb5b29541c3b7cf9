import GRPCCore
import Testing

/// Message size limits of both sides are enforced with RESOURCE_EXHAUSTED.
@Suite struct LimitTests {
    @Test(arguments: Transport.all)
    func aResponseOverTheClientsReceiveLimitFails(_ t: Transport) async throws {
        try await t.connect(Server(services: [EchoService()]), []) { client in
            let error = await #expect(throws: RPCError.self) {
                try await client.unary(Echo(text: String(repeating: "x", count: 2000)), method: EchoService.get,
                                       options: CallOptions(maxReceiveMessageSize: 1000))
            }
            #expect(error?.code == .resourceExhausted)
        }
    }

    @Test(arguments: Transport.all)
    func aRequestOverTheClientsSendLimitFails(_ t: Transport) async throws {
        try await t.connect(Server(services: [EchoService()]), []) { client in
            let error = await #expect(throws: RPCError.self) {
                try await client.unary(Echo(text: String(repeating: "x", count: 2000)), method: EchoService.get,
                                       options: CallOptions(maxSendMessageSize: 1000))
            }
            #expect(error?.code == .resourceExhausted)
        }
    }

    @Test(arguments: Transport.all)
    func aRequestOverTheServersReceiveLimitFails(_ t: Transport) async throws {
        let server = Server(services: [EchoService()], maxReceiveMessageSize: 1000)
        try await t.connect(server, []) { client in
            let error = await #expect(throws: RPCError.self) {
                try await client.clientStreaming(method: EchoService.collect) { writer in
                    try await writer.write(Echo(text: "small"))
                    try await writer.write(Echo(text: String(repeating: "x", count: 2000)))
                }
            }
            #expect(error?.code == .resourceExhausted)
        }
    }

    @Test(arguments: Transport.all)
    func aStreamedResponseOverTheLimitEndsTheStream(_ t: Transport) async throws {
        let metadata = try meta([("x-count", "10"), ("x-size", "5000")])
        try await t.connect(Server(services: [EchoService()]), []) { client in
            let error = await #expect(throws: RPCError.self) {
                try await client.serverStreaming(Echo(text: "m"), method: EchoService.expand, metadata: metadata,
                                                 options: CallOptions(maxReceiveMessageSize: 4000)) { response in
                    for try await _ in response.messages {}
                }
            }
            #expect(error?.code == .resourceExhausted)
        }
    }
}
