import CLinuxShim
import Glibc

/// The bytes a connection has ready for its socket, in order: frames nghttp2 serialized
/// (copied here) and large message bytes shared with the stream buffers that hold them (not
/// copied: `sendmsg` takes them from where the encoder put them). Used on the loop thread only.
struct OutputQueue {
    /// A run of bytes to send: a range of `copied`, or a slice of a message's own array.
    private enum Piece {
        case copied(start: Int, end: Int)
        case shared(ArraySlice<UInt8>)

        var count: Int {
            switch self {
            case .copied(let start, let end): end - start
            case .shared(let slice): slice.count
            }
        }
    }

    /// Where the queue stood, to cut it back to (`truncate(to:)`).
    struct Mark {
        fileprivate let pieces: Int
        fileprivate let copied: Int
        fileprivate let count: Int
    }

    /// Message bytes shorter than this are copied: an iovec per short message would cost more
    /// in `sendmsg` than the copy saves.
    static let shareThreshold = 1024
    /// Iovecs handed to one `sendmsg` at most.
    private static let maxIovecs = 64

    private var copied: [UInt8] = []
    private var pieces: [Piece] = []
    /// The first piece not wholly sent, and the bytes of it already sent.
    private var first = 0
    private var firstSent = 0
    /// Bytes queued and not yet sent.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }
    /// The copied bytes held, sent ones not yet dropped included (for tests of compaction).
    var storedCopiedBytes: Int { copied.count }

    /// Appends a copy of `bytes`.
    mutating func append(copying bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        let start = copied.count
        copied.append(contentsOf: bytes)
        if let last = pieces.last, case .copied(let s, let e) = last, e == start {
            pieces[pieces.count - 1] = .copied(start: s, end: copied.count)
        } else {
            pieces.append(.copied(start: start, end: copied.count))
        }
        count += bytes.count
    }

    /// Appends `slice`, shared when it is long enough (the array is kept alive, and arrays the
    /// queue holds are never mutated), else copied.
    mutating func append(sharing slice: ArraySlice<UInt8>) {
        guard slice.count > 0 else { return }
        if slice.count < Self.shareThreshold {
            slice.withUnsafeBytes { append(copying: $0) }
        } else {
            pieces.append(.shared(slice))
            count += slice.count
        }
    }

    /// Appends `length` zero bytes to fill in later with `overwrite(at:with:)`; returns their offset.
    mutating func reserve(_ length: Int) -> Int {
        let start = copied.count
        withUnsafeTemporaryAllocation(byteCount: length, alignment: 1) { zeros in
            zeros.initializeMemory(as: UInt8.self, repeating: 0)
            append(copying: UnsafeRawBufferPointer(zeros))
        }
        return start
    }

    /// Overwrites bytes appended with `reserve`, before they are sent.
    mutating func overwrite(at offset: Int, with bytes: UnsafeRawBufferPointer) {
        copied.withUnsafeMutableBytes { UnsafeMutableRawBufferPointer(rebasing: $0[offset ..< offset + bytes.count]).copyMemory(from: bytes) }
    }

    var mark: Mark { Mark(pieces: pieces.count, copied: copied.count, count: count) }

    /// Drops what was appended since `mark` (nothing of it was sent).
    mutating func truncate(to mark: Mark) {
        pieces.removeSubrange(mark.pieces...)
        copied.removeSubrange(mark.copied...)
        count = mark.count
        if let last = pieces.last, case .copied(let s, let e) = last, e > copied.count {
            pieces[pieces.count - 1] = .copied(start: s, end: copied.count)
        }
    }

    enum WriteResult {
        /// Everything queued was sent.
        case drained
        /// The socket took what it could; wait until it is writable.
        case blocked
        /// The socket failed (errno is set).
        case failed
    }

    /// Writes as much as `fd` takes, with `sendmsg` and an iovec per piece.
    mutating func write(to fd: Int32) -> WriteResult {
        while count > 0 {
            let written = withIovecs { iov, n in
                // sendmsg with MSG_NOSIGNAL: a peer that went away is an EPIPE here, never a
                // SIGPIPE that kills the process.
                var message = msghdr()
                message.msg_iov = iov
                message.msg_iovlen = n
                return sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                consume(written)
            } else if written < 0 && errno == EINTR {
                continue
            } else if written < 0 && errno == EAGAIN {
                return .blocked
            } else {
                return .failed
            }
        }
        return .drained
    }

    /// Calls `body` with iovecs for the first unsent pieces. The pointers into shared arrays
    /// stay valid: the queue holds those arrays and never mutates them.
    private func withIovecs(_ body: (UnsafeMutablePointer<iovec>, Int) -> Int) -> Int {
        withUnsafeTemporaryAllocation(of: iovec.self, capacity: Self.maxIovecs) { iov in
            copied.withUnsafeBytes { copiedBytes in
                var n = 0
                var index = first
                var skip = firstSent
                while index < pieces.count && n < Self.maxIovecs {
                    let base: UnsafeRawPointer
                    let length: Int
                    switch pieces[index] {
                    case .copied(let start, let end):
                        base = copiedBytes.baseAddress! + start
                        length = end - start
                    case .shared(let slice):
                        base = slice.withUnsafeBytes { $0.baseAddress! }
                        length = slice.count
                    }
                    iov[n] = iovec(iov_base: UnsafeMutableRawPointer(mutating: base + skip), iov_len: length - skip)
                    skip = 0
                    n += 1
                    index += 1
                }
                return body(iov.baseAddress!, n)
            }
        }
    }

    /// Drops `sent` bytes from the front.
    private mutating func consume(_ sent: Int) {
        count -= sent
        var left = sent
        while left > 0 {
            let remaining = pieces[first].count - firstSent
            if left >= remaining {
                left -= remaining
                first += 1
                firstSent = 0
            } else {
                firstSent += left
                left = 0
            }
        }
        if count == 0 {
            // Keep the buffers' capacity for the next tick, unless a burst made them large.
            copied.removeAll(keepingCapacity: copied.capacity <= 1 << 20)
            pieces.removeAll(keepingCapacity: pieces.capacity <= 1024)
            first = 0
            firstSent = 0
        } else if first >= 256 || copied.count >= Self.compactionBytes {
            compact()
        }
    }

    /// Copied bytes held at most (sent ones included) before a queue that has not drained is
    /// compacted.
    private static let compactionBytes = 1 << 20

    /// Drops the sent pieces and sent copied bytes, so a queue that never drains completely
    /// (a slow reader) does not grow.
    private mutating func compact() {
        if case .copied(let start, let end) = pieces[first] {
            pieces[first] = .copied(start: start + firstSent, end: end)
        } else if case .shared(let slice) = pieces[first] {
            pieces[first] = .shared(slice.dropFirst(firstSent))
        }
        firstSent = 0
        pieces.removeFirst(first)
        first = 0
        var cut = copied.count
        for piece in pieces {
            if case .copied(let start, _) = piece { cut = start; break }
        }
        guard cut > 0 else { return }
        copied.removeFirst(cut)
        for i in pieces.indices {
            if case .copied(let start, let end) = pieces[i] {
                pieces[i] = .copied(start: start - cut, end: end - cut)
            }
        }
    }
}
