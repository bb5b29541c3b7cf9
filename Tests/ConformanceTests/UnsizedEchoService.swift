import GRPCCore

extension Codec where Message == Echo {
    /// UTF-8 text as the wire form, with no size function: a size is known only by encoding.
    static var unsizedEcho: Codec<Echo> {
        Codec(serialize: { Array($0.text.utf8) }, deserialize: { Echo(text: String(decoding: $0, as: UTF8.self)) })
    }
}

/// Echoes through a codec that cannot tell a message's size without encoding it.
struct UnsizedEchoService: RegistrableService {
    static let service = "grpcmini.test.UnsizedEcho"
    static let get = RPCMethod(MethodDescriptor(service: service, method: "Get", kind: .unary), requestCodec: .unsizedEcho, responseCodec: .unsizedEcho)
    static let expand = RPCMethod(MethodDescriptor(service: service, method: "Expand", kind: .serverStreaming), requestCodec: .unsizedEcho, responseCodec: .unsizedEcho)
    static let collect = RPCMethod(MethodDescriptor(service: service, method: "Collect", kind: .clientStreaming), requestCodec: .unsizedEcho, responseCodec: .unsizedEcho)

    func register(with router: inout Router) {
        router.register(Self.get, unary: { request, _ in request })
        router.register(Self.expand, serverStreaming: { request, writer, _ in try await writer.write(request) })
        router.register(Self.collect, clientStreaming: { requests, _ in
            var text = ""
            for try await r in requests { text += r.text }
            return Echo(text: text)
        })
    }
}
