import CNGHTTP2
import GRPCCore
import HTTP2Transport
import Synchronization
import Testing

/// Many concurrent calls on one connection, the server's stream limit, and streams the server
/// never processed (REFUSED_STREAM, GOAWAY below their id): retried, never failed.
@Suite struct StreamLimitTests {
    /// `count` concurrent `Sleep` calls of `sleepMS` on one channel; returns how many succeeded
    /// and the errors of the rest.
    private func concurrentCalls(_ count: Int, sleepMS: Int, to address: SocketAddress) async throws -> (ok: Int, errors: [String]) {
        let channel = HTTP2Channel(target: address)
        defer { channel.close() }
        let client = Client(channel: channel)
        var md = Metadata()
        try md.add("x-sleep-ms", String(sleepMS))
        let metadata = md
        return await withTaskGroup(of: String?.self) { group in
            for i in 0..<count {
                group.addTask {
                    do {
                        let answer = try await client.unary(
                            [UInt8(i % 256)], method: WireService.sleep, metadata: metadata,
                            options: CallOptions(timeout: .seconds(120)))
                        return answer == [UInt8(i % 256)] ? nil : "wrong answer \(answer)"
                    } catch {
                        return "\(error)"
                    }
                }
            }
            var ok = 0
            var errors: [String] = []
            for await e in group {
                if let e { errors.append(e) } else { ok += 1 }
            }
            return (ok, errors)
        }
    }

    @Test func aThousandConcurrentCallsOnOneConnectionAllSucceed() async throws {
        let probe = WireProbe()
        try await withWireServer(probe: probe) { address in
            let (ok, errors) = try await concurrentCalls(1000, sleepMS: 300, to: address)
            #expect(ok == 1000, "\(errors.count) failed, e.g. \(errors.prefix(3))")
        }
        #expect(probe.peers.withLock { $0.count } == 1, "one connection")
        #expect(probe.maxInFlight.load(ordering: .relaxed) > 100, "the calls ran concurrently")
    }

    @Test func callsAboveTheServersStreamLimitWaitForAFreeStream() async throws {
        let probe = WireProbe()
        var configuration = HTTP2Server.Configuration()
        configuration.maxConcurrentStreams = 20
        try await withWireServer(probe: probe, configuration: configuration) { address in
            let (ok, errors) = try await concurrentCalls(200, sleepMS: 50, to: address)
            #expect(ok == 200, "\(errors.count) failed, e.g. \(errors.prefix(3))")
        }
        #expect(probe.maxInFlight.load(ordering: .relaxed) <= 20, "the client kept to the advertised limit")
        #expect(probe.started.load(ordering: .relaxed) == 200)
    }

    @Test func aStreamTheServerRefusesIsRetriedTransparently() async throws {
        let call = try await callFakeServer { p, id in
            p.reset(id, code: NGHTTP2_REFUSED_STREAM.rawValue)
            try p.flush()
            // The retry comes on the same connection, on a new stream, with the same request.
            try p.pump { p in p.frames.contains { $0.type == Frame.headersType && $0.stream > id } }
            let retry = p.frames.first { $0.type == Frame.headersType && $0.stream > id }!.stream
            try p.pump { p in p.frames(on: retry).contains(where: \.endStream) }
            #expect(p.body(retry) == grpcFrame([1, 2, 3]))
            try answerOK(p, retry, [42])
        }
        #expect(call.error == nil, "\(String(describing: call.error))")
        #expect(call.result.map(\.message) == .success([42]))
    }

    @Test func aStreamAboveTheLastStreamIDOfAGoawayIsRetriedOnANewConnection() async throws {
        let listener = try RawListener()
        let channel = HTTP2Channel(target: listener.address)
        defer { channel.close() }
        let server = Task {
            try await onThread { () throws -> [UInt8] in
                // First connection: take the request, then GOAWAY saying no stream was processed.
                let first = try listener.accept()
                _ = try waitForRequest(first)
                first.goaway(lastStreamID: 0)
                try first.flush()
                // Second connection: answer.
                let second = try listener.accept()
                let id = try waitForRequest(second)
                let body = second.body(id)
                try answerOK(second, id, [7])
                try second.flush()
                _ = second.waitForClose(timeout: .seconds(5))
                return body
            }
        }
        let answer = try await Client(channel: channel).unary([5, 6], method: WireService.unary, options: CallOptions(timeout: .seconds(60)))
        #expect(answer == [7])
        channel.close()
        #expect(try await server.value == grpcFrame([5, 6]))
    }

