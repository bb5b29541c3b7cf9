import GRPCCore
import HTTP2Transport
import Testing

/// grpc-timeout as our server reads it, and response/request compression on the server side.
@Suite struct ServerTimeoutTests {
    /// Each unit, with the duration it stands for.
    static let cases: [(String, Duration)] = [
        ("2H", .seconds(7200)), ("3M", .seconds(180)), ("40S", .seconds(40)),
        ("40000m", .seconds(40)), ("40000000u", .seconds(40)), ("99999999n", .nanoseconds(99_999_999)),
    ]

    @Test(arguments: cases)
    func theHandlerSeesTheDeadlineOfARawGRPCTimeout(_ value: String, _ duration: Duration) async throws {
        let probe = WireProbe()
        let (sent, received, code) = try await withWireServer(probe: probe) { address in
            try await onThread {
                let p = try rawClient(address)
                let sent = ContinuousClock.now
                let id = p.grpcRequest("/wire.Test/Unary", [("grpc-timeout", value)])
                p.data(id, grpcFrame([1]), endStream: true)
                try p.waitForEnd(of: id)
                return (sent, ContinuousClock.now, status(p, id).code)
            }
        }
        // 99999999n is 0.1 s: on a loaded machine it may pass before the handler starts.
        if value.hasSuffix("n") && code == StatusCode.deadlineExceeded.rawValue { return }
        #expect(code == 0)
        let seen = try #require(probe.deadline.withLock { $0 })
        // The server turns the timeout into a deadline when the request arrives: between our
        // sending it and reading the answer.
        #expect(seen >= sent + duration)
        #expect(seen <= received + duration)
    }
}

@Suite struct ServerCompressionTests {
    @Test func aHandlerSwitchesResponseCompressionPerMessage() async throws {
        let (p, id) = try await withWireServer { address in
            try await onThread {
                let p = try rawClient(address)
                let id = p.grpcRequest("/wire.Test/SwitchCompression", [("grpc-accept-encoding", "identity,gzip")])
                p.data(id, grpcFrame([]), endStream: true)
                try p.waitForEnd(of: id)
                return (p, id)
            }
        }
        let headers = p.headerFrames(id)
        try #require(headers.count == 2, "\(p.frames(on: id))")
        #expect(headers[0].header("grpc-encoding") == "gzip")
        #expect(headers[1].header("grpc-status") == "0")
        let messages = try #require(grpcMessages(p.body(id)))
        try #require(messages.count == 2)
        #expect(messages[0].flag == 1)
        #expect(try CompressionAlgorithm.gzip.decompress(messages[0].message, limit: 1 << 20) == Array("first first first first".utf8))
        #expect(messages[1].flag == 0, "compression switched off for the second message")
        #expect(messages[1].message == Array("second".utf8))
    }

    @Test(arguments: ["identity", "deflate", nil] as [String?])
    func aClientThatDidNotListGzipGetsUncompressedResponses(_ accept: String?) async throws {
        let (p, id) = try await withWireServer { address in
            try await onThread {
                let p = try rawClient(address)
                var extra = [("x-compress", "gzip")]
                if let accept { extra.append(("grpc-accept-encoding", accept)) }
                let id = p.grpcRequest("/wire.Test/Unary", extra)
                p.data(id, grpcFrame(Array(repeating: 65, count: 1000)), endStream: true)
                try p.waitForEnd(of: id)
                return (p, id)
            }
        }
        let headers = p.headerFrames(id)
        #expect(headers.first?.header("grpc-encoding").map { $0 == "identity" } ?? true)
        let messages = try #require(grpcMessages(p.body(id)))
        #expect(messages.map(\.flag) == [0])
        #expect(messages.first?.message == Array(repeating: 65, count: 1000))
        #expect(status(p, id).code == 0)
    }

    @Test func aGzipRequestIsInflated() async throws {
        let message = Array(repeating: UInt8(66), count: 5000)
        let compressed = try gzip(message)
        let (p, id) = try await withWireServer { address in
            try await onThread {
                let p = try rawClient(address)
                let id = p.grpcRequest("/wire.Test/Unary", [("grpc-encoding", "gzip")])
                p.data(id, grpcFrame(compressed, compressed: true), endStream: true)
                try p.waitForEnd(of: id)
                return (p, id)
            }
        }
        #expect(status(p, id).code == 0)
        #expect(grpcMessages(p.body(id))?.first?.message == message)
    }

    @Test func aCorruptCompressedRequestIsInternal() async throws {
        let code = try await withWireServer { address in
            try await onThread {
                let p = try rawClient(address)
                let id = p.grpcRequest("/wire.Test/Unary", [("grpc-encoding", "gzip")])
                p.data(id, grpcFrame([0x1F, 0x8B, 0x08, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9], compressed: true), endStream: true)
                try p.waitForEnd(of: id)
                return status(p, id).code
            }
        }
        #expect(code == StatusCode.internal.rawValue)
    }

    @Test func aRequestInflatingPastTheReceiveLimitIsResourceExhausted() async throws {
        let bomb = try gzip([UInt8](repeating: 0, count: 1 << 20))
        #expect(bomb.count < 10_000)
        let code = try await withWireServer(maxReceiveMessageSize: 10_000) { address in
            try await onThread {
                let p = try rawClient(address)
                let id = p.grpcRequest("/wire.Test/Unary", [("grpc-encoding", "gzip")])
                p.data(id, grpcFrame(bomb, compressed: true), endStream: true)
                try p.waitForEnd(of: id)
                return status(p, id).code
            }
        }
        #expect(code == StatusCode.resourceExhausted.rawValue)
    }

    @Test func ourClientAndServerCompressBothWays() async throws {
        try await withWireServer { address in
            let channel = HTTP2Channel(target: address)
            defer { channel.close() }
            var md = Metadata()
            try md.add("x-compress", "gzip")
            let request = [UInt8](repeating: 9, count: 100_000)
            let response = try await Client(channel: channel).unary(
                request, method: WireService.unary, metadata: md, options: CallOptions(compression: .gzip))
            #expect(response == request)
        }
    }
}

/// `bytes` gzip-compressed.
func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    var out: [UInt8] = []
    try CompressionAlgorithm.gzip.compress(bytes, appendingTo: &out)
    return out
}
