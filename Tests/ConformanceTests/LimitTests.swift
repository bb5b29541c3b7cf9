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

/// Every limit holds for a codec without a size function: the size is then measured by encoding.
@Suite struct UnsizedCodecLimitTests {
    /// Which side's limit a 1,000-byte message breaks (each limit is 100 bytes).
    enum Limit: String, Sendable, CaseIterable {
        case clientSend, serverReceive, serverSend, clientReceive
    }

    /// How the message travels: each call kind hands messages over by a different path.
    enum Shape: String, Sendable, CaseIterable {
        case unary, serverStreaming, clientStreaming
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let limit: Limit
        let shape: Shape
        var testDescription: String { "\(limit.rawValue) \(shape.rawValue)" }
        static let all = Limit.allCases.flatMap { l in Shape.allCases.map { Case(limit: l, shape: $0) } }
    }

    @Test(arguments: Transport.all, Case.all)
    func aMessageOverALimitFailsWithoutASizeFunction(_ t: Transport, _ c: Case) async throws {
        let server = Server(services: [UnsizedEchoService()],
                            maxReceiveMessageSize: c.limit == .serverReceive ? 100 : CallOptions.defaultMaxReceiveMessageSize,
                            maxSendMessageSize: c.limit == .serverSend ? 100 : nil)
        let options = CallOptions(maxSendMessageSize: c.limit == .clientSend ? 100 : nil,
                                  maxReceiveMessageSize: c.limit == .clientReceive ? 100 : CallOptions.defaultMaxReceiveMessageSize)
        let big = Echo(text: String(repeating: "x", count: 1000))
        try await t.connect(server, []) { client in
            let error = await #expect(throws: RPCError.self) {
                switch c.shape {
                case .unary:
                    _ = try await client.unary(big, method: UnsizedEchoService.get, options: options)
                case .serverStreaming:
                    try await client.serverStreaming(big, method: UnsizedEchoService.expand, options: options) { response in
                        for try await _ in response.messages {}
                    }
                case .clientStreaming:
                    _ = try await client.clientStreaming(method: UnsizedEchoService.collect, options: options) { writer in
                        try await writer.write(big)
                    }
                }
            }
            #expect(error?.code == .resourceExhausted)
        }
    }
}
