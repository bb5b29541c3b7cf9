import CNGHTTP2
import GRPCCore
import HTTP2Transport
import Synchronization
import Testing

/// The outcome of one unary call of our HTTP2Channel against a scripted fake server.
struct FakeServerCall: Sendable {
    let result: Result<UnaryResponse<[UInt8]>, RPCError>
    /// The fake server's peer (every frame it received).
    let peer: RawPeer
    /// The stream the call came on.
    let stream: Int32
    let port: Int

    var error: RPCError? { if case .failure(let e) = result { e } else { nil } }
}

/// Runs a unary call of our client against a fake server that accepts the connection, waits
/// for the request headers and then runs `script` with the stream id. The fake server keeps
/// reading until the client closes the connection.
func callFakeServer(
    _ request: [UInt8] = [1, 2, 3], metadata: Metadata = Metadata(), options: CallOptions = CallOptions(),
    waitForRequestEnd: Bool = true,
    _ script: @escaping @Sendable (RawPeer, Int32) throws -> Void
) async throws -> FakeServerCall {
    let listener = try RawListener()
    let channel = HTTP2Channel(target: listener.address)
    let scriptDone = Atomic<Bool>(false)
    let server = Task {
        try await onThread { () throws -> (RawPeer, Int32) in
            let p = try listener.accept()
            try p.pump { p in
                p.frames.contains { f in
                    f.type == Frame.headersType && f.stream > 0
                        && (!waitForRequestEnd || p.frames(on: f.stream).contains(where: \.endStream))
                }
            }
            let id = p.frames.first { $0.type == Frame.headersType }!.stream
            defer { scriptDone.store(true, ordering: .releasing) }
            try script(p, id)
            try p.flush()
            scriptDone.store(true, ordering: .releasing)
            _ = p.waitForClose()
            return (p, id)
        }
    }
    let result: Result<UnaryResponse<[UInt8]>, RPCError>
    do {
        result = .success(try await channel.unary(request, method: WireService.unary, metadata: metadata, options: options))
    } catch {
        result = .failure(RPCError(from: error))
    }
    // The script may still be waiting for frames the client sends after the call ended.
    let end = ContinuousClock.now + .seconds(40)
    while !scriptDone.load(ordering: .acquiring) && ContinuousClock.now < end { try await Task.sleep(for: .milliseconds(2)) }
    channel.close()
    let (peer, id) = try await server.value
    return FakeServerCall(result: result, peer: peer, stream: id, port: listener.port)
}

/// A fake server's complete successful answer on `id`: headers, one message, trailers.
func answerOK(_ p: RawPeer, _ id: Int32, _ message: [UInt8] = [9], headers: [(String, String)] = [],
              trailers: [(String, String)] = []) throws {
    p.headers(id, [(":status", "200"), ("content-type", "application/grpc")] + headers)
    p.data(id, grpcFrame(message))
    try p.flush()
    p.headers(id, [("grpc-status", "0")] + trailers, endStream: true)
}

/// A fake server answers whole requests as they come, each with its request's last byte, until
/// `count` were answered.
func answerEachRequest(_ p: RawPeer, count: Int) throws {
    var answered: Set<Int32> = []
    try p.pump { p in
        for f in p.frames where f.type == Frame.headersType && f.stream > 0 && !answered.contains(f.stream)
            && p.frames(on: f.stream).contains(where: \.endStream)
        {
            answered.insert(f.stream)
            try? answerOK(p, f.stream, p.body(f.stream).suffix(1).map { $0 })
        }
        return answered.count == count
    }
}

