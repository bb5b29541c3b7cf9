import GRPCCore
import Testing

/// Errors from handlers reach the client with code, message, details and trailers.
@Suite struct StatusTests {
    var server: Server { Server(services: [EchoService()]) }

    func failing(_ code: StatusCode, message: String = "it failed", details: [UInt8]? = nil, early: Bool = false) throws -> Metadata {
        var md = Metadata()
        try md.add("x-fail-code", "\(code.rawValue)")
        try md.add("x-fail-message-bin", Array(message.utf8))
        if let details { try md.add("x-fail-details-bin", details) }
        if early { try md.add("x-fail-early", "1") }
        return md
    }

    @Test(arguments: Transport.all)
    func unaryErrorCarriesCodeMessageDetailsAndTrailers(_ t: Transport) async throws {
        let metadata = try failing(.notFound, message: "no such thing: 100% ünïcode", details: [8, 5, 18, 3, 1, 2, 3])
        try await t.connect(server, []) { client in
            let error = await #expect(throws: RPCError.self) {
                try await client.unary(Echo(text: "x"), method: EchoService.get, metadata: metadata)
            }
            #expect(error?.code == .notFound)
            #expect(error?.message == "no such thing: 100% ünïcode")
            #expect(error?.details == [8, 5, 18, 3, 1, 2, 3])
            #expect(error?.trailers.first("x-error-trailer") == "yes")
            #expect(error?.trailers.first("x-trailer") == "done")
        }
    }

    @Test(arguments: Transport.all)
    func streamDeliversMessagesThenTheError(_ t: Transport) async throws {
        let metadata = try failing(.aborted, details: [1, 2, 3]).adding([("x-count", "3")])
        try await t.connect(server, []) { client in
            var received: [String] = []
            let error = await #expect(throws: RPCError.self) {
                try await client.serverStreaming(Echo(text: "m"), method: EchoService.expand, metadata: metadata) { response in
                    for try await m in response.messages { received.append(m.text) }
                }
            }
            #expect(received == ["m0", "m1", "m2"])
            #expect(error?.code == .aborted)
            #expect(error?.details == [1, 2, 3])
            #expect(error?.trailers.first("x-error-trailer") == "yes")
        }
    }

    @Test(arguments: Transport.all)
    func errorBeforeAnyMessageIsATrailersOnlyResponse(_ t: Transport) async throws {
        let metadata = try failing(.permissionDenied, early: true)
        try await t.connect(server, []) { client in
            let error = await #expect(throws: RPCError.self) {
                try await client.serverStreaming(Echo(text: "m"), method: EchoService.expand, metadata: metadata) { response in
                    _ = try await response.headers
                }
            }
            #expect(error?.code == .permissionDenied)
        }
    }

    @Test(arguments: Transport.all)
    func aNonStatusErrorFromAHandlerIsUnknown(_ t: Transport) async throws {
        struct Oops: Error {}
        let method = RPCMethod(
            MethodDescriptor(service: "grpcmini.test.Throwing", method: "Get", kind: .unary),
            requestCodec: .echo, responseCodec: .echo)
        struct Throwing: RegistrableService {
            let method: RPCMethod<Echo, Echo>
            func register(with router: inout Router) {
                router.register(method, unary: { _, _ in throw Oops() })
            }
        }
        try await t.connect(Server(services: [Throwing(method: method)]), []) { client in
            let error = await #expect(throws: RPCError.self) {
                try await client.unary(Echo(text: "x"), method: method)
            }
            #expect(error?.code == .unknown)
        }
    }
}