    @Test func requestsQueuedForAFreeStreamWhenGoawayArrivesAreRetriedOnANewConnection() async throws {
        // The server allows one stream at a time; three calls start (two wait inside the
        // client). GOAWAY(last 0) refuses the first; all three must succeed on a new connection.
        let listener = try RawListener()
        let channel = HTTP2Channel(target: listener.address)
        defer { channel.close() }
        let server = Task {
            try await onThread { () throws in
                let first = try listener.accept(settings: [(Int32(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS.rawValue), 1)])
                try first.pump { p in p.frames.contains { $0.type == Frame.headersType && $0.stream > 0 } }
                first.goaway(lastStreamID: 0)
                try first.flush()
                let second = try listener.accept()
                try answerEachRequest(second, count: 3)
                try second.flush()
                _ = second.waitForClose(timeout: .seconds(5))
            }
        }
        let client = Client(channel: channel)
        let answers = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for i: UInt8 in 1...3 {
                group.addTask { try await client.unary([i], method: WireService.unary, options: CallOptions(timeout: .seconds(60))) }
            }
            var all: [[UInt8]] = []
            for try await a in group { all.append(a) }
            return all
        }
        #expect(answers.sorted { $0[0] < $1[0] } == [[1], [2], [3]])
        channel.close()
        try await server.value  // the new connection answered all three
    }

    @Test func aRetryIsLimitedAndThenFailsWithUnavailable() async throws {
        // A server that refuses every stream: the call fails with UNAVAILABLE after a few
        // attempts, not in a loop.
        let attempts = Atomic<Int>(0)
        let call = try await callFakeServer(options: CallOptions(timeout: .seconds(60))) { p, _ in
            var refused: Set<Int32> = []
            var lastRefusal = ContinuousClock.now
            // Refuse whatever comes, until no new stream came for 5 s (the client gave up).
            try? p.pump(timeout: .seconds(50)) { p in
                for f in p.frames where f.type == Frame.headersType && f.stream > 0 && !refused.contains(f.stream) {
                    refused.insert(f.stream)
                    p.reset(f.stream, code: NGHTTP2_REFUSED_STREAM.rawValue)
                    lastRefusal = .now
                }
                return ContinuousClock.now - lastRefusal > .seconds(5)
            }
            attempts.store(refused.count, ordering: .relaxed)
        }
        #expect(call.error?.code == .unavailable, "\(String(describing: call.error))")
        #expect((2...10).contains(attempts.load(ordering: .relaxed)), "attempts: \(attempts.load(ordering: .relaxed))")
    }
}

/// What the client sends stays within the server's advertised header list limit.
@Suite struct SendHeaderLimitTests {
    @Test func requestMetadataOverTheServersHeaderListLimitFailsBeforeItIsSent() async throws {
        let listener = try RawListener()
        let channel = HTTP2Channel(target: listener.address)
        defer { channel.close() }
        let server = Task {
            try await onThread { () throws -> RawPeer in
                let p = try listener.accept(settings: [(Int32(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE.rawValue), 1000)])
                // The first call (it may leave before our SETTINGS arrive) and the third.
                try answerEachRequest(p, count: 2)
                try p.flush()
                _ = p.waitForClose(timeout: .seconds(10))
                return p
            }
        }
        let client = Client(channel: channel)
        let options = CallOptions(timeout: .seconds(60))
        #expect(try await client.unary([1], method: WireService.unary, options: options) == [1])
        var big = Metadata()
        try big.add("x-big", String(repeating: "b", count: 2000))
        let error = await #expect(throws: RPCError.self) {
            try await client.unary([2], method: WireService.unary, metadata: big, options: options)
        }
        #expect(error?.code == .resourceExhausted, "\(String(describing: error))")
        #expect(try await client.unary([3], method: WireService.unary, options: options) == [3], "the connection still serves")
        channel.close()
        let peer = try await server.value
        let requests = peer.frames.filter { $0.type == Frame.headersType && $0.stream > 0 }
        #expect(requests.count == 2, "the oversized request never left: \(requests)")
    }
}

