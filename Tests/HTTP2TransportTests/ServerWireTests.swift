import CNGHTTP2
import GRPCCore
import HTTP2Transport
import Testing

/// What our HTTP2Server puts on the wire, seen by a raw HTTP/2 client that sends exact requests.
@Suite struct ServerResponseShapeTests {
    @Test func aSuccessfulUnaryCallIsHeadersDataAndTrailers() async throws {
        let peer = try await withWireServer { address in
            try await onThread {
                let p = try rawClient(address)
                let id = p.grpcRequest("/wire.Test/Unary", [("grpc-accept-encoding", "identity")])
                p.data(id, grpcFrame(Array("hello".utf8)), endStream: true)
                try p.waitForEnd(of: id)
                return (p, id)
            }
        }
        let (p, id) = peer
        let frames = p.frames(on: id)
        let headers = p.headerFrames(id)
        try #require(headers.count == 2, "\(frames)")
        #expect(headers[0].header(":status") == "200")
        #expect(headers[0].header("content-type")?.hasPrefix("application/grpc") == true)
        #expect(!headers[0].endStream)
        #expect(headers[0].header("grpc-status") == nil)
        #expect(p.body(id) == grpcFrame(Array("hello".utf8)))
        #expect(headers[1].endStream)
        #expect(headers[1].header("grpc-status") == "0")
        #expect(headers[1].header(":status") == nil)
        // Frame order: headers, then every DATA, then trailers.
        #expect(frames.first?.type == Frame.headersType && frames.last?.type == Frame.headersType)
        #expect(!frames.contains { $0.type == Frame.rstStream }, "the client half-closed first: no reset")
    }

    @Test func aHandlerFailingAfterAMessageSendsItsStatusMessageAndDetailsInTrailers() async throws {
        let text = "café ☕ 100% done"
        let details: [UInt8] = [0x08, 0x09, 0x00, 0xFF, 0xFE]
        let (p, id) = try await withWireServer { address in
            try await onThread {
                let p = try rawClient(address)
                let id = p.grpcRequest("/wire.Test/FailAfterOne", [
                    ("x-fail-code", "9"),
                    ("x-fail-message-bin", Base64.encode(Array(text.utf8))),
                    ("x-fail-details-bin", Base64.encode(details)),
                ])
                p.data(id, grpcFrame([1, 2, 3]), endStream: true)
                try p.waitForEnd(of: id)
                return (p, id)
            }
        }
        let headers = p.headerFrames(id)
        try #require(headers.count == 2)
        #expect(grpcMessages(p.body(id))?.map(\.message) == [[1, 2, 3]])
        let trailers = headers[1]
        #expect(trailers.endStream)
        #expect(trailers.header("grpc-status") == "9")
        // Percent-encoded UTF-8: bytes outside 0x20-0x7E and "%" itself as %XX, upper-case hex.
        #expect(trailers.header("grpc-message") == "caf%C3%A9 %E2%98%95 100%25 done")
        #expect(trailers.header("grpc-message").map(PercentEncoding.decode) == text)
        let raw = try #require(trailers.header("grpc-status-details-bin"))
        #expect(!raw.hasSuffix("="), "binary values are sent unpadded")
        #expect(try Base64.decode(raw) == details)
    }

