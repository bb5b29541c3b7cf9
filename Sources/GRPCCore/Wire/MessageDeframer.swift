import ProtoWire

/// Splits a byte stream, fed in chunks split anywhere, into gRPC length-prefixed messages,
/// decompressing the flagged ones with the negotiated algorithm.
///
/// Every prefix is checked as soon as its 5 bytes arrive, before any of its body is buffered:
/// a declared length over ``maxMessageSize`` is RESOURCE_EXHAUSTED, a flag other than 0 or 1,
/// or a set flag with no algorithm negotiated, is INTERNAL. After an error every call rethrows it.
public struct MessageDeframer: Sendable {
    /// Largest message accepted, both as declared on the wire and after decompression.
    public let maxMessageSize: Int
    /// The algorithm the peer announced in `grpc-encoding`; `identity` if none.
    public let compression: CompressionAlgorithm

    /// Received bytes not yet returned; messages start at `readIndex`.
    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// Prefix bytes of the frame being scanned, shifted in as they arrive (0 to 4 of them).
    private var scanPrefix: UInt64 = 0
    private var scanPrefixCount = 0
    /// Body bytes of the last scanned prefix that have not arrived yet.
    private var scanBodyRemaining = 0
    private var failure: RPCError?
    /// Whether the message `next()` returned last had the compressed flag set on the wire.
    public private(set) var lastMessageWasCompressed = false

    /// A buffer this large is released, rather than kept for reuse, once it has been drained.
    private static let retainedCapacity = 64 * 1024

    /// Creates a deframer for one stream.
    public init(maxMessageSize: Int, compression: CompressionAlgorithm = .identity) {
        self.maxMessageSize = max(maxMessageSize, 0)
        self.compression = compression
    }

    /// Bytes received but not yet returned as messages.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Whether the bytes fed so far end in the middle of a message.
    public var hasPartialMessage: Bool { scanPrefixCount > 0 || scanBodyRemaining > 0 }

