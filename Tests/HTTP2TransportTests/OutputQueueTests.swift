import Glibc
import Testing
@testable import HTTP2Transport

/// The connection's output queue: what reaches the socket is exactly what was appended, in
/// order, whether copied or shared, through partial writes, truncation and compaction.
struct OutputQueueTests {
    /// A non-blocking Unix socket pair with a small send buffer, so writes come back partial.
    private final class SocketPair {
        let writer: Int32
        private(set) var reader: Int32

        init() throws {
            var fds: [Int32] = [0, 0]
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0 else {
                throw SocketPairError()
            }
            writer = fds[0]
            reader = fds[1]
            var size: Int32 = 4096
            setsockopt(writer, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            _ = fcntl(writer, F_SETFL, fcntl(writer, F_GETFL) | O_NONBLOCK)
            _ = fcntl(reader, F_SETFL, fcntl(reader, F_GETFL) | O_NONBLOCK)
        }

        /// What is readable now, up to `limit` bytes.
        func drain(atMost limit: Int = .max) -> [UInt8] {
            var all: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while all.count < limit {
                let want = min(buffer.count, limit - all.count)
                let n = buffer.withUnsafeMutableBytes { read(reader, $0.baseAddress, want) }
                if n <= 0 { return all }
                all += buffer[..<n]
            }
            return all
        }

        /// The peer goes away.
        func closeReader() {
            close(reader)
            reader = -1
        }

        deinit {
            close(writer)
            if reader >= 0 { close(reader) }
        }
    }

    private struct SocketPairError: Error {}

    /// Writes `queue` to `pair` until it drains, reading the other end meanwhile.
    private func writeAll(_ queue: inout OutputQueue, _ pair: SocketPair) -> [UInt8] {
        var received: [UInt8] = []
        var rounds = 0
        while true {
            let result = queue.write(to: pair.writer)
            received += pair.drain()
            if case .drained = result { break }
            #expect(result == .blocked)
            rounds += 1
            if rounds > 100_000 { Issue.record("the queue never drained"); break }
        }
        #expect(queue.isEmpty)
        return received
    }

    private func bytes(_ count: Int, seed: UInt8) -> [UInt8] {
        (0 ..< count).map { UInt8(truncatingIfNeeded: $0 &* 31) &+ seed }
    }

    @Test func copiedAndSharedBytesArriveInOrderThroughPartialWrites() throws {
        let pair = try SocketPair()
        var queue = OutputQueue()
        var expected: [UInt8] = []
        for i in 0 ..< 200 {
            // Alternate short copies, short slices (copied) and long slices (shared).
            let small = bytes(7 + i % 13, seed: UInt8(i % 256))
            small.withUnsafeBytes { queue.append(copying: $0) }
            expected += small
            let message = bytes(OutputQueue.shareThreshold * (1 + i % 5) + i, seed: UInt8((i * 7) % 256))
            let slice = message[(i % 3) ..< message.count - (i % 2)]
            queue.append(sharing: slice)
            expected += slice
        }
        #expect(queue.count == expected.count)
        let received = writeAll(&queue, pair)
        #expect(received.count == expected.count)
        #expect(received == expected)
    }

    @Test func aReservedHeaderIsSentAsOverwritten() throws {
        let pair = try SocketPair()
        var queue = OutputQueue()
        ([1, 2, 3] as [UInt8]).withUnsafeBytes { queue.append(copying: $0) }
        let at = queue.reserve(9)
        let payload = bytes(5000, seed: 9)
        queue.append(sharing: payload[...])
        let header: [UInt8] = [0, 0x13, 0x88, 0, 1, 0, 0, 0, 3]
        header.withUnsafeBytes { queue.overwrite(at: at, with: $0) }
        #expect(writeAll(&queue, pair) == [1, 2, 3] + header + payload)
    }

    @Test func truncatingDropsEverythingAppendedSinceTheMark() throws {
        let pair = try SocketPair()
        var queue = OutputQueue()
        let kept = bytes(100, seed: 1)
        kept.withUnsafeBytes { queue.append(copying: $0) }
        let mark = queue.mark
        _ = queue.reserve(9)
        ([4, 5, 6] as [UInt8]).withUnsafeBytes { queue.append(copying: $0) }
        let dropped = bytes(4000, seed: 2)
        queue.append(sharing: dropped[...])
        queue.truncate(to: mark)
        #expect(queue.count == 100)
        let after = bytes(50, seed: 3)
        after.withUnsafeBytes { queue.append(copying: $0) }
        #expect(writeAll(&queue, pair) == kept + after)
    }

    @Test func aQueueThatNeverDrainsIsCompactedAndKeepsItsOrder() throws {
        // A slow reader: each round appends more than the reader takes, so the queue never
        // empties; what arrives must still be everything, in order, and the copied bytes the
        // queue keeps (sent ones included) must stay bounded.
        let pair = try SocketPair()
        var queue = OutputQueue()
        var expected: [UInt8] = []
        var received: [UInt8] = []
        var largest = 0
        for i in 0 ..< 12000 {
            let frame = bytes(300 + i % 50, seed: UInt8(i % 256))
            frame.withUnsafeBytes { queue.append(copying: $0) }
            expected += frame
            if i % 4 == 0 {
                let message = bytes(2000 + i % 100, seed: UInt8((i * 3) % 256))
                queue.append(sharing: message[...])
                expected += message
            }
            _ = queue.write(to: pair.writer)
            received += pair.drain(atMost: 700)
            if i >= 1000 { #expect(!queue.isEmpty) }
            largest = max(largest, queue.storedCopiedBytes)
        }
        // Without compaction the queue would hold every copied byte: about 3.9 MB.
        #expect(queue.count > 1 << 20)
        #expect(largest < 3 << 20)
        received += writeAll(&queue, pair)
        #expect(received.count == expected.count)
        #expect(received == expected)
    }

    @Test func aClosedPeerFailsTheWriteWithoutASignal() throws {
        let pair = try SocketPair()
        pair.closeReader()
        var queue = OutputQueue()
        bytes(100, seed: 0).withUnsafeBytes { queue.append(copying: $0) }
        // EPIPE, not SIGPIPE (which would kill the test process).
        let result = queue.write(to: pair.writer)
        let error = errno
        #expect(result == .failed)
        #expect(error == EPIPE)
    }
}
