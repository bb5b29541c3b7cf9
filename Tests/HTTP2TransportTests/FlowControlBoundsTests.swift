import CNGHTTP2
import GRPCCore
import HTTP2Transport
import Testing

/// The per-connection bounds of a server: the response bytes its handlers buffer in all
/// (`SendBudget`: 16 MiB plus one message per stream), and request bytes (`ServerStream.received`).
/// In `FlowControlTests` (serialized) because they move tens of MiB: the RSS bounds of its other
/// tests, measured on this whole process, must not see them.
extension FlowControlTests {
    @Test func streamsOfAStalledConnectionShareTheSendBudgetAndAllFinishOnceTheWindowsOpen() async throws {
        // 32 streaming calls on a connection whose flow-control windows start at zero, each
        // writing 20 messages of 64 KiB. Alone, each stream's buffer would take 16 of them
        // (1 MiB, 32 MiB in all); the connection's budget stops the writers near 16 MiB.
        let streams = 32
        let count = 20
        let size = 64 * 1024
        let probe = WireProbe()
        let (written, peer, ids) = try await withWireServer(probe: probe) { address in
            try await onThread { () throws -> (Int, RawPeer, [Int32]) in
                let initialWindow = Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue)
                let p = try RawPeer.connect(to: address, settings: [(initialWindow, 0)])
                try p.pump { p in p.frames.contains { $0.type == Frame.settings } }
                var ids: [Int32] = []
                for _ in 0..<streams {
                    let id = p.grpcRequest("/wire.Test/Flood", [("x-count", String(count)), ("x-size", String(size))])
                    p.data(id, grpcFrame([0]), endStream: true)
                    ids.append(id)
                }
                try p.flush()
                // Until the writers stop (the count holds still for half a second).
                var last = -1
                let end = ContinuousClock.now + .seconds(30)
                while ContinuousClock.now < end {
                    _ = try? p.pump(timeout: .milliseconds(500)) { _ in false }
                    let now = probe.written.load(ordering: .relaxed)
                    if now == last && probe.started.load(ordering: .relaxed) == streams { break }
                    last = now
                }
                let written = probe.written.load(ordering: .relaxed)
                // Open every window: each call must now get all its messages and an OK status.
                var entry = nghttp2_settings_entry(settings_id: initialWindow, value: 1 << 20)
                nghttp2_submit_settings(p.session, 0, &entry, 1)
                try p.pump(timeout: .seconds(60)) { p in ids.allSatisfy { id in p.frames(on: id).contains(where: \.endStream) } }
                return (written, p, ids)
            }
        }
        for id in ids {
            #expect(peer.body(id).count == count * (size + 5), "stream \(id)")
            #expect(status(peer, id).code == 0, "stream \(id)")
        }
        // The budget, plus each stream's first message (always allowed), plus slack. Without
        // the budget: 32 MiB.
        let bound = 16 << 20 + streams * (size + 5) + 4 << 20
        #expect(written < bound, "\(written >> 20) MiB written while no window was open (bound \(bound >> 20) MiB)")
    }

    /// The bounds on request bytes must not stall honest clients.
    @Test func concurrentUploadsOfMessagesLargerThanTheWindowAllComplete() async throws {
        // 10 calls on one connection, each sending 2 messages of 1.5 MiB (over the 1 MiB stream
        // window, so each needs one of the connection's 4 partial-message slots in turn).
        let calls = 10
        let messages = 2
        let size = 3 << 19
        let totals = try await withWireServer { address in
            let channel = HTTP2Channel(target: address)
            defer { channel.close() }
            let client = Client(channel: channel)
            return try await withThrowingTaskGroup(of: String.self) { group in
                for i in 0..<calls {
                    group.addTask {
                        let reply = try await client.clientStreaming(
                            method: WireService.slowSink, options: CallOptions(timeout: .seconds(120))
                        ) { writer in
                            for _ in 0..<messages { try await writer.write([UInt8](repeating: UInt8(i), count: size)) }
                        }
                        return String(decoding: reply.message, as: UTF8.self)
                    }
                }
                var totals: [String] = []
                for try await t in group { totals.append(t) }
                return totals
            }
        }
        #expect(totals == [String](repeating: String(messages * size), count: calls))
    }
}

extension FlowControlTests {
    @Test func aStalledClientReaderBoundsWhatTheServerSendsInLargeMessages() async throws {
        // The server writes 30 messages of 4 MB (each larger than the 1 MiB stream window) to a
        // client that reads one and stops. Bytes of incomplete messages are credited only while
        // the reader keeps up, so the server's writer stops after a few messages (without that:
        // all 30, 120 MB buffered in the client).
        let size = 4_000_000
        let written = try await writtenToAReaderThatStopsAfterOne(
            count: 30, size: size, options: CallOptions(maxReceiveMessageSize: 8 << 20), within: .seconds(30))
        #expect(written <= 8 * size, "\(written / size) messages of 4 MB written to a reader that stopped after one")
    }
}

/// Calls `Flood` for `count` messages of `size` bytes, reads one and stops reading; returns the
/// bytes the server's writer got out once it stopped (its count held still for a second), or
/// when `within` passed.
private func writtenToAReaderThatStopsAfterOne(count: Int, size: Int, options: CallOptions, within: Duration) async throws -> Int {
    let probe = WireProbe()
    return try await withWireServer(probe: probe) { address in
        let channel = HTTP2Channel(target: address)
        defer { channel.close() }
        var md = Metadata()
        try md.add("x-count", String(count))
        try md.add("x-size", String(size))
        let metadata = md
        return try await Client(channel: channel).serverStreaming([0], method: WireService.flood, metadata: metadata, options: options) { response in
            var it = response.messages.makeAsyncIterator()
            _ = try await it.next()
            probe.firstRead.store(true, ordering: .relaxed)
            var last = -1
            let end = ContinuousClock.now + within
            while ContinuousClock.now < end {
                try await Task.sleep(for: .seconds(1))
                let now = probe.written.load(ordering: .relaxed)
                if now == last { break }
                last = now
            }
            return probe.written.load(ordering: .relaxed)
        }
    }
}

extension FlowControlTests {
    @Test func aStalledClientReaderBoundsWhatTheServerSendsInTinyMessages() async throws {
        // 400,000 messages of 1 byte (6 on the wire) to a client that reads one and stops. The
        // client holds back credit once 4,096 messages are unread, not only at 1 MiB of them (a
        // 1 MiB queue of 1-byte messages is 174,000 arrays, ~10 MB): what the writer gets out
        // is then the buffers plus one stream window (1 MiB, ~175,000 such messages). Before,
        // it was 1 MiB of unread messages more (measured: 266,000 written; now 179,000).
        let written = try await writtenToAReaderThatStopsAfterOne(
            count: 400_000, size: 1, options: CallOptions(timeout: .seconds(120)), within: .seconds(60))
        #expect(written < 225_000, "\(written) messages of 1 byte written to a reader that stopped after one")
    }
}