@Suite struct ClientRequestShapeTests {
    @Test func theRequestCarriesEveryHeaderGRPCNeedsAndAFramedMessage() async throws {
        var md = Metadata()
        try md.add("x-text", "hello")
        try md.add("x-data-bin", [0xFF, 0x00, 0x01, 0x02])
        let request: [UInt8] = Array("request bytes".utf8)
        let call = try await callFakeServer(request, metadata: md, options: CallOptions(timeout: .seconds(30))) { p, id in
            try answerOK(p, id)
        }
        #expect(call.error == nil)
        let headers = call.peer.headerFrames(call.stream)
        try #require(headers.count == 1)
        let h = headers[0]
        #expect(!h.endStream, "the message follows in DATA")
        // Pseudo-headers first.
        let firstRegular = h.headers.firstIndex { !$0.name.hasPrefix(":") } ?? h.headers.count
        #expect(!h.headers[firstRegular...].contains { $0.name.hasPrefix(":") })
        #expect(h.header(":method") == "POST")
        #expect(h.header(":scheme") == "http")
        #expect(h.header(":path") == "/wire.Test/Unary")
        #expect(h.header(":authority") == "127.0.0.1:\(call.port)")
        #expect(h.header("content-type") == "application/grpc")
        #expect(h.header("te") == "trailers")
        #expect(h.header("grpc-encoding") == nil)
        #expect(h.header("x-text") == "hello")
        #expect(h.header("x-data-bin") == "/wABAg", "binary metadata in unpadded base64")
        let timeout = try #require(h.header("grpc-timeout"))
        #expect(timeout.hasSuffix("u"))
        let left = try GRPCTimeout.decode(timeout)
        #expect(left <= .seconds(30) && left > .seconds(20))
        // DATA: exactly the framed message, END_STREAM on the last frame.
        #expect(call.peer.body(call.stream) == grpcFrame(request))
        let data = call.peer.frames(on: call.stream).filter { $0.type == Frame.data }
        #expect(data.last?.endStream == true)
    }

    /// grpc-timeout uses the finest unit whose value fits 8 digits, rounded up.
    @Test(arguments: [
        (Duration.milliseconds(500), "u"), (.seconds(30), "u"), (.seconds(7200), "m"), (.seconds(108_000), "S"),
    ])
    func grpcTimeoutPicksTheRightUnit(_ timeout: Duration, _ unit: String) async throws {
        let call = try await callFakeServer(options: CallOptions(timeout: timeout)) { p, id in try answerOK(p, id) }
        let value = try #require(call.peer.headerFrames(call.stream).first?.header("grpc-timeout"))
        #expect(value.hasSuffix(unit), "\(value)")
        let decoded = try GRPCTimeout.decode(value)
        #expect(decoded <= timeout && decoded > timeout - .seconds(10))
    }

    @Test func noDeadlineMeansNoGRPCTimeout() async throws {
        let call = try await callFakeServer { p, id in try answerOK(p, id) }
        #expect(call.peer.headerFrames(call.stream).first?.header("grpc-timeout") == nil)
        #expect(call.peer.headerFrames(call.stream).first?.header("te") == "trailers")
    }

    @Test func aGzipCallSendsCompressedMessagesThatInflateToTheRequest() async throws {
        let request = Array(String(repeating: "compress me ", count: 200).utf8)
        let call = try await callFakeServer(request, options: CallOptions(compression: .gzip)) { p, id in try answerOK(p, id) }
        #expect(call.error == nil)
        let h = try #require(call.peer.headerFrames(call.stream).first)
        #expect(h.header("grpc-encoding") == "gzip")
        #expect(h.header("grpc-accept-encoding")?.contains("gzip") == true)
        let messages = try #require(grpcMessages(call.peer.body(call.stream)))
        try #require(messages.count == 1)
        #expect(messages[0].flag == 1)
        #expect(messages[0].message.count < request.count)
        #expect(try CompressionAlgorithm.gzip.decompress(messages[0].message, limit: 1 << 20) == request)
    }
}

@Suite struct ClientStatusMappingTests {
    @Test(arguments: [
        (404, StatusCode.unimplemented), (503, .unavailable), (429, .unavailable), (401, .unauthenticated),
        (403, .permissionDenied), (400, .internal), (502, .unavailable), (504, .unavailable), (500, .unknown),
    ])
    func anHTTPStatusWithoutGRPCStatusMaps(_ http: Int, _ code: StatusCode) async throws {
        let call = try await callFakeServer { p, id in
            p.headers(id, [(":status", String(http)), ("content-type", "text/html")], endStream: true)
        }
        #expect(call.error?.code == code)
    }

    @Test(arguments: [503, 200])
    func grpcStatusWinsOverTheHTTPStatus(_ http: Int) async throws {
        let call = try await callFakeServer { p, id in
            p.headers(id, [(":status", String(http)), ("content-type", "application/grpc"),
                           ("grpc-status", "5"), ("grpc-message", "not%20here")], endStream: true)
        }
        #expect(call.error?.code == .notFound)
        #expect(call.error?.message == "not here")
    }

    @Test func aNonGRPCContentTypeIsUnknown() async throws {
        let call = try await callFakeServer { p, id in
            p.headers(id, [(":status", "200"), ("content-type", "text/html")])
            p.data(id, Array("<html></html>".utf8), endStream: true)
        }
        #expect(call.error?.code == .unknown)
    }

