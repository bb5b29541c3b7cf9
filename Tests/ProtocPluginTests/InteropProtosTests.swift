import GRPCCore
import GRPCInteropProtos
import InProcTransport
import Testing

/// The generated grpc.testing protos: exact method paths, and a unary call over the in-process channel.
@Suite struct InteropProtosTests {
    struct Service: Grpc_Testing_TestService.ServiceProtocol {
        func emptyCall(request: Grpc_Testing_Empty, context: ServerContext) async throws -> Grpc_Testing_Empty { .init() }
        func unaryCall(request: Grpc_Testing_SimpleRequest, context: ServerContext) async throws -> Grpc_Testing_SimpleResponse {
            .with { $0.payload.body = [UInt8](repeating: 0, count: Int(request.responseSize)) }
        }
        func cacheableUnaryCall(request: Grpc_Testing_SimpleRequest, context: ServerContext) async throws -> Grpc_Testing_SimpleResponse { .init() }
        func streamingOutputCall(
            request: Grpc_Testing_StreamingOutputCallRequest, response: ResponseWriter<Grpc_Testing_StreamingOutputCallResponse>,
            context: ServerContext
        ) async throws {}
        func streamingInputCall(
            requests: MessageStream<Grpc_Testing_StreamingInputCallRequest>, context: ServerContext
        ) async throws -> Grpc_Testing_StreamingInputCallResponse { .init() }
        func fullDuplexCall(
            requests: MessageStream<Grpc_Testing_StreamingOutputCallRequest>, response: ResponseWriter<Grpc_Testing_StreamingOutputCallResponse>,
            context: ServerContext
        ) async throws {}
        func halfDuplexCall(
            requests: MessageStream<Grpc_Testing_StreamingOutputCallRequest>, response: ResponseWriter<Grpc_Testing_StreamingOutputCallResponse>,
            context: ServerContext
        ) async throws {}
        func unimplementedCall(request: Grpc_Testing_Empty, context: ServerContext) async throws -> Grpc_Testing_Empty {
            throw RPCError(.unimplemented, "unimplemented")
        }
    }

    @Test func pathsAreTheProtoNames() {
        #expect(Grpc_Testing_TestService.Method.UnaryCall.descriptor.path == "/grpc.testing.TestService/UnaryCall")
        #expect(Grpc_Testing_TestService.Method.FullDuplexCall.descriptor.kind == .bidiStreaming)
        #expect(Grpc_Testing_TestService.Method.descriptors.count == 8)
    }

    @Test func unaryCallInProcess() async throws {
        let client = Grpc_Testing_TestService.Client(channel: InProcessChannel(server: Server(services: [Service()])))
        let response = try await client.unaryCall(.with { $0.responseSize = 314_159 })
        #expect(response.payload.body.count == 314_159)
        await #expect(throws: RPCError.self) { try await client.unimplementedCall(.init()) }
    }
}
