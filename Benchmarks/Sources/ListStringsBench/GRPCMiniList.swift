// Row `grpc-mini`: the ListStrings service behind grpc-mini's in-process channel, called with
// the same client API a remote call uses (full semantics: metadata, deadlines, cancellation,
// size limits, backpressure; messages handed over as values, not serialized).

import GRPCCore
import InProcTransport

enum GRPCMiniListStrings {
    static let list = RPCMethod<ListRequest, ListResponse>(
        MethodDescriptor(service: "dev.bwplotka.list.v0.ListStrings", method: "List", kind: .serverStreaming),
        requestCodec: .protobuf, responseCodec: .protobuf)
    static let echo = RPCMethod<EchoMessage, EchoMessage>(
        MethodDescriptor(service: "Echo", method: "Get", kind: .unary),
        requestCodec: .protobuf, responseCodec: .protobuf)

    /// Sends the prebuilt responses in order on every call.
    struct Service: RegistrableService {
        let responses: [ListResponse]

        func register(with router: inout Router) {
            let responses = self.responses
            router.register(GRPCMiniListStrings.list, serverStreaming: { _, writer, _ in
                for response in responses { try await writer.write(response) }
            })
            router.register(GRPCMiniListStrings.echo, unary: { request, _ in
                EchoMessage(text: request.text)
            })
        }
    }
}

struct GRPCMiniList: ListImpl {
    var name = "grpc-mini"
    /// Row `grpc-mini+deadline` passes a 30 s timeout: the cost of arming and cancelling a deadline.
    var options = CallOptions()

    func withClient<R: Sendable>(
        responses: [ListResponse],
        _ body: (any ListClient) async throws -> R
    ) async throws -> R {
        let server = Server(services: [GRPCMiniListStrings.Service(responses: responses)])
        return try await body(ListClientImpl(client: Client(channel: InProcessChannel(server: server)), options: options))
    }

    struct ListClientImpl: ListClient {
        let client: Client
        let options: CallOptions

        func list<Consumer: ListConsumer>(into consumer: Consumer) async throws -> Consumer {
            try await client.serverStreaming(ListRequest(), method: GRPCMiniListStrings.list, options: options) { response in
                var consumer = consumer
                for try await message in response.messages { consumer.consume(message) }
                return consumer
            }
        }
    }
}

struct GRPCMiniUnary: UnaryImpl {
    var name = "grpc-mini"
    var options = CallOptions()

    func withClient<R: Sendable>(_ body: (any UnaryClient) async throws -> R) async throws -> R {
        let server = Server(services: [GRPCMiniListStrings.Service(responses: [])])
        return try await body(EchoClient(client: Client(channel: InProcessChannel(server: server)), options: options))
    }

    struct EchoClient: UnaryClient {
        let client: Client
        let options: CallOptions

        func echo(_ request: EchoMessage) async throws -> EchoMessage {
            try await client.unary(request, method: GRPCMiniListStrings.echo, options: options)
        }
    }
}
