import GRPCCore
import GRPCInteropProtos

/// A small `grpc.testing.TestService`: enough for reflection clients to call it. (The full
/// interop server, with status echo and metadata, is the Interop harness's.)
struct DemoTestService: Grpc_Testing_TestService.ServiceProtocol {
    private static func payload(size: Int32) throws -> Grpc_Testing_Payload {
        guard size >= 0 else { throw RPCError(.invalidArgument, "negative response size \(size)") }
        return .with { $0.body = [UInt8](repeating: 0, count: Int(size)) }
    }

    func emptyCall(request: Grpc_Testing_Empty, context: ServerContext) async throws -> Grpc_Testing_Empty {
        Grpc_Testing_Empty()
    }

    func unaryCall(request: Grpc_Testing_SimpleRequest, context: ServerContext) async throws -> Grpc_Testing_SimpleResponse {
        let payload = try Self.payload(size: request.responseSize)
        return .with { $0.payload = payload }
    }

    func cacheableUnaryCall(request: Grpc_Testing_SimpleRequest, context: ServerContext) async throws -> Grpc_Testing_SimpleResponse {
        try await unaryCall(request: request, context: context)
    }

    func streamingOutputCall(
        request: Grpc_Testing_StreamingOutputCallRequest, response: ResponseWriter<Grpc_Testing_StreamingOutputCallResponse>,
        context: ServerContext
    ) async throws {
        for p in request.responseParameters {
            let payload = try Self.payload(size: p.size)
            try await response.write(.with { $0.payload = payload })
        }
    }

    func streamingInputCall(
        requests: MessageStream<Grpc_Testing_StreamingInputCallRequest>, context: ServerContext
    ) async throws -> Grpc_Testing_StreamingInputCallResponse {
        var total: Int32 = 0
        for try await r in requests { total &+= Int32(truncatingIfNeeded: r.payload.body.count) }
        let sum = total
        return .with { $0.aggregatedPayloadSize = sum }
    }

    func fullDuplexCall(
        requests: MessageStream<Grpc_Testing_StreamingOutputCallRequest>,
        response: ResponseWriter<Grpc_Testing_StreamingOutputCallResponse>, context: ServerContext
    ) async throws {
        for try await r in requests {
            for p in r.responseParameters {
                let payload = try Self.payload(size: p.size)
                try await response.write(.with { $0.payload = payload })
            }
        }
    }

    func halfDuplexCall(
        requests: MessageStream<Grpc_Testing_StreamingOutputCallRequest>,
        response: ResponseWriter<Grpc_Testing_StreamingOutputCallResponse>, context: ServerContext
    ) async throws {
        var all: [Grpc_Testing_StreamingOutputCallRequest] = []
        for try await r in requests { all.append(r) }
        for r in all {
            for p in r.responseParameters {
                let payload = try Self.payload(size: p.size)
                try await response.write(.with { $0.payload = payload })
            }
        }
    }

    /// The method the interop tests expect to be unimplemented.
    func unimplementedCall(request: Grpc_Testing_Empty, context: ServerContext) async throws -> Grpc_Testing_Empty {
        throw RPCError(.unimplemented, "grpc.testing.TestService/UnimplementedCall is not implemented")
    }
}
