import CNGHTTP2
import GRPCCore
import Glibc
import HTTP2Transport
import Synchronization
import Testing

/// Runs a unary call of our client against a fake server scripted at the socket level:
/// `script` gets the accepted socket as a server peer that has sent nothing yet (not even
/// SETTINGS) and does what it likes with it; the socket stays open until the call has ended.
/// Returns the call's error (nil on success) and how long the call took.
func callScriptedServer(
    options: CallOptions, _ script: @escaping @Sendable (RawPeer) throws -> Void
) async throws -> (error: RPCError?, took: Duration) {
    let listener = try RawListener()
    let channel = HTTP2Channel(target: listener.address)
    defer { channel.close() }
    let callDone = Atomic<Bool>(false)
    let server = Task {
        try await onThread { () throws -> Void in
            let p = try listener.accept()
            try script(p)
            // Hold the socket (and read what comes, so the client never blocks writing) until the call ended.
            let end = ContinuousClock.now + .seconds(90)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !callDone.load(ordering: .acquiring) && ContinuousClock.now < end {
                if buffer.withUnsafeMutableBytes({ recvTimeout(p.fd, $0, ms: 10) }) == 0 { usleep(10_000) }
            }
        }
    }
    let start = ContinuousClock.now
    var error: RPCError? = nil
    do {
        _ = try await channel.unary([1, 2, 3], method: WireService.unary, metadata: Metadata(), options: options)
    } catch let e {
        error = RPCError(from: e)
    }
    let took = ContinuousClock.now - start
    callDone.store(true, ordering: .releasing)
    try await server.value
    return (error, took)
}

/// Reads and processes frames until the request on some stream ended; that stream's id.
func waitForRequest(_ p: RawPeer) throws -> Int32 {
    try p.pump { p in p.frames.contains { $0.type == Frame.headersType && $0.stream > 0 && p.frames(on: $0.stream).contains(where: \.endStream) } }
    return p.frames.first { $0.type == Frame.headersType }!.stream
}

/// One raw HTTP/2 frame.
func rawFrame(type: UInt8, flags: UInt8, stream: Int32, _ payload: [UInt8] = []) -> [UInt8] {
    let n = payload.count
    let s = UInt32(stream)
    return [UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF), type, flags,
            UInt8(s >> 24), UInt8(s >> 16 & 0xFF), UInt8(s >> 8 & 0xFF), UInt8(s & 0xFF)] + payload
}

/// The client's side of the hostile-peer cases: a server that misbehaves gets a clear status,
/// never a hang (every call here has a deadline far beyond what the answer may take) or a crash.
@Suite struct ClientHostileServerTests {
    /// Far beyond any expected answer; a call that reaches it hung.
    static let patience = CallOptions(timeout: .seconds(60))

    @Test func garbageAfterTheHandshakeIsUnavailable() async throws {
        let call = try await callFakeServer(options: Self.patience) { p, _ in
            // A frame header announcing 16 MiB of an unknown type: FRAME_SIZE_ERROR for the client.
            try p.writeRaw([UInt8](repeating: 0xFF, count: 64))
        }
        #expect(call.error?.code == .unavailable, "\(call.result)")
    }

    @Test func garbageInsteadOfTheServerPrefaceIsUnavailable() async throws {
        let (error, took) = try await callScriptedServer(options: Self.patience) { p in
            try p.writeRaw(Array("this is not HTTP/2 at all, not even close..".utf8))
        }
        #expect(error?.code == .unavailable, "\(String(describing: error))")
        #expect(took < .seconds(30))
    }

    @Test func anHTTP1ResponseIsUnavailable() async throws {
        // An HTTP/1.1 server (or proxy) on the port: it reads the preface and answers in HTTP/1.1,
        // keeping the connection open.
        let (error, took) = try await callScriptedServer(options: Self.patience) { p in
            var buffer = [UInt8](repeating: 0, count: 4096)
            _ = buffer.withUnsafeMutableBytes { recvTimeout(p.fd, $0, ms: 10_000) }
            try p.writeRaw(Array("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nBad Request".utf8))
        }
        #expect(error?.code == .unavailable, "\(String(describing: error))")
        #expect(took < .seconds(30))
    }

    @Test func aServerThatAcceptsAndNeverSpeaksFailsAtTheDeadline() async throws {
        let (error, took) = try await callScriptedServer(options: CallOptions(timeout: .milliseconds(500))) { _ in }
        #expect(error?.code == .deadlineExceeded, "\(String(describing: error))")
        #expect(took < .seconds(15), "the deadline ends the call: \(took)")
    }

    @Test func aServerClosingMidResponseIsUnavailable() async throws {
        let (error, _) = try await callScriptedServer(options: Self.patience) { p in
            try p.flush()  // its SETTINGS
            let id = try waitForRequest(p)
            p.headers(id, [(":status", "200"), ("content-type", "application/grpc")])
            // Half of a message, then the connection goes.
            p.data(id, Array(grpcFrame([UInt8](repeating: 1, count: 100)).prefix(40)))
            try p.flush()
            shutdown(p.fd, Int32(SHUT_RDWR))
        }
        #expect(error?.code == .unavailable, "\(String(describing: error))")
    }

    @Test func aServerClosingAfterAWholeMessageWithoutTrailersIsUnavailable() async throws {
        let (error, _) = try await callScriptedServer(options: Self.patience) { p in
            try p.flush()
            let id = try waitForRequest(p)
            p.headers(id, [(":status", "200"), ("content-type", "application/grpc")])
            p.data(id, grpcFrame([7]))
            try p.flush()
            shutdown(p.fd, Int32(SHUT_RDWR))
        }
        #expect(error?.code == .unavailable, "\(String(describing: error))")
    }

    @Test(arguments: [false, true])
    func aHugeResponseHeaderBlockIsResourceExhausted(_ inTrailers: Bool) async throws {
        // 40 KB: over the 16 KiB header list the client accepts, under nghttp2's 64 KiB send cap.
        let big = [("x-big", String(repeating: "b", count: 40_000))]
        let call = try await callFakeServer(options: Self.patience) { p, id in
            if inTrailers {
                try answerOK(p, id, trailers: big)
            } else {
                p.headers(id, [(":status", "200"), ("content-type", "application/grpc")] + big)
                p.data(id, grpcFrame([1]))
                try p.flush()
                p.headers(id, [("grpc-status", "0")], endStream: true)
            }
        }
        #expect(call.error?.code == .resourceExhausted, "\(call.result)")
    }

    @Test func aContinuationFloodIsUnavailable() async throws {
        // HEADERS (":status: 200", HPACK static index 8) without END_HEADERS, then CONTINUATIONs
        // that never end the block: nghttp2 allows 8 and then fails the connection.
        let call = try await callFakeServer(options: Self.patience) { p, id in
            var bytes = rawFrame(type: 1, flags: 0, stream: id, [0x88])
            for _ in 0..<200 { bytes += rawFrame(type: 9, flags: 0, stream: id) }
            try p.writeRaw(bytes)
        }
        #expect(call.error?.code == .unavailable, "\(call.result)")
    }
}
