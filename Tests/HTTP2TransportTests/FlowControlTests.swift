import GRPCCore
import Glibc
import HTTP2Transport
import Synchronization
import Testing

/// Resident set size of this process, in bytes (/proc/self/statm, second field, in pages).
func residentBytes() -> Int {
    guard let file = fopen("/proc/self/statm", "r") else { return 0 }
    defer { fclose(file) }
    var size = 0
    var resident = 0
    guard withUnsafeMutablePointer(to: &size, { s in
        withUnsafeMutablePointer(to: &resident) { r in vfscanfShim(file, s, r) }
    }) else { return 0 }
    return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
}

private func vfscanfShim(_ file: UnsafeMutablePointer<FILE>, _ a: UnsafeMutablePointer<Int>, _ b: UnsafeMutablePointer<Int>) -> Bool {
    var line = [CChar](repeating: 0, count: 256)
    guard fgets(&line, Int32(line.count), file) != nil else { return false }
    let fields = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).split(separator: " ")
    guard fields.count >= 2, let x = Int(fields[0]), let y = Int(fields[1]) else { return false }
    a.pointee = x
    b.pointee = y
    return true
}

/// Flow control is backpressure: a slow reader stalls a fast writer, on either side, and the
/// bytes buffered in between stay bounded.
///
/// Each test streams 256 MiB in 64 KiB messages (about 2 s each in a debug build here). The
/// reader first stops for 1.5 s: with flow control working, the writer gets at most
/// `stalledBound` ahead of it (receive window 1 MiB + reader queue credit 1 MiB + sender
/// buffer 1 MiB + nghttp2 output 256 KiB + the kernel's loopback socket buffers, a few MiB;
/// measured here: 8 MiB), where without it the writer would be nearly all 256 MiB ahead. Then
/// the reader reads the rest, sleeping 1 ms every 1 MiB, and the process's resident memory
/// must not grow by more than `rssBound` over the whole transfer (generous: other tests run in
/// the same process; measured here: 6-14 MiB).
@Suite(.serialized) struct FlowControlTests {
    static let messageSize = 64 * 1024
    static let messageCount = 4096  // 256 MiB
    static let pause = Duration.milliseconds(1500)
    static let stalledBound = 32 << 20
    static let rssBound = 96 << 20

    @Test func aSlowClientReaderStallsTheServersWriter() async throws {
        let probe = WireProbe()
        let baseline = residentBytes()
        let (ahead, peak, total) = try await withWireServer(probe: probe) { address in
            let channel = HTTP2Channel(target: address)
            defer { channel.close() }
            var md = Metadata()
            try md.add("x-count", String(Self.messageCount))
            try md.add("x-size", String(Self.messageSize))
            return try await Client(channel: channel).serverStreaming([0], method: WireService.flood, metadata: md) { response in
                var total = 0
                var peak = residentBytes()
                var iterator = response.messages.makeAsyncIterator()
                if let first = try await iterator.next() { total += first.count }
                probe.firstRead.store(true, ordering: .relaxed)
                try await Task.sleep(for: Self.pause)
                let ahead = probe.written.load(ordering: .relaxed) - total
                var sinceSleep = 0
                while let m = try await iterator.next() {
                    total += m.count
                    sinceSleep += m.count
                    if sinceSleep >= 1 << 20 {
                        sinceSleep = 0
                        peak = max(peak, residentBytes())
                        try await Task.sleep(for: .milliseconds(1))
                    }
                }
                return (ahead, peak, total)
            }
        }
        #expect(total == Self.messageCount * Self.messageSize)
        #expect(ahead >= 0 && ahead < Self.stalledBound, "the server wrote \(ahead >> 10) KiB ahead of a stopped reader")
        #expect(peak - baseline < Self.rssBound, "RSS grew by \((peak - baseline) >> 20) MiB")
    }

    @Test func aSlowServerReaderStallsTheClientsWriter() async throws {
        let probe = WireProbe()
        let baseline = residentBytes()
        let peak = Atomic<Int>(baseline)
        let answer = try await withWireServer(probe: probe) { address in
            let channel = HTTP2Channel(target: address)
            defer { channel.close() }
            var md = Metadata()
            try md.add("x-pause-ms", String(Self.pause.components.seconds * 1000 + Self.pause.components.attoseconds / 1_000_000_000_000_000))
            let message = [UInt8](repeating: 3, count: Self.messageSize)
            return try await Client(channel: channel).clientStreaming(method: WireService.slowSink, metadata: md) { writer in
                for i in 0..<Self.messageCount {
                    try await writer.write(message)
                    probe.clientWritten.add(message.count, ordering: .relaxed)
                    if i % 16 == 0 { peak.store(max(peak.load(ordering: .relaxed), residentBytes()), ordering: .relaxed) }
                }
            }.message
        }
        #expect(answer == Array(String(Self.messageCount * Self.messageSize).utf8))
        let ahead = probe.aheadAtPause.load(ordering: .relaxed)
        #expect(ahead >= 0 && ahead < Self.stalledBound, "the client wrote \(ahead >> 10) KiB ahead of a stopped reader")
        let grown = peak.load(ordering: .relaxed) - baseline
        #expect(grown < Self.rssBound, "RSS grew by \(grown >> 20) MiB")
    }
}
