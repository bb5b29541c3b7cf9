// Row `grpc-swift-2`: the ListStrings server-streaming RPC over grpc-swift-2 2.4.3's
// InProcessTransport, with the hand-written protobuf codecs of GRPCSwift2Codecs.swift.

import GRPCCore2
import GRPCInProcessTransport

extension MethodDescriptor {
    static let listStringsList = MethodDescriptor(fullyQualifiedService: "ListStrings", method: "List")
}

struct GRPCSwift2List: ListImpl {
    let name = "grpc-swift-2"

    func withClient<R: Sendable>(
        responses: [ListResponse],
        _ body: (any ListClient) async throws -> R
    ) async throws -> R {
        try await GRPCSwift2InProcess.withServerAndClient(
            services: [Service(responses: responses)]
        ) { client in
            try await body(Client(grpc: client))
        }
    }

    /// Server: sends the prebuilt responses in order.
    struct Service: RegistrableRPCService {
        let responses: [ListResponse]

        func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
            let responses = self.responses
            router.registerHandler(
                forMethod: .listStringsList,
                deserializer: ListRequestDeserializer(),
                serializer: ListResponseSerializer()
            ) { request, context in
                _ = try await ServerRequest(stream: request)
                return StreamingServerResponse { writer in
                    for response in responses {
                        try await writer.write(response)
                    }
                    return [:]
                }
            }
        }
    }

    struct Client: ListClient {
        let grpc: GRPCClient<InProcessTransport.Client>

        func list<Consumer: ListConsumer>(into consumer: Consumer) async throws -> Consumer {
            try await grpc.serverStreaming(
                request: ClientRequest(message: ListRequest()),
                descriptor: .listStringsList,
                serializer: ListRequestSerializer(),
                deserializer: ListResponseDeserializer(),
                options: .defaults
            ) { response in
                var consumer = consumer
                for try await message in response.messages {
                    consumer.consume(message)
                }
                return consumer
            }
        }
    }
}
