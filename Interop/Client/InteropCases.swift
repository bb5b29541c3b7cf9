import GRPCCore
import GRPCInteropProtos
import HTTP2Transport
import Synchronization

/// One named test case.
struct InteropCase: Sendable {
    let name: String
    let run: @Sendable (InteropCases) async throws -> Void
}

/// A failed assertion of a test case.
struct AssertionFailure: Error, CustomStringConvertible {
    let description: String
}

typealias SimpleRequest = Grpc_Testing_SimpleRequest
typealias SimpleResponse = Grpc_Testing_SimpleResponse
typealias StreamingOutputCallRequest = Grpc_Testing_StreamingOutputCallRequest
typealias StreamingInputCallRequest = Grpc_Testing_StreamingInputCallRequest
typealias TestMethod = Grpc_Testing_TestService.Method

/// The cases of grpc/grpc doc/interop-test-descriptions.md that need neither TLS nor cloud
/// credentials, each asserting what the description says the client asserts, then cases of
/// our own for what real clients do to a server (limits, big metadata, many concurrent calls,
/// long streams, cancellation mid-stream, deadlines on streams).
struct InteropCases: Sendable {
    let channel: HTTP2Channel
    var client: Client { Client(channel: channel) }
    var service: Grpc_Testing_TestService.Client { .init(channel: channel) }

    static let all: [InteropCase] = [
        InteropCase(name: "empty_unary") { try await $0.emptyUnary() },
        InteropCase(name: "large_unary") { try await $0.largeUnary() },
        InteropCase(name: "client_streaming") { try await $0.clientStreaming() },
        InteropCase(name: "server_streaming") { try await $0.serverStreaming() },
        InteropCase(name: "ping_pong") { try await $0.pingPong() },
        InteropCase(name: "empty_stream") { try await $0.emptyStream() },
        InteropCase(name: "cancel_after_begin") { try await $0.cancelAfterBegin() },
        InteropCase(name: "cancel_after_first_response") { try await $0.cancelAfterFirstResponse() },
        InteropCase(name: "timeout_on_sleeping_server") { try await $0.timeoutOnSleepingServer() },
        InteropCase(name: "custom_metadata") { try await $0.customMetadata() },
        InteropCase(name: "status_code_and_message") { try await $0.statusCodeAndMessage() },
        InteropCase(name: "special_status_message") { try await $0.specialStatusMessage() },
        InteropCase(name: "unimplemented_method") { try await $0.unimplementedMethod() },
        InteropCase(name: "unimplemented_service") { try await $0.unimplementedService() },
        InteropCase(name: "client_compressed_unary") { try await $0.clientCompressedUnary() },
        InteropCase(name: "server_compressed_unary") { try await $0.serverCompressedUnary() },
        InteropCase(name: "client_compressed_streaming") { try await $0.clientCompressedStreaming() },
        InteropCase(name: "server_compressed_streaming") { try await $0.serverCompressedStreaming() },
        // Beyond the descriptions.
        InteropCase(name: "max_message_at_limit") { try await $0.maxMessageAtLimit() },
        InteropCase(name: "max_message_over_limit") { try await $0.maxMessageOverLimit() },
        InteropCase(name: "large_metadata") { try await $0.largeMetadata() },
        InteropCase(name: "metadata_over_limit") { try await $0.metadataOverLimit() },
        InteropCase(name: "concurrent_unary_1000") { try await $0.concurrentUnary() },
        InteropCase(name: "long_server_stream") { try await $0.longServerStream() },
        InteropCase(name: "long_client_stream") { try await $0.longClientStream() },
        InteropCase(name: "long_ping_pong") { try await $0.longPingPong() },
        InteropCase(name: "cancel_mid_stream") { try await $0.cancelMidStream() },
        InteropCase(name: "server_stream_deadline") { try await $0.serverStreamDeadline() },
        InteropCase(name: "client_stream_deadline") { try await $0.clientStreamDeadline() },
    ]

    // MARK: the descriptions' cases

    func emptyUnary() async throws {
        let response: Grpc_Testing_Empty = try await service.emptyCall(Grpc_Testing_Empty())
        try expect(response.serializedSize == 0, "EmptyCall returned \(response.serializedSize) bytes")
    }

    func largeUnary() async throws {
        let response = try await service.unaryCall(Self.largeRequest())
        try expectZeros(response.payload.body, count: 314159, "response payload")
    }