    @Test func aNonASCIIStatusMessageRoundTripsThroughOurClient() async throws {
        let text = "échec: ünïcode ✓ 100%"
        try await withWireServer { address in
            let channel = HTTP2Channel(target: address)
            defer { channel.close() }
            var md = Metadata()
            try md.add("x-fail-code", "10")
            try md.add("x-fail-message-bin", Array(text.utf8))
            try md.add("x-fail-details-bin", [1, 2, 3, 4, 5])
            let error = await #expect(throws: RPCError.self) {
                try await Client(channel: channel).unary([1], method: WireService.unary, metadata: md)
            }
            #expect(error?.code == .aborted)
            #expect(error?.message == text)
            #expect(error?.details == [1, 2, 3, 4, 5])
        }
    }

    @Test func anErrorBeforeAnyMessageIsOneTrailersOnlyHeadersFrame() async throws {
        let (p, id) = try await withWireServer { address in
            try await onThread {
                let p = try rawClient(address)
                let id = p.grpcRequest("/wire.Test/Unary", [("x-fail-code", "5")])
                p.data(id, grpcFrame([1]), endStream: true)
                try p.waitForEnd(of: id)
                return (p, id)
            }
        }
        let frames = p.frames(on: id)
        try #require(frames.count >= 1)
        #expect(frames.filter { $0.type == Frame.data }.isEmpty, "\(frames)")
        let headers = p.headerFrames(id)
        #expect(headers.count == 1, "\(frames)")
        #expect(headers[0].endStream)
        #expect(headers[0].header(":status") == "200")
        #expect(headers[0].header("content-type")?.hasPrefix("application/grpc") == true)
        #expect(headers[0].header("grpc-status") == "5")
    }

    @Test func trailersBeforeTheClientHalfClosedAreFollowedByResetNoError() async throws {
        let (p, id) = try await withWireServer { address in
            try await onThread {
                let p = try rawClient(address)
                let id = p.grpcRequest("/wire.Test/Ignore")  // no END_STREAM, no message
                try p.pump { p in p.frames(on: id).contains { $0.type == Frame.rstStream } }
                return (p, id)
            }
        }
        let frames = p.frames(on: id)
        let endIndex = try #require(frames.firstIndex { $0.type == Frame.headersType && $0.endStream }, "\(frames)")
        #expect(frames[endIndex].header("grpc-status") == "0")
        let rstIndex = try #require(frames.firstIndex { $0.type == Frame.rstStream })
        #expect(rstIndex > endIndex, "RST_STREAM comes after the trailers")
        #expect(frames[rstIndex].errorCode == NGHTTP2_NO_ERROR.rawValue)
    }
}

/// Requests our server must refuse, and how it says so.
@Suite struct ServerRejectionTests {
    /// Sends `extra` headers (replacing `replacing`) and `body` to `path`; returns the frames of the stream.
    func exchange(
        _ extra: [(String, String)] = [], path: String = "/wire.Test/Unary", replacing: Set<String> = [],
        body: [UInt8]? = grpcFrame([1]), endStream: Bool = true, maxReceive: Int = CallOptions.defaultMaxReceiveMessageSize
    ) async throws -> [Frame] {
        try await withWireServer(maxReceiveMessageSize: maxReceive) { address in
            try await onThread {
                let p = try rawClient(address)
                let id = p.grpcRequest(path, extra, replacing: replacing, endStream: body == nil && endStream)
                if let body { p.data(id, body, endStream: endStream) }
                try p.waitForEnd(of: id)
                return p.frames(on: id)
            }
        }
    }

    func final(_ frames: [Frame]) throws -> Frame {
        try #require(frames.last { $0.type == Frame.headersType && $0.endStream }, "no trailers in \(frames)")
    }

    @Test func aNonGRPCContentTypeGetsHTTP415WithAGRPCStatus() async throws {
        let frames = try await exchange(replacing: ["content-type"], body: nil)
        let f2 = try await exchange([("content-type", "text/plain")], replacing: ["content-type"])
        for frames in [frames, f2] {
            let head = try #require(frames.first { $0.type == Frame.headersType })
            #expect(head.header(":status") == "415")
            #expect(head.header("grpc-status") != nil)
            #expect(head.endStream)
        }
    }

    @Test func anUnknownGRPCEncodingIsUnimplementedWithTheAcceptedList() async throws {
        let frames = try await exchange([("grpc-encoding", "snappy")])
        let f = try final(frames)
        #expect(f.header("grpc-status") == "12")
        let accepted = try #require(f.header("grpc-accept-encoding"))
        #expect(accepted.contains("gzip"))
        #expect(!accepted.contains("snappy"))
    }

    @Test(arguments: ["abc", "1", "S", "123456789S", "10x", "-5S", " 5S"])
    func aMalformedGRPCTimeoutIsInternal(_ value: String) async throws {
        let frames = try await exchange([("grpc-timeout", value)])
        #expect(try final(frames).header("grpc-status") == "13")
    }

    @Test func aMalformedBinaryHeaderIsInternal() async throws {
        let frames = try await exchange([("x-data-bin", "!!not base64!!")])
        #expect(try final(frames).header("grpc-status") == "13")
    }

    @Test func anUnknownPathIsUnimplemented() async throws {
        let frames = try await exchange(path: "/wire.Test/NoSuchMethod")
        let f = try final(frames)
        #expect(f.header("grpc-status") == "12")
        #expect(f.header(":status") == "200")
    }

    @Test func aLengthPrefixOverTheLimitGetsResourceExhaustedTrailersWithoutTheBody() async throws {
        // Only the 5-byte prefix of a 5 MiB message, no END_STREAM: the server must answer
        // from the prefix alone.
        let prefix: [UInt8] = [0, 0x00, 0x50, 0x00, 0x00]
        let frames = try await exchange(body: prefix, endStream: false)
        let end = try #require(frames.firstIndex { ($0.type == Frame.headersType && $0.endStream) || $0.type == Frame.rstStream })
        #expect(frames[end].type == Frame.headersType, "trailers, not a bare RST_STREAM: \(frames)")
        #expect(frames[end].header("grpc-status") == "8")
    }

