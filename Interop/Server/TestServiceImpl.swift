import GRPCCore
import GRPCInteropProtos
#if canImport(Glibc)
import Glibc
#endif

/// grpc.testing.TestService as interop-test-descriptions.md's "Server" section describes it:
/// payloads of the sizes asked for, Echo Status, Echo Metadata, CompressedRequest (checked
/// against each message's compressed flag on the wire), CompressedResponse and interval_us.
struct TestServiceImpl: Grpc_Testing_TestService.ServiceProtocol {
    static let echoInitialKey = "x-grpc-test-echo-initial"
    static let echoTrailingKey = "x-grpc-test-echo-trailing-bin"

    func emptyCall(request: Grpc_Testing_Empty, context: ServerContext) async throws -> Grpc_Testing_Empty {
        echoMetadata(context)
        return Grpc_Testing_Empty()
    }

    func unaryCall(request: Grpc_Testing_SimpleRequest, context: ServerContext) async throws -> Grpc_Testing_SimpleResponse {
        echoMetadata(context)
        if request.hasResponseStatus { try echoStatus(request.responseStatus) }
        if request.hasExpectCompressed {
            try checkCompression(expected: request.expectCompressed.value, flags: context.requestCompressedFlags, index: 0)
        }
        guard request.responseType == .compressable else {
            throw RPCError(.invalidArgument, "response_type \(request.responseType) is not supported")
        }
        if request.hasResponseCompressed {
            context.responseCompression = request.responseCompressed.value ? .gzip : .identity
        }
        let body = try payload(Int(request.responseSize))
        return .with { $0.payload = body }
    }

    func cacheableUnaryCall(request: Grpc_Testing_SimpleRequest, context: ServerContext) async throws -> Grpc_Testing_SimpleResponse {
        echoMetadata(context)
        // The current time in nanoseconds, as ASCII decimal: different for each request.
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let nanoseconds = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
        return .with { $0.payload = Grpc_Testing_Payload.with { $0.body = Array("\(nanoseconds)".utf8) } }
    }

    func streamingOutputCall(
        request: Grpc_Testing_StreamingOutputCallRequest,
        response: ResponseWriter<Grpc_Testing_StreamingOutputCallResponse>,
        context: ServerContext
    ) async throws {
        echoMetadata(context)
        if request.hasResponseStatus { try echoStatus(request.responseStatus) }
        try await respond(to: request, response: response, context: context)
    }

    func streamingInputCall(
        requests: MessageStream<Grpc_Testing_StreamingInputCallRequest>,
        context: ServerContext
    ) async throws -> Grpc_Testing_StreamingInputCallResponse {
        echoMetadata(context)
        var total = 0
        var index = 0
        for try await request in requests {
            if request.hasExpectCompressed {
                try checkCompression(expected: request.expectCompressed.value, flags: context.requestCompressedFlags, index: index)
            }
            total += request.payload.body.count
            index += 1
        }
        return .with { $0.aggregatedPayloadSize = Int32(total) }
    }

    func fullDuplexCall(
        requests: MessageStream<Grpc_Testing_StreamingOutputCallRequest>,
        response: ResponseWriter<Grpc_Testing_StreamingOutputCallResponse>,
        context: ServerContext
    ) async throws {
        echoMetadata(context)
        for try await request in requests {
            if request.hasResponseStatus { try echoStatus(request.responseStatus) }
            try await respond(to: request, response: response, context: context)
        }
    }

    func halfDuplexCall(
        requests: MessageStream<Grpc_Testing_StreamingOutputCallRequest>,
        response: ResponseWriter<Grpc_Testing_StreamingOutputCallResponse>,
        context: ServerContext
    ) async throws {
        echoMetadata(context)
        var all: [Grpc_Testing_StreamingOutputCallRequest] = []
        for try await request in requests {
            if request.hasResponseStatus { try echoStatus(request.responseStatus) }
            all.append(request)
        }
        for request in all { try await respond(to: request, response: response, context: context) }
    }

    func unimplementedCall(request: Grpc_Testing_Empty, context: ServerContext) async throws -> Grpc_Testing_Empty {
        // The descriptions' unimplemented_method case: the method exists in test.proto but a
        // test server does not implement it.
        throw RPCError(.unimplemented, "grpc.testing.TestService/UnimplementedCall is not implemented")
    }

    /// One response per ResponseParameters: sleeps interval_us first, compresses as asked.
    private func respond(
        to request: Grpc_Testing_StreamingOutputCallRequest,
        response: ResponseWriter<Grpc_Testing_StreamingOutputCallResponse>,
        context: ServerContext
    ) async throws {
        guard request.responseType == .compressable else {
            throw RPCError(.invalidArgument, "response_type \(request.responseType) is not supported")
        }
        if !context.hasSentHeaders, request.responseParameters.contains(where: { $0.hasCompressed && $0.compressed.value }) {
            // Announce gzip in the headers even if the first message goes uncompressed.
            context.responseCompression = .gzip
            response.sendHeaders()
        }
        for parameters in request.responseParameters {
            if parameters.intervalUs > 0 {
                try await Task.sleep(for: .microseconds(Int(parameters.intervalUs)))
            }
            if parameters.hasCompressed {
                context.responseCompression = parameters.compressed.value ? .gzip : .identity
            }
            let body = try payload(Int(parameters.size))
            try await response.write(.with { $0.payload = body })
        }
    }

    private func payload(_ size: Int) throws -> Grpc_Testing_Payload {
        guard size >= 0 else { throw RPCError(.invalidArgument, "negative payload size \(size)") }
        return .with { $0.body = [UInt8](repeating: 0, count: size) }
    }

    /// Echo Metadata: the initial value back in the response headers, the trailing one in the trailers.
    private func echoMetadata(_ context: ServerContext) {
        let received = context.requestMetadata
        if let initial = received.first(Self.echoInitialKey) {
            var headers = context.responseHeaders
            try? headers.add(Self.echoInitialKey, initial)
            context.responseHeaders = headers
        }
        if let trailing = received.firstBinary(Self.echoTrailingKey) {
            var trailers = context.trailers
            try? trailers.add(Self.echoTrailingKey, trailing)
            context.trailers = trailers
        }
    }

    /// Echo Status: close the call with the code and message asked for.
    private func echoStatus(_ status: Grpc_Testing_EchoStatus) throws {
        guard status.code != 0 else { return }
        guard let code = StatusCode(rawValue: Int(status.code)) else {
            throw RPCError(.invalidArgument, "unknown status code \(status.code)")
        }
        throw RPCError(code, status.message)
    }

    /// CompressedRequest: the message's compressed flag on the wire must be what the client expects.
    private func checkCompression(expected: Bool, flags: [Bool], index: Int) throws {
        guard index < flags.count else {
            throw RPCError(.internal, "no compression flag recorded for request \(index) (the server must record them)")
        }
        let compressed = flags[index]
        if expected && !compressed {
            throw RPCError(.invalidArgument, "expected a compressed request, got an uncompressed one")
        }
        if !expected && compressed {
            throw RPCError(.invalidArgument, "expected an uncompressed request, got a compressed one")
        }
    }
}

/// grpc.testing.UnimplementedService is deliberately not served: calls to it must fail with UNIMPLEMENTED.