    // REFUSED_STREAM is retried (StreamLimitTests), not mapped.
    @Test(arguments: [
        (NGHTTP2_CANCEL.rawValue, StatusCode.cancelled),
        (NGHTTP2_INTERNAL_ERROR.rawValue, .internal), (NGHTTP2_PROTOCOL_ERROR.rawValue, .internal),
        (NGHTTP2_FLOW_CONTROL_ERROR.rawValue, .internal), (NGHTTP2_NO_ERROR.rawValue, .internal),
    ])
    func aResetStreamMaps(_ http2Code: UInt32, _ code: StatusCode) async throws {
        let call = try await callFakeServer { p, id in p.reset(id, code: http2Code) }
        #expect(call.error?.code == code)
    }

    @Test func trailersWithoutGRPCStatusAreUnknown() async throws {
        let call = try await callFakeServer { p, id in
            p.headers(id, [(":status", "200"), ("content-type", "application/grpc")])
            p.data(id, grpcFrame([1]))
            try p.flush()
            p.headers(id, [("x-other", "1")], endStream: true)
        }
        #expect(call.error?.code == .unknown)
    }

    @Test func paddedAndUnpaddedBinaryValuesBothDecode() async throws {
        let call = try await callFakeServer { p, id in
            try answerOK(p, id, headers: [("x-a-bin", "AQI"), ("x-b-bin", "AQI=")],
                         trailers: [("x-c-bin", "AQIDBA=="), ("x-d-bin", "AQIDBA")])
        }
        let response = try call.result.get()
        #expect(response.headers.firstBinary("x-a-bin") == [1, 2])
        #expect(response.headers.firstBinary("x-b-bin") == [1, 2])
        #expect(response.trailers.firstBinary("x-c-bin") == [1, 2, 3, 4])
        #expect(response.trailers.firstBinary("x-d-bin") == [1, 2, 3, 4])
    }

    @Test func informationalHeadersAreSkipped() async throws {
        let call = try await callFakeServer { p, id in
            p.headers(id, [(":status", "100")])
            try p.flush()
            try answerOK(p, id, [7, 7], headers: [("x-real", "yes")])
        }
        let response = try call.result.get()
        #expect(response.message == [7, 7])
        #expect(response.headers.first("x-real") == "yes")
    }

    @Test func aResponseInAnUnsupportedEncodingIsInternal() async throws {
        let call = try await callFakeServer { p, id in
            p.headers(id, [(":status", "200"), ("content-type", "application/grpc"), ("grpc-encoding", "snappy")])
            p.data(id, grpcFrame([1, 2, 3], compressed: true))
            try p.flush()
            p.headers(id, [("grpc-status", "0")], endStream: true)
        }
        #expect(call.error?.code == .internal)
    }

    @Test func aCorruptCompressedResponseIsInternal() async throws {
        let call = try await callFakeServer { p, id in
            p.headers(id, [(":status", "200"), ("content-type", "application/grpc"), ("grpc-encoding", "gzip")])
            p.data(id, grpcFrame([0x1F, 0x8B, 0x08, 0, 9, 9, 9, 9, 9, 9], compressed: true))
            try p.flush()
            p.headers(id, [("grpc-status", "0")], endStream: true)
        }
        #expect(call.error?.code == .internal)
    }

    @Test func aResponsePrefixOverTheReceiveLimitFailsWithoutTheBody() async throws {
        // Headers and the 5-byte prefix of a 64 MiB message, then nothing: the client must
        // refuse from the prefix and reset the stream.
        let call = try await callFakeServer(options: CallOptions(timeout: .seconds(60))) { p, id in
            p.headers(id, [(":status", "200"), ("content-type", "application/grpc")])
            p.data(id, [0, 0x04, 0x00, 0x00, 0x00])
            try p.pump { p in p.frames(on: id).contains { $0.type == Frame.rstStream } }
        }
        #expect(call.error?.code == .resourceExhausted, "\(call.result)")
        #expect(call.peer.frames(on: call.stream).contains { $0.type == Frame.rstStream })
    }

