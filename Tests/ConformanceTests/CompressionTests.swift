import GRPCCore
import Testing

/// Compressed requests and responses: on a wire they are gzip-compressed per message; in
/// process there is no wire, and the same calls simply work.
@Suite struct CompressionTests {
    static let service = "grpcmini.test.Compressed"
    static let echo = RPCMethod(
        MethodDescriptor(service: service, method: "Echo", kind: .unary), requestCodec: .echo, responseCodec: .echo)
    static let expand = RPCMethod(
        MethodDescriptor(service: service, method: "Expand", kind: .serverStreaming), requestCodec: .echo, responseCodec: .echo)

    /// Echoes with compressed responses; `Expand` switches compression off for every other message.
    struct CompressingService: RegistrableService {
        func register(with router: inout Router) {
            router.register(CompressionTests.echo, unary: { request, context in
                context.responseCompression = .gzip
                return request
            })
            router.register(CompressionTests.expand, serverStreaming: { request, writer, context in
                for i in 0..<6 {
                    context.responseCompression = i % 2 == 0 ? .gzip : .identity
                    try await writer.write(Echo(text: "\(i): \(request.text)"))
                }
            })
        }
    }

    static let text = String(repeating: "squeeze me, ", count: 500)

    @Test(arguments: Transport.all)
    func aGzipCallWithCompressedResponsesRoundTrips(_ t: Transport) async throws {
        try await t.connect(Server(services: [CompressingService()]), []) { client in
            let response = try await client.unary(
                Echo(text: Self.text), method: Self.echo, options: CallOptions(compression: .gzip))
            #expect(response.text == Self.text)
        }
    }

    @Test(arguments: Transport.all)
    func responsesSwitchingCompressionPerMessageArriveIntact(_ t: Transport) async throws {
        try await t.connect(Server(services: [CompressingService()]), []) { client in
            let texts = try await client.serverStreaming(
                Echo(text: Self.text), method: Self.expand, options: CallOptions(compression: .deflate)
            ) { response in
                var texts: [String] = []
                for try await m in response.messages { texts.append(m.text) }
                return texts
            }
            #expect(texts == (0..<6).map { "\($0): \(Self.text)" })
        }
    }
}