    func clientStreaming() async throws {
        let response = try await service.streamingInputCall { writer in
            for size in [27182, 8, 1828, 45904] {
                try await writer.write(.with { $0.payload = Self.payload(size) })
            }
        }
        try expect(response.aggregatedPayloadSize == 74922, "aggregated_payload_size \(response.aggregatedPayloadSize), not 74922")
    }

    func serverStreaming() async throws {
        let sizes = [31415, 9, 2653, 58979]
        let request = StreamingOutputCallRequest.with {
            $0.responseParameters = sizes.map { size in .with { $0.size = Int32(size) } }
        }
        let received = try await service.streamingOutputCall(request) { response in
            var bodies: [[UInt8]] = []
            for try await m in response.messages { bodies.append(m.payload.body) }
            return bodies
        }
        try expectBodies(received, sizes: sizes)
    }

    func pingPong() async throws {
        let sizes = [(31415, 27182), (9, 8), (2653, 1828), (58979, 45904)]
        let received = try await service.fullDuplexCall { writer, response in
            var iterator = response.messages.makeAsyncIterator()
            var bodies: [[UInt8]] = []
            for (responseSize, requestSize) in sizes {
                try await writer.write(Self.streamingRequest(responseSizes: [responseSize], payloadSize: requestSize))
                guard let m = try await iterator.next() else { throw AssertionFailure(description: "stream ended after \(bodies.count) responses") }
                bodies.append(m.payload.body)
            }
            writer.finish()
            if try await iterator.next() != nil { throw AssertionFailure(description: "more than four responses") }
            return bodies
        }
        try expectBodies(received, sizes: sizes.map(\.0))
    }

    func emptyStream() async throws {
        let count = try await service.fullDuplexCall { writer, response in
            writer.finish()
            var count = 0
            for try await _ in response.messages { count += 1 }
            return count
        }
        try expect(count == 0, "\(count) responses, not zero")
    }

    func cancelAfterBegin() async throws {
        let started = Gate()
        let call = Task {
            // StreamingInputCall through the bidirectional API: the body waits for the response,
            // so what ends the call is its own status.
            try await client.bidiStreaming(method: TestMethod.StreamingInputCall.rpc) { _, response in
                started.open()
                return try await response.unaryResponse()
            }
        }
        await started.wait()
        call.cancel()
        try expectCode(.cancelled, await call.result, "cancelled StreamingInputCall")
    }

    func cancelAfterFirstResponse() async throws {
        let call = Task {
            try await service.fullDuplexCall { writer, response in
                try await writer.write(Self.streamingRequest(responseSizes: [31415], payloadSize: 27182))
                var iterator = response.messages.makeAsyncIterator()
                guard let first = try await iterator.next() else { throw AssertionFailure(description: "no response") }
                try expectZeros(first.payload.body, count: 31415, "first response")
                withUnsafeCurrentTask { $0?.cancel() }
                while try await iterator.next() != nil {}
            }
        }
        try expectCode(.cancelled, await call.result, "FullDuplexCall cancelled after the first response")
    }

    func timeoutOnSleepingServer() async throws {
        let result = await Result {
            try await service.fullDuplexCall(options: CallOptions(timeout: .milliseconds(1))) { writer, response in
                try await writer.write(.with { $0.payload = Self.payload(27182) })
                for try await _ in response.messages {}
            }
        }
        try expectCode(.deadlineExceeded, result, "FullDuplexCall with a 1 ms timeout")
    }

    func customMetadata() async throws {
        let initialValue = "test_initial_metadata_value"
        let trailingValue: [UInt8] = [0xab, 0xab, 0xab]
        var metadata = Metadata()
        try metadata.add(Self.echoInitial, initialValue)
        try metadata.add(Self.echoTrailing, trailingValue)

        let unary = try await client.unaryWithMetadata(Self.largeRequest(), method: TestMethod.UnaryCall.rpc, metadata: metadata)
        try expectZeros(unary.message.payload.body, count: 314159, "UnaryCall response")
        try expect(unary.headers.first(Self.echoInitial) == initialValue, "UnaryCall initial metadata \(unary.headers)")
        try expect(unary.trailers.firstBinary(Self.echoTrailing) == trailingValue, "UnaryCall trailing metadata \(unary.trailers)")

        let (headers, trailers, bodies) = try await service.fullDuplexCall(metadata: metadata) { writer, response in
            try await writer.write(Self.streamingRequest(responseSizes: [314159], payloadSize: 271828))
            writer.finish()
            var bodies: [[UInt8]] = []
            for try await m in response.messages { bodies.append(m.payload.body) }
            return (try await response.headers, response.trailers ?? Metadata(), bodies)
        }
        try expectBodies(bodies, sizes: [314159])
        try expect(headers.first(Self.echoInitial) == initialValue, "FullDuplexCall initial metadata \(headers)")
        try expect(trailers.firstBinary(Self.echoTrailing) == trailingValue, "FullDuplexCall trailing metadata \(trailers)")
    }