/// What the server sends stays within the client's advertised header list limit.
@Suite struct ResponseHeaderLimitTests {
    @Test func responseMetadataOverTheClientsHeaderListLimitBecomesAStatusTheClientCanRead() async throws {
        let p = try await withWireServer { address in
            try await onThread { () throws -> RawPeer in
                let p = try RawPeer.connect(to: address, settings: [(Int32(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE.rawValue), 1000)])
                try p.pump { p in p.frames.contains { $0.type == Frame.settings } }
                for (stream, extra) in [(1, [("x-header-bytes", "2000")]), (3, [("x-trailer-bytes", "2000")]), (5, [])] {
                    let id = p.grpcRequest("/wire.Test/Unary", extra)
                    #expect(id == Int32(stream))
                    p.data(id, grpcFrame([UInt8(stream)]), endStream: true)
                    try p.waitForEnd(of: id)
                }
                return p
            }
        }
        // Oversized response headers: a trailers-only RESOURCE_EXHAUSTED instead, no message.
        let first = status(p, 1)
        #expect(first.code == StatusCode.resourceExhausted.rawValue, "\(String(describing: first.frame))")
        #expect(first.frame?.header("grpc-message")?.contains("response headers") == true)
        #expect(p.headerFrames(1).count == 1 && p.body(1).isEmpty)
        // Oversized trailers after the message: the status says so, the big trailer is left out.
        let second = status(p, 3)
        #expect(grpcMessages(p.body(3))?.map(\.message) == [[3]])
        #expect(second.code == StatusCode.resourceExhausted.rawValue, "\(String(describing: second.frame))")
        #expect(second.frame?.header("x-big") == nil)
        // The connection goes on serving.
        #expect(status(p, 5).code == 0)
        #expect(grpcMessages(p.body(5))?.map(\.message) == [[5]])
        #expect(!p.frames.contains { $0.type == Frame.goaway })
        for frame in p.frames where frame.type == Frame.headersType {
            #expect(frame.headerListSize <= 1000, "\(frame)")
        }
    }
}

/// A call that reads one request starts its handler once the request is here (so a stream that
/// only opened holds no task): what still has to hold for such a stream.
@Suite struct HandlerStartTests {
    @Test func aUnaryStreamWaitingForItsRequestIsEndedByItsDeadlineAndServedWhenTheRequestComes() async throws {
        let p = try await withWireServer { address in
            try await onThread { () throws -> RawPeer in
                let p = try rawClient(address)
                let waiting = p.grpcRequest("/wire.Test/Unary")
                let timed = p.grpcRequest("/wire.Test/Unary", [("grpc-timeout", "200m")])
                let streaming = p.grpcRequest("/wire.Test/FailAfterOne", [("grpc-timeout", "200m")])
                try p.flush()
                try p.waitForEnd(of: timed)
                try p.waitForEnd(of: streaming)
                p.data(waiting, grpcFrame([7]), endStream: true)
                try p.waitForEnd(of: waiting)
                return p
            }
        }
        #expect(status(p, 3).code == StatusCode.deadlineExceeded.rawValue, "\(p.frames(on: 3))")
        #expect(status(p, 5).code == StatusCode.deadlineExceeded.rawValue, "\(p.frames(on: 5))")
        #expect(status(p, 1).code == 0)
        #expect(grpcMessages(p.body(1))?.map(\.message) == [[7]])
    }
}

/// `HTTP2Server.Configuration.maxConnections`.
@Suite struct ConnectionLimitTests {
    @Test func aConnectionBeyondTheLimitIsClosedAndOneIsServedOnceAnotherLeaves() async throws {
        var configuration = HTTP2Server.Configuration()
        configuration.maxConnections = 2
        try await withWireServer(configuration: configuration) { address in
            try await onThread {
                var first: RawPeer? = try rawClient(address)
                let second = try rawClient(address)
                let third = try RawPeer.connect(to: address)
                #expect(third.waitForClose(timeout: .seconds(20)), "the third connection is closed")
                #expect(!third.frames.contains { $0.type == Frame.settings }, "and never served")
                // The two within the limit are served.
                let id = second.grpcRequest("/wire.Test/Unary")
                second.data(id, grpcFrame([2]), endStream: true)
                try second.waitForEnd(of: id)
                #expect(status(second, id).code == 0)
                _ = first
                first = nil  // closes it
                // Once the server has seen it go, a new connection is served.
                var served = false
                let end = ContinuousClock.now + .seconds(20)
                while !served && ContinuousClock.now < end {
                    let next = try RawPeer.connect(to: address)
                    if (try? next.pump(timeout: .seconds(2)) { $0.frames.contains { $0.type == Frame.settings } || $0.eof }) != nil,
                       !next.eof
                    {
                        let id = next.grpcRequest("/wire.Test/Unary")
                        next.data(id, grpcFrame([4]), endStream: true)
                        try next.waitForEnd(of: id)
                        served = status(next, id).code == 0
                    }
                }
                #expect(served, "a connection made after one left is served")
            }
        }
    }
}