    @Test func aCompressedFlagWithoutGRPCEncodingIsInternal() async throws {
        let frames = try await exchange(body: grpcFrame([1, 2, 3], compressed: true))
        #expect(try final(frames).header("grpc-status") == "13")
    }

    @Test func garbageInsteadOfThePrefaceClosesThatConnectionOnly() async throws {
        try await withWireServer { address in
            try await onThread {
                let bad = RawPeer(fd: try rawConnect(address), server: false)
                try bad.writeRaw(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\ngarbage garbage garbage garbage".utf8))
                // Read (and ignore) whatever comes back until the server closes.
                var buffer = [UInt8](repeating: 0, count: 4096)
                var closed = false
                let end = ContinuousClock.now + .seconds(30)
                while ContinuousClock.now < end {
                    let n = buffer.withUnsafeMutableBytes { recvTimeout(bad.fd, $0, ms: 1000) }
                    if n == 0 { closed = true; break }
                }
                #expect(closed, "the server closes a connection that does not start with the preface")
                // Another client is served as usual.
                let good = try rawClient(address)
                let id = good.grpcRequest("/wire.Test/Unary")
                good.data(id, grpcFrame([42]), endStream: true)
                try good.waitForEnd(of: id)
                #expect(status(good, id).code == 0)
            }
        }
    }
}

import Glibc

/// recv with a timeout: bytes read, 0 at end of file, -1 on timeout or error.
func recvTimeout(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, ms: Int32) -> Int {
    var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    guard poll(&p, 1, ms) == 1 else { return -1 }
    let n = recv(fd, buffer.baseAddress!, buffer.count, 0)
    return n < 0 ? (errno == ECONNRESET ? 0 : -1) : n
}

@Suite struct ServerHeaderTests {
    @Test func aRequestHeaderListOverTheLimitIsResourceExhausted() async throws {
        let code = try await withWireServer { address in
            try await onThread {
                let p = try rawClient(address)
                let id = p.grpcRequest("/wire.Test/Unary", [("x-big", String(repeating: "b", count: 20_000))])
                p.data(id, grpcFrame([1]), endStream: true)
                try p.waitForEnd(of: id)
                return status(p, id).code
            }
        }
        #expect(code == StatusCode.resourceExhausted.rawValue)
    }

    @Test func valuesWithSurroundingSpacesDoNotFailTheCall() async throws {
        let probe = WireProbe()
        let code = try await withWireServer(probe: probe) { address in
            try await onThread {
                let p = try rawClient(address)
                let id = p.grpcRequest("/wire.Test/Unary", [("x-ws", " padded "), ("x-good", "yes")])
                p.data(id, grpcFrame([1]), endStream: true)
                try p.waitForEnd(of: id)
                return status(p, id).code
            }
        }
        #expect(code == 0)
        #expect(probe.metadata.withLock { $0.first("x-good") } == "yes")
    }

    @Test func aUnaryCallWithoutARequestMessageIsUnimplemented() async throws {
        let code = try await withWireServer { address in
            try await onThread {
                let p = try rawClient(address)
                let id = p.grpcRequest("/wire.Test/Unary", endStream: true)
                try p.waitForEnd(of: id)
                return status(p, id).code
            }
        }
        #expect(code == StatusCode.unimplemented.rawValue)
    }
}

/// What a server says to its clients when it stops.
@Suite struct ServerStopTests {
    @Test func aStoppingServerSendsGoawayBeforeClosing() async throws {
        // Connect while the server runs; let it stop; the peer must see GOAWAY(NO_ERROR), then EOF.
        let box = PeerBox()
        try await withWireServer { address in
            try await onThread { box.set(try rawClient(address)) }
        }
        let peer = try #require(box.peer)
        let closed = try await onThread { peer.waitForClose() }
        #expect(closed)
        let goaway = peer.frames.first { $0.type == Frame.goaway }
        #expect(goaway != nil, "frames: \(peer.frames)")
        #expect(goaway?.errorCode == 0)
    }
}

/// Hands a raw peer out of the closure that made it.
final class PeerBox: @unchecked Sendable {
    private(set) var peer: RawPeer?
    func set(_ peer: RawPeer) { self.peer = peer }
}