    func statusCodeAndMessage() async throws {
        try await echoStatus(code: 2, message: "test status message")
    }

    func specialStatusMessage() async throws {
        try await echoStatus(code: 2, message: "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n", duplex: false)
    }

    func unimplementedMethod() async throws {
        let result = await Result { try await service.unimplementedCall(Grpc_Testing_Empty()) }
        try expectCode(.unimplemented, result, "TestService/UnimplementedCall")
    }

    func unimplementedService() async throws {
        let other = Grpc_Testing_UnimplementedService.Client(channel: channel)
        let result = await Result { try await other.unimplementedCall(Grpc_Testing_Empty()) }
        try expectCode(.unimplemented, result, "UnimplementedService/UnimplementedCall")
    }

    func clientCompressedUnary() async throws {
        var probe = Self.largeRequest()
        probe.expectCompressed = .with { $0.value = true }
        let probeResult = await Result { try await service.unaryCall(probe) }
        try expectCode(.invalidArgument, probeResult, "uncompressed probe with expect_compressed")

        let compressed = try await service.unaryCall(probe, options: CallOptions(compression: .gzip))
        try expectZeros(compressed.payload.body, count: 314159, "response to the compressed request")

        var plain = Self.largeRequest()
        plain.expectCompressed = .with { $0.value = false }
        let uncompressed = try await service.unaryCall(plain)
        try expectZeros(uncompressed.payload.body, count: 314159, "response to the uncompressed request")
    }

    func serverCompressedUnary() async throws {
        for compressed in [true, false] {
            var request = Self.largeRequest()
            request.responseCompressed = .with { $0.value = compressed }
            var options = CallOptions()
            options.recordsMessageCompression = true
            let (response, flags) = try await client.serverStreaming(request, method: TestMethod.UnaryCall.rpc, options: options) { r in
                (try await r.unaryResponse(), r.head.compressedMessageFlags)
            }
            try expect(flags == [compressed], "response_compressed \(compressed): the response's compressed flags were \(flags)")
            try expectZeros(response.message.payload.body, count: 314159, "response payload")
        }
    }

    func clientCompressedStreaming() async throws {
        let probe = await Result {
            try await service.streamingInputCall { writer in
                try await writer.write(.with {
                    $0.expectCompressed = .with { $0.value = true }
                    $0.payload = Self.payload(27182)
                })
            }
        }
        try expectCode(.invalidArgument, probe, "uncompressed probe with expect_compressed")

        let response = try await service.streamingInputCall(options: CallOptions(compression: .gzip)) { writer in
            try await writer.write(StreamingInputCallRequest.with {
                $0.expectCompressed = .with { $0.value = true }
                $0.payload = Self.payload(27182)
            }, compressed: true)
            try await writer.write(StreamingInputCallRequest.with {
                $0.expectCompressed = .with { $0.value = false }
                $0.payload = Self.payload(45904)
            }, compressed: false)
        }
        try expect(response.aggregatedPayloadSize == 73086, "aggregated_payload_size \(response.aggregatedPayloadSize), not 73086")
    }

    func serverCompressedStreaming() async throws {
        let request = StreamingOutputCallRequest.with {
            $0.responseParameters = [
                .with { $0.compressed = .with { $0.value = true }; $0.size = 31415 },
                .with { $0.compressed = .with { $0.value = false }; $0.size = 92653 },
            ]
        }
        var options = CallOptions()
        options.recordsMessageCompression = true
        let (bodies, flags) = try await service.streamingOutputCall(request, options: options) { response in
            var bodies: [[UInt8]] = []
            for try await m in response.messages { bodies.append(m.payload.body) }
            return (bodies, response.head.compressedMessageFlags)
        }
        try expectBodies(bodies, sizes: [31415, 92653])
        try expect(flags == [true, false], "compressed flags of the two responses were \(flags), not [true, false]")
    }