    /// Feeds the next chunk of the stream; throws if a message prefix in it is invalid.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) throws(RPCError) {
        if let failure { throw failure }
        try scan(bytes)
        compact()
        ByteCopy.append(bytes, to: &buffer)
    }

    /// Feeds the next chunk of the stream; throws if a message prefix in it is invalid.
    public mutating func append(_ bytes: [UInt8]) throws(RPCError) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(RPCError) -> Void in
            try append(UnsafeRawBufferPointer(buffer))
        }
    }

    /// The next complete message, decompressed if it was flagged; nil until more bytes arrive.
    public mutating func next() throws(RPCError) -> [UInt8]? {
        var message: [UInt8]?
        _ = try withNextMessage { message = ByteCopy.array($0) }
        return message
    }

    /// Feeds the next chunk of the stream and calls `body` with every message it completes
    /// (decompressed if flagged; `compressed` is its wire flag), in order. With nothing buffered
    /// before, messages wholly inside `bytes` are lent straight from it: a chunk of complete
    /// messages is neither copied nor buffered. The bytes are valid only during each call; a
    /// message counts as taken even if `body` throws, and the rest of the chunk is kept.
    public mutating func append(
        _ bytes: UnsafeRawBufferPointer,
        messages body: (_ message: UnsafeRawBufferPointer, _ compressed: Bool) throws(RPCError) -> Void
    ) throws(RPCError) {
        if let failure { throw failure }
        try scan(bytes)
        var offset = 0
        var bodyError: RPCError?
        if readIndex == buffer.count, let base = bytes.baseAddress {
            let count = bytes.count
            while count - offset >= MessageFramer.prefixLength {
                let flag = base.load(fromByteOffset: offset, as: UInt8.self)
                let length = Int(UInt32(bigEndian: base.loadUnaligned(fromByteOffset: offset + 1, as: UInt32.self)))
                let bodyStart = offset + MessageFramer.prefixLength
                guard count - bodyStart >= length else { break }
                offset = bodyStart + length
                lastMessageWasCompressed = flag != 0
                do throws(RPCError) {
                    try lend(UnsafeRawBufferPointer(start: base + bodyStart, count: length), flag: flag, to: body)
                } catch {
                    if failure != nil { throw error }
                    bodyError = error
                    break
                }
            }
        }
        if offset < bytes.count {
            compact()
            ByteCopy.append(UnsafeRawBufferPointer(rebasing: bytes[offset...]), to: &buffer)
        }
        if let bodyError { throw bodyError }
        while try nextBuffered(body) {}
    }

    /// Calls `body` with one message body, inflated first if `flag` is set. A failure to
    /// inflate fails the deframer; an error of `body` only this message.
    private mutating func lend(
        _ message: UnsafeRawBufferPointer, flag: UInt8,
        to body: (UnsafeRawBufferPointer, Bool) throws(RPCError) -> Void
    ) throws(RPCError) {
        guard flag != 0 else { return try body(message, false) }
        let inflated: [UInt8]
        do throws(RPCError) {
            inflated = try compression.decompress(message, limit: maxMessageSize)
        } catch {
            failure = error
            throw error
        }
        var bodyError: RPCError?
        inflated.withUnsafeBytes { bytes in
            do throws(RPCError) { try body(bytes, true) } catch { bodyError = error }
        }
        if let bodyError { throw bodyError }
    }

    /// Calls `body` with the next complete message, decompressed if it was flagged, and
    /// returns true; false (without calling it) until more bytes arrive. The bytes are the
    /// deframer's own, valid only during the call: decoding from them saves copying each
    /// message into an array. The message counts as taken even if `body` throws.
    public mutating func withNextMessage(_ body: (UnsafeRawBufferPointer) throws(RPCError) -> Void) throws(RPCError) -> Bool {
        try nextBuffered { (message, _) throws(RPCError) in try body(message) }
    }

    /// `withNextMessage`, telling `body` the message's compressed flag.
    private mutating func nextBuffered(_ body: (UnsafeRawBufferPointer, Bool) throws(RPCError) -> Void) throws(RPCError) -> Bool {
        if let failure { throw failure }
        let available = buffer.count - readIndex
        guard available >= MessageFramer.prefixLength else { return false }

        let start = readIndex
        let (flag, length) = buffer.withUnsafeBufferPointer { bytes in
            let length = Int(bytes[start + 1]) << 24 | Int(bytes[start + 2]) << 16
                | Int(bytes[start + 3]) << 8 | Int(bytes[start + 4])
            return (bytes[start], length)
        }
        guard available - MessageFramer.prefixLength >= length else { return false }

        let bodyStart = start + MessageFramer.prefixLength
        let bodyEnd = bodyStart + length
        var bodyError: RPCError?
        if flag == 0 {
            buffer.withUnsafeBufferPointer { bytes in
                do throws(RPCError) {
                    try body(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[bodyStart..<bodyEnd])), false)
                } catch {
                    bodyError = error
                }
            }
        } else {
            let compression = compression
            let limit = maxMessageSize
            let inflated: [UInt8]
            do throws(RPCError) {
                inflated = try buffer.withUnsafeBufferPointer { (bytes) throws(RPCError) -> [UInt8] in
                    let body = UnsafeBufferPointer(rebasing: bytes[bodyStart..<bodyEnd])
                    return try compression.decompress(UnsafeRawBufferPointer(body), limit: limit)
                }
            } catch {
                failure = error
                throw error
            }
            inflated.withUnsafeBufferPointer { bytes in
                do throws(RPCError) { try body(UnsafeRawBufferPointer(bytes), true) } catch { bodyError = error }
            }
        }

        readIndex = bodyEnd
        lastMessageWasCompressed = flag != 0
        if readIndex == buffer.count { releaseOrClear() }
        if let bodyError { throw bodyError }
        return true
    }

    /// Checks the stream ended on a message boundary: throws INTERNAL if a partial message is left.
    public func finish() throws(RPCError) {
        if let failure { throw failure }
        if hasPartialMessage {
            let fed = scanPrefixCount > 0 ? scanPrefixCount : nil
            let detail = fed.map { "\($0) of \(MessageFramer.prefixLength) prefix bytes" }
                ?? "\(scanBodyRemaining) message bytes missing"
            throw RPCError(.internal, "truncated message: stream ended mid-message (\(detail))")
        }
    }

    /// Walks the prefixes in `bytes` (continuing any prefix or body split off the previous chunk).
    private mutating func scan(_ bytes: UnsafeRawBufferPointer) throws(RPCError) {
        var index = 0
        let count = bytes.count
        while index < count {
            if scanBodyRemaining > 0 {
                let step = min(scanBodyRemaining, count - index)
                scanBodyRemaining -= step
                index += step
                continue
            }
            scanPrefix = scanPrefix << 8 | UInt64(bytes[index])
            scanPrefixCount += 1
            index += 1
            if scanPrefixCount == MessageFramer.prefixLength {
                let flag = UInt8(truncatingIfNeeded: scanPrefix >> 32)
                let length = Int(scanPrefix & 0xFFFF_FFFF)
                scanPrefix = 0
                scanPrefixCount = 0
                try validatePrefix(flag: flag, length: length)
                scanBodyRemaining = length
            }
        }
    }

    private mutating func validatePrefix(flag: UInt8, length: Int) throws(RPCError) {
        let error: RPCError
        if flag > 1 {
            error = RPCError(.internal, "invalid compressed flag \(flag) in message prefix")
        } else if flag == 1 && !compression.compresses {
            error = RPCError(.internal, "compressed flag set but no compression algorithm was negotiated")
        } else if length > maxMessageSize {
            error = RPCError(.resourceExhausted, "received message larger than max (\(length) vs. \(maxMessageSize))")
        } else {
            return
        }
        failure = error
        throw error
    }

    /// Drops consumed bytes once they are at least half the buffer, so each byte moves O(1) times.
    private mutating func compact() {
        guard readIndex > 0 else { return }
        if readIndex == buffer.count {
            releaseOrClear()
        } else if readIndex >= buffer.count - readIndex {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }

    private mutating func releaseOrClear() {
        if buffer.capacity > Self.retainedCapacity {
            buffer = []
        } else {
            buffer.removeAll(keepingCapacity: true)
        }
        readIndex = 0
    }
}