    @Test func theClientResetsTheStreamWithCancelAndReportsDeadlineExceeded() async throws {
        // 3 s: on 2 loaded cores a shorter deadline can pass before the request goes out at all.
        let call = try await callFakeServer(options: CallOptions(timeout: .seconds(3))) { p, id in
            // Never answer: wait for the client's reset.
            try p.pump { p in p.frames(on: id).contains { $0.type == Frame.rstStream } }
        }
        #expect(call.error?.code == .deadlineExceeded)
        let rst = call.peer.frames(on: call.stream).first { $0.type == Frame.rstStream }
        #expect(rst?.errorCode == NGHTTP2_CANCEL.rawValue)
    }

    @Test func goawayLetsEarlierStreamsFinishAndRetriesLaterOnesOnANewConnection() async throws {
        let listener = try RawListener()
        let channel = HTTP2Channel(target: listener.address)
        defer { channel.close() }
        let client = Client(channel: channel)
        let server = Task {
            try await onThread { () throws -> [Frame] in
                let first = try listener.accept()
                // Two calls in flight on the first connection.
                try first.pump { p in p.frames.filter { $0.type == Frame.headersType }.count >= 2 }
                let ids = first.frames.filter { $0.type == Frame.headersType }.map(\.stream).sorted()
                first.goaway(lastStreamID: ids[0])
                try first.flush()
                try first.pump { p in p.frames(on: ids[0]).contains(where: \.endStream) }
                try answerOK(first, ids[0], first.body(ids[0]).suffix(1).map { $0 })
                try first.flush()
                // The other call, never processed, comes again on a new connection, and so
                // does the next call; each is answered with its request's last byte.
                let second = try listener.accept()
                try answerEachRequest(second, count: 2)
                try second.flush()
                _ = second.waitForClose()
                return first.frames
            }
        }
        async let a = capture { try await client.unary([1], method: WireService.unary) }
        async let b = capture { try await client.unary([2], method: WireService.unary) }
        let results = await [a, b]
        let ok = results.compactMap { try? $0.get() }
        #expect(ok.sorted { $0[0] < $1[0] } == [[1], [2]], "both succeed: \(results)")
        let later = try await client.unary([3], method: WireService.unary)
        #expect(later == [3], "a new call goes to the new connection")
        channel.close()
        _ = try await server.value
    }
}

/// The result of `body`, error included.
func capture<T>(_ body: () async throws -> T) async -> Result<T, any Error> {
    do { return .success(try await body()) } catch { return .failure(error) }
}

/// What our client tolerates and how it ends streams the server finished early.
@Suite struct ClientRobustnessTests {
    @Test func headerValuesWithSpacesAndInvalidFieldsDoNotFailTheCall() async throws {
        let call = try await callFakeServer { p, id in
            try answerOK(p, id, headers: [("x-ws", " padded "), ("x bad", "v"), ("x-good", "yes")])
        }
        let response = try call.result.get()
        #expect(response.headers.first("x-good") == "yes")
    }

    @Test func aBrokenPercentEncodingInGRPCMessageIsKeptAsIs() async throws {
        let call = try await callFakeServer { p, id in
            p.headers(id, [(":status", "200"), ("content-type", "application/grpc"),
                           ("grpc-status", "3"), ("grpc-message", "50%25 off %zz %")], endStream: true)
        }
        #expect(call.error?.code == .invalidArgument)
        #expect(call.error?.message == "50% off %zz %")
    }

    @Test func trailersBeforeOurHalfCloseAreAnsweredWithResetNoError() async throws {
        let listener = try RawListener()
        let channel = HTTP2Channel(target: listener.address)
        defer { channel.close() }
        let server = Task {
            try await onThread { () throws -> [Frame] in
                let p = try listener.accept()
                try p.pump { p in p.frames.contains { $0.type == Frame.data && $0.stream > 0 } }
                let id = p.frames.first { $0.type == Frame.headersType }!.stream
                p.headers(id, [(":status", "200"), ("content-type", "application/grpc"), ("grpc-status", "0")], endStream: true)
                try p.pump { p in p.frames(on: id).contains { $0.type == Frame.rstStream || $0.endStream } }
                return p.frames(on: id)
            }
        }
        let count = try await Client(channel: channel).bidiStreaming(method: WireService.ignore) { writer, response in
            try await writer.write([1])
            var n = 0
            for try await _ in response.messages { n += 1 }
            return n
        }
        #expect(count == 0)
        let frames = try await server.value
        let rst = frames.first { $0.type == Frame.rstStream }
        #expect(rst?.errorCode == 0, "RST_STREAM(NO_ERROR) instead of more requests: \(frames)")
        #expect(!frames.contains { $0.endStream }, "the client did not half-close after the status: \(frames)")
    }
}