    // MARK: beyond the descriptions

    static let receiveLimit = CallOptions.defaultMaxReceiveMessageSize

    /// A request and a response of exactly the 4 MiB default receive limit both pass.
    func maxMessageAtLimit() async throws {
        let request = Self.sizedRequest(encodedSize: Self.receiveLimit, responseBody: Self.receiveLimit - 10)
        try expect(request.serializedSize == Self.receiveLimit, "request is \(request.serializedSize) bytes")
        let response = try await service.unaryCall(request)
        try expect(response.serializedSize == Self.receiveLimit, "response is \(response.serializedSize) bytes, not \(Self.receiveLimit)")
        try expectZeros(response.payload.body, count: Self.receiveLimit - 10, "response payload")
    }

    /// One byte over the limit: the server refuses the request, the client the response, with
    /// RESOURCE_EXHAUSTED; the connection keeps working.
    func maxMessageOverLimit() async throws {
        let big = Self.sizedRequest(encodedSize: Self.receiveLimit + 1, responseBody: 1)
        let refused = await Result { try await service.unaryCall(big) }
        try expectCode(.resourceExhausted, refused, "a request of limit + 1 bytes")

        let bigResponse = SimpleRequest.with { $0.responseSize = Int32(Self.receiveLimit - 10 + 1) }
        let tooBig = await Result { try await service.unaryCall(bigResponse) }
        try expectCode(.resourceExhausted, tooBig, "a response of limit + 1 bytes")

        let after = try await service.unaryCall(.with { $0.responseSize = 10 })
        try expectZeros(after.payload.body, count: 10, "a call after the refused ones")
    }

    /// Big metadata both ways, just under gRPC C-core's default 8 KiB limit on received
    /// metadata: 1,500 ASCII characters echoed in the headers, 4,500 random bytes (6,000 in
    /// base64) echoed in the trailers.
    func largeMetadata() async throws {
        let ascii = String((0..<1500).map { i in Character(Unicode.Scalar(UInt8(0x21 + i % 94))) })
        var generator = SystemRandomNumberGenerator()
        let binary = (0..<4500).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var metadata = Metadata()
        try metadata.add(Self.echoInitial, ascii)
        try metadata.add(Self.echoTrailing, binary)
        let response = try await client.unaryWithMetadata(
            SimpleRequest.with { $0.responseSize = 1 }, method: TestMethod.UnaryCall.rpc, metadata: metadata)
        try expect(response.headers.first(Self.echoInitial) == ascii, "the 1,500-character initial value did not come back")
        try expect(response.trailers.firstBinary(Self.echoTrailing) == binary, "the 4,500-byte trailing value did not come back")
    }

    /// Request metadata over the server's limit (20,000 bytes; C-core's default is 8 KiB,
    /// grpc-mini's 16 KiB) is refused with RESOURCE_EXHAUSTED, and the channel goes on working.
    /// A first call settles the connection: C-core enforces its limit only once the client
    /// has acknowledged its SETTINGS, and grpc-mini sends the first request before that.
    /// C-core's server closes the connection after such a refusal, and a call racing that
    /// close fails UNAVAILABLE (C-core's own client's too), so the call after it may be
    /// retried once on UNAVAILABLE; grpc-mini's server keeps the connection.
    func metadataOverLimit() async throws {
        _ = try await service.emptyCall(Grpc_Testing_Empty())
        var metadata = Metadata()
        try metadata.add("x-grpc-mini-big-bin", [UInt8](repeating: 0x5a, count: 20_000))
        let refused = await Result {
            try await client.unary(SimpleRequest.with { $0.responseSize = 1 }, method: TestMethod.UnaryCall.rpc, metadata: metadata)
        }
        try expectCode(.resourceExhausted, refused, "a call with 20,000 bytes of metadata")
        let after: SimpleResponse
        do {
            after = try await service.unaryCall(.with { $0.responseSize = 10 })
        } catch let error as RPCError where error.code == .unavailable {
            after = try await service.unaryCall(.with { $0.responseSize = 10 })
        }
        try expectZeros(after.payload.body, count: 10, "a call after the refused one")
    }

