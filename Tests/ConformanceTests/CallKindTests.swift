import GRPCCore
import Testing

/// The four call kinds, with metadata both ways, over every transport.
@Suite struct CallKindTests {
    let probe = Probe()
    var server: Server { Server(services: [EchoService(probe: probe)]) }

    @Test(arguments: Transport.all)
    func unaryEchoesTheRequest(_ t: Transport) async throws {
        try await t.connect(server, []) { client in
            let reply = try await client.unary(Echo(text: "hello"), method: EchoService.get)
            #expect(reply == Echo(text: "hello"))
        }
    }

    @Test(arguments: Transport.all)
    func unaryCarriesMetadataBothWays(_ t: Transport) async throws {
        try await t.connect(server, []) { client in
            var metadata = try meta([("x-client", "c1"), ("x-client", "c2")])
            try metadata.add("x-blob-bin", [0, 1, 255])
            let response = try await client.unaryWithMetadata(Echo(text: "m"), method: EchoService.get, metadata: metadata)
            #expect(response.message.text == "m")
            #expect(response.headers.first("x-header") == "from-server")
            #expect(response.trailers.first("x-trailer") == "done")
        }
        let seen = probe.sawMetadata.withLock { $0 }
        #expect(seen["x-client"] == [.string("c1"), .string("c2")])
        #expect(!probe.sawPeer.withLock { $0 }.isEmpty)
        #expect(seen.firstBinary("x-blob-bin") == [0, 1, 255])
    }

    @Test(arguments: Transport.all)
    func metadataKeysArriveAsLowerCaseASCIIAndNonASCIIKeysCannotBeSent(_ t: Transport) async throws {
        var metadata = Metadata()
        try metadata.add("X-Mixed-Case", "a")
        // U+212A KELVIN SIGN lower-cases to an ASCII "k": still not a valid header name.
        #expect(throws: MetadataError.self) { try metadata.add("x-\u{212A}ey", "b") }
        let sent = metadata
        try await t.connect(server, []) { client in
            _ = try await client.unary(Echo(text: "m"), method: EchoService.get, metadata: sent)
        }
        let seen = probe.sawMetadata.withLock { $0 }
        #expect(seen.map(\.key) == ["x-mixed-case"])
    }

    @Test(arguments: Transport.all)
    func serverStreamingDeliversEveryMessageInOrder(_ t: Transport) async throws {
        try await t.connect(server, []) { client in
            let metadata = try meta([("x-count", "1000")])
            let (texts, headers, trailers) = try await client.serverStreaming(
                Echo(text: "m"), method: EchoService.expand, metadata: metadata
            ) { response in
                var texts: [String] = []
                for try await m in response.messages { texts.append(m.text) }
                return (texts, try await response.headers, response.trailers)
            }
            #expect(texts == (0..<1000).map { "m\($0)" })
            #expect(headers.first("x-header") == "from-server")
            #expect(trailers?.first("x-trailer") == "done")
        }
    }

    @Test(arguments: Transport.all)
    func serverStreamingWithNoMessagesEndsCleanly(_ t: Transport) async throws {
        try await t.connect(server, []) { client in
            let count = try await client.serverStreaming(Echo(text: ""), method: EchoService.expand) { response in
                var n = 0
                for try await _ in response.messages { n += 1 }
                return n
            }
            #expect(count == 0)
        }
    }

    @Test(arguments: Transport.all)
    func clientStreamingCollectsEveryRequest(_ t: Transport) async throws {
        try await t.connect(server, []) { client in
            let response = try await client.clientStreaming(method: EchoService.collect) { writer in
                for w in ["a", "b", "c"] { try await writer.write(Echo(text: w)) }
            }
            #expect(response.message.text == "a b c")
            #expect(response.headers.first("x-header") == "from-server")
            #expect(response.trailers.first("x-trailer") == "done")
        }
    }

    @Test(arguments: Transport.all)
    func bidiStreamingPingPongs(_ t: Transport) async throws {
        try await t.connect(server, []) { client in
            let replies = try await client.bidiStreaming(method: EchoService.update) { writer, response in
                var iterator = response.messages.makeAsyncIterator()
                var replies: [String] = []
                for i in 0..<100 {
                    try await writer.write(Echo(text: "\(i)"))
                    // Each reply arrives before the next request is sent: a real ping-pong.
                    if let reply = try await iterator.next() { replies.append(reply.text) }
                }
                writer.finish()
                #expect(try await iterator.next() == nil)
                return replies
            }
            #expect(replies == (0..<100).map { "echo: \($0)" })
        }
    }

    @Test(arguments: Transport.all)
    func unknownMethodIsUnimplemented(_ t: Transport) async throws {
        let missing = RPCMethod(
            MethodDescriptor(service: "grpcmini.test.Nope", method: "Missing", kind: .unary),
            requestCodec: .echo, responseCodec: .echo)
        let missingStream = RPCMethod(
            MethodDescriptor(service: EchoService.service, method: "Missing", kind: .serverStreaming),
            requestCodec: .echo, responseCodec: .echo)
        try await t.connect(server, []) { client in
            let unary = await #expect(throws: RPCError.self) {
                try await client.unary(Echo(text: "x"), method: missing)
            }
            #expect(unary?.code == .unimplemented)
            let stream = await #expect(throws: RPCError.self) {
                try await client.serverStreaming(Echo(text: "x"), method: missingStream) { response in
                    for try await _ in response.messages {}
                }
            }
            #expect(stream?.code == .unimplemented)
        }
    }
}
