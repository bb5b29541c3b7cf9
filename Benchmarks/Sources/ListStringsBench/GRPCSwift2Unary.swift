// Unary row `grpc-swift-2`: a tiny Echo unary RPC over grpc-swift-2 2.4.3's InProcessTransport.

import GRPCCore2
import GRPCInProcessTransport

extension MethodDescriptor {
    static let echoGet = MethodDescriptor(fullyQualifiedService: "Echo", method: "Get")
}

struct GRPCSwift2Unary: UnaryImpl {
    let name = "grpc-swift-2"

    func withClient<R: Sendable>(_ body: (any UnaryClient) async throws -> R) async throws -> R {
        try await GRPCSwift2InProcess.withServerAndClient(services: [Service()]) { client in
            try await body(Client(grpc: client))
        }
    }

    /// Server: answers with the request's text.
    struct Service: RegistrableRPCService {
        func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
            router.registerHandler(
                forMethod: .echoGet,
                deserializer: EchoDeserializer(),
                serializer: EchoSerializer()
            ) { request, context in
                let request = try await ServerRequest(stream: request)
                return StreamingServerResponse(
                    single: ServerResponse(message: EchoMessage(text: request.message.text)))
            }
        }
    }

    struct Client: UnaryClient {
        let grpc: GRPCClient<InProcessTransport.Client>

        func echo(_ request: EchoMessage) async throws -> EchoMessage {
            try await grpc.unary(
                request: ClientRequest(message: request),
                descriptor: .echoGet,
                serializer: EchoSerializer(),
                deserializer: EchoDeserializer(),
                options: .defaults
            ) { response in
                try response.message
            }
        }
    }
}