    /// 1,000 unary calls at once on one connection.
    func concurrentUnary() async throws {
        let service = self.service
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<1000 {
                group.addTask {
                    let response = try await service.unaryCall(.with {
                        $0.responseSize = Int32(1000 + i)
                        $0.payload = Self.payload(1000)
                    })
                    guard response.payload.body.count == 1000 + i else {
                        throw AssertionFailure(description: "call \(i): \(response.payload.body.count) bytes, not \(1000 + i)")
                    }
                }
            }
            // Every call answered with its own size, or the first failure is thrown here.
            try await group.waitForAll()
        }
    }

    /// 10,000 responses on one server stream, in order.
    func longServerStream() async throws {
        let count = 10_000
        let request = StreamingOutputCallRequest.with {
            $0.responseParameters = (0..<count).map { i in .with { $0.size = Int32(i % 200) } }
        }
        let received = try await service.streamingOutputCall(request) { response in
            var index = 0
            for try await m in response.messages {
                guard m.payload.body.count == index % 200 else {
                    throw AssertionFailure(description: "response \(index) has \(m.payload.body.count) bytes, not \(index % 200)")
                }
                index += 1
            }
            return index
        }
        try expect(received == count, "\(received) responses, not \(count)")
    }

    /// 10,000 requests on one client stream.
    func longClientStream() async throws {
        let count = 10_000
        let response = try await service.streamingInputCall { writer in
            for i in 0..<count { try await writer.write(.with { $0.payload = Self.payload(i % 200) }) }
        }
        let expected = (0..<count).reduce(0) { $0 + $1 % 200 }
        try expect(Int(response.aggregatedPayloadSize) == expected, "aggregated_payload_size \(response.aggregatedPayloadSize), not \(expected)")
    }

    /// 1,000 round trips on one bidirectional stream.
    func longPingPong() async throws {
        let rounds = 1000
        try await service.fullDuplexCall { writer, response in
            var iterator = response.messages.makeAsyncIterator()
            for i in 0..<rounds {
                try await writer.write(Self.streamingRequest(responseSizes: [i % 1000 + 1], payloadSize: 1000 - i % 1000))
                guard let m = try await iterator.next() else { throw AssertionFailure(description: "stream ended at round \(i)") }
                guard m.payload.body.count == i % 1000 + 1 else {
                    throw AssertionFailure(description: "round \(i): \(m.payload.body.count) bytes, not \(i % 1000 + 1)")
                }
            }
            writer.finish()
            if try await iterator.next() != nil { throw AssertionFailure(description: "a response after the last round") }
        }
    }

    /// Cancels a bidirectional call while the server is still streaming (5,000 responses, one
    /// a millisecond): the call ends CANCELLED, and the connection keeps working.
    func cancelMidStream() async throws {
        let call = Task {
            try await service.fullDuplexCall { writer, response in
                try await writer.write(.with {
                    $0.responseParameters = (0..<5000).map { _ in .with { $0.size = 1000; $0.intervalUs = 1000 } }
                })
                var received = 0
                for try await _ in response.messages {
                    received += 1
                    if received == 10 { withUnsafeCurrentTask { $0?.cancel() } }
                }
                throw AssertionFailure(description: "the stream ended after \(received) responses instead of failing CANCELLED")
            }
        }
        try expectCode(.cancelled, await call.result, "FullDuplexCall cancelled mid-stream")
        let after = try await service.unaryCall(.with { $0.responseSize = 10 })
        try expectZeros(after.payload.body, count: 10, "a call after the cancelled one")
    }

    /// A server stream slower than its deadline (the first response at once, 49 more 40 ms
    /// apart): some responses arrive, then DEADLINE_EXCEEDED.
    func serverStreamDeadline() async throws {
        let request = StreamingOutputCallRequest.with {
            $0.responseParameters = (0..<50).map { i in .with { $0.size = 100; $0.intervalUs = i == 0 ? 0 : 40_000 } }
        }
        let received = Mutex(0)
        let result = await Result {
            try await service.streamingOutputCall(request, options: CallOptions(timeout: .seconds(1))) { response in
                for try await _ in response.messages { received.withLock { $0 += 1 } }
            }
        }
        try expectCode(.deadlineExceeded, result, "a 2 s server stream with a 1 s deadline")
        let count = received.withLock { $0 }
        try expect(count >= 1 && count < 50, "\(count) responses before the deadline, expected some but not all 50")
    }

    /// A client stream slower than its deadline ends DEADLINE_EXCEEDED.
    func clientStreamDeadline() async throws {
        let result = await Result {
            try await service.streamingInputCall(options: CallOptions(timeout: .milliseconds(300))) { writer in
                for _ in 0..<20 {
                    try await writer.write(.with { $0.payload = Self.payload(100) })
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
        }
        try expectCode(.deadlineExceeded, result, "a 1 s client stream with a 300 ms deadline")
    }

    // MARK: helpers

    static let echoInitial = "x-grpc-test-echo-initial"
    static let echoTrailing = "x-grpc-test-echo-trailing-bin"

    static func payload(_ size: Int) -> Grpc_Testing_Payload {
        .with { $0.body = [UInt8](repeating: 0, count: size) }
    }

    static func largeRequest() -> SimpleRequest {
        .with {
            $0.responseSize = 314159
            $0.payload = payload(271828)
        }
    }

    static func streamingRequest(responseSizes: [Int], payloadSize: Int) -> StreamingOutputCallRequest {
        .with {
            $0.responseParameters = responseSizes.map { size in .with { $0.size = Int32(size) } }
            $0.payload = payload(payloadSize)
        }
    }

    /// A SimpleRequest that encodes to exactly `encodedSize` bytes and asks for `responseBody`.
    static func sizedRequest(encodedSize: Int, responseBody: Int) -> SimpleRequest {
        var request = SimpleRequest.with {
            $0.responseSize = Int32(responseBody)
            $0.payload = payload(encodedSize)
        }
        // Shrink the body by the overhead; the varint lengths do not change size near 4 MiB.
        let overhead = request.serializedSize - encodedSize
        request.payload = payload(encodedSize - overhead)
        return request
    }

    func echoStatus(code: Int32, message: String, duplex: Bool = true) async throws {
        let status = Grpc_Testing_EchoStatus.with {
            $0.code = code
            $0.message = message
        }
        let unary = await Result { try await service.unaryCall(.with { $0.responseStatus = status }) }
        try expectStatus(unary, code: code, message: message, "UnaryCall")
        guard duplex else { return }
        let stream = await Result {
            try await service.fullDuplexCall { writer, response in
                try await writer.write(.with { $0.responseStatus = status })
                writer.finish()
                for try await _ in response.messages {}
            }
        }
        try expectStatus(stream, code: code, message: message, "FullDuplexCall")
    }

    func expectStatus<T>(_ result: Result<T, any Error>, code: Int32, message: String, _ what: String) throws {
        guard case .failure(let error) = result else { throw AssertionFailure(description: "\(what) succeeded") }
        guard let rpc = error as? RPCError else { throw AssertionFailure(description: "\(what) threw \(error)") }
        try expect(rpc.code.rawValue == Int(code), "\(what): code \(rpc.code), not \(code)")
        try expect(rpc.message == message, "\(what): message \(rpc.message.debugDescription), not \(message.debugDescription)")
    }
}

/// Assertions.
func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw AssertionFailure(description: message()) }
}

func expectZeros(_ body: [UInt8], count: Int, _ what: String) throws {
    try expect(body.count == count, "\(what) is \(body.count) bytes, not \(count)")
    try expect(!body.contains { $0 != 0 }, "\(what) is not all zeros")
}

func expectBodies(_ bodies: [[UInt8]], sizes: [Int]) throws {
    try expect(bodies.map(\.count) == sizes, "response sizes \(bodies.map(\.count)), not \(sizes)")
    for (i, b) in bodies.enumerated() { try expectZeros(b, count: sizes[i], "response \(i)") }
}

func expectCode<T>(_ code: StatusCode, _ result: Result<T, any Error>, _ what: String) throws {
    switch result {
    case .success:
        throw AssertionFailure(description: "\(what) succeeded; expected \(code)")
    case .failure(let error as RPCError):
        try expect(error.code == code, "\(what) failed with \(error); expected \(code)")
    case .failure(let error):
        throw AssertionFailure(description: "\(what) threw \(error) (not an RPC status); expected \(code)")
    }
}

extension Result where Failure == any Error {
    /// The outcome of an async throwing body.
    init(_ body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

/// Opened once; waiters resume when it is.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func open() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.open = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume() }
    }

    func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.open { return true }
                s.waiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }
}
