import CZlib

extension CompressionAlgorithm {
    /// Compresses one whole message and appends it to `output`; returns the number of bytes appended.
    @discardableResult
    public func compress(_ message: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) throws(RPCError) -> Int {
        guard let windowBits = zlibWindowBits else {
            output.append(contentsOf: message)
            return message.count
        }
        return try Zlib.deflate(message, windowBits: windowBits, appendingTo: &output)
    }

    /// Compresses one whole message and appends it to `output`; returns the number of bytes appended.
    @discardableResult
    public func compress(_ message: [UInt8], appendingTo output: inout [UInt8]) throws(RPCError) -> Int {
        try message.withUnsafeBufferPointer { (buffer) throws(RPCError) -> Int in
            try compress(UnsafeRawBufferPointer(buffer), appendingTo: &output)
        }
    }

    /// Decompresses one whole message of at most `limit` bytes.
    ///
    /// Throws RESOURCE_EXHAUSTED as soon as the output would exceed `limit` (the rest is not
    /// inflated), and INTERNAL for corrupt, truncated or trailing-garbage input.
    public func decompress(_ message: UnsafeRawBufferPointer, limit: Int) throws(RPCError) -> [UInt8] {
        guard let windowBits = zlibWindowBits else {
            guard message.count <= limit else { throw Zlib.tooLarge(limit: limit) }
            return [UInt8](message)
        }
        return try Zlib.inflate(message, windowBits: windowBits, limit: limit)
    }

    /// Decompresses one whole message of at most `limit` bytes.
    public func decompress(_ message: [UInt8], limit: Int) throws(RPCError) -> [UInt8] {
        try message.withUnsafeBufferPointer { (buffer) throws(RPCError) -> [UInt8] in
            try decompress(UnsafeRawBufferPointer(buffer), limit: limit)
        }
    }
}

/// One-shot zlib compression and decompression, a fresh `z_stream` per message.
enum Zlib {
    /// gzip's `windowBits`; only gzip may carry several concatenated members (RFC 1952 §2.2).
    private static let gzipWindowBits: Int32 = 31
    /// Most bytes handed to zlib in one call, since `avail_in`/`avail_out` are 32-bit.
    private static let maxChunk = Int(UInt32.max)

    static func tooLarge(limit: Int) -> RPCError {
        RPCError(.resourceExhausted, "decompressed message larger than the limit of \(limit) bytes")
    }

    static func deflate(
        _ input: UnsafeRawBufferPointer,
        windowBits: Int32,
        appendingTo output: inout [UInt8]
    ) throws(RPCError) -> Int {
        var stream = z_stream()
        return try withUnsafeMutablePointer(to: &stream) { (strm) throws(RPCError) -> Int in
            let rc = deflateInit2_(
                strm, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY,
                zlibVersion(), Int32(MemoryLayout<z_stream>.size)
            )
            guard rc == Z_OK else {
                throw RPCError(.internal, "compression failed: deflateInit2 returned \(rc)")
            }
            defer { deflateEnd(strm) }

            // With Z_FINISH and deflateBound() bytes of room, deflate cannot run out of space.
            let bound = Int(deflateBound(strm, uLong(input.count)))
            let start = output.count
            appendZeros(&output, count: bound)
            do throws(RPCError) {
                let produced = try output.withUnsafeMutableBufferPointer { (buffer) throws(RPCError) -> Int in
                    try runDeflate(strm, input: input, output: UnsafeMutableBufferPointer(rebasing: buffer[start...]))
                }
                output.removeLast(bound - produced)
                return produced
            } catch {
                output.removeLast(output.count - start)
                throw error
            }
        }
    }

    private static func runDeflate(
        _ strm: UnsafeMutablePointer<z_stream>,
        input: UnsafeRawBufferPointer,
        output: UnsafeMutableBufferPointer<UInt8>
    ) throws(RPCError) -> Int {
        var inputHanded = 0
        var outputHanded = 0
        while true {
            if strm.pointee.avail_in == 0, inputHanded < input.count, let base = input.baseAddress {
                let count = min(input.count - inputHanded, maxChunk)
                strm.pointee.next_in = mutableBytes(base + inputHanded)
                strm.pointee.avail_in = UInt32(count)
                inputHanded += count
            }
            if strm.pointee.avail_out == 0, outputHanded < output.count, let base = output.baseAddress {
                let count = min(output.count - outputHanded, maxChunk)
                strm.pointee.next_out = base + outputHanded
                strm.pointee.avail_out = UInt32(count)
                outputHanded += count
            }
            let flush = inputHanded == input.count ? Z_FINISH : Z_NO_FLUSH
            let rc = CZlib.deflate(strm, flush)
            switch rc {
            case Z_STREAM_END:
                return outputHanded - Int(strm.pointee.avail_out)
            case Z_OK, Z_BUF_ERROR:
                let moreInput = strm.pointee.avail_in == 0 && inputHanded < input.count
                let moreOutput = strm.pointee.avail_out == 0 && outputHanded < output.count
                if rc == Z_BUF_ERROR && !moreInput && !moreOutput {
                    throw RPCError(.internal, "compression failed: output exceeded deflateBound")
                }
            default:
                throw RPCError(.internal, "compression failed: deflate returned \(rc)")
            }
        }
    }

    static func inflate(_ input: UnsafeRawBufferPointer, windowBits: Int32, limit: Int) throws(RPCError) -> [UInt8] {
        let limit = max(limit, 0)
        // Room for one byte past the limit tells "exactly at the limit" from "over it".
        let capacityCap = limit == Int.max ? Int.max : limit + 1
        let guess = input.count >= capacityCap / 2 ? capacityCap : max(input.count * 2, 256)
        var output = [UInt8](repeating: 0, count: min(guess, capacityCap))
        var written = 0

        var stream = z_stream()
        try withUnsafeMutablePointer(to: &stream) { (strm) throws(RPCError) -> Void in
            let rc = inflateInit2_(strm, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
            guard rc == Z_OK else {
                throw RPCError(.internal, "decompression failed: inflateInit2 returned \(rc)")
            }
            defer { inflateEnd(strm) }

            var inputHanded = 0
            while true {
                if strm.pointee.avail_in == 0, inputHanded < input.count, let base = input.baseAddress {
                    let count = min(input.count - inputHanded, maxChunk)
                    strm.pointee.next_in = mutableBytes(base + inputHanded)
                    strm.pointee.avail_in = UInt32(count)
                    inputHanded += count
                }
                if written == output.count {
                    let grown = output.count > capacityCap / 2 ? capacityCap : output.count * 2
                    appendZeros(&output, count: grown - output.count)
                }
                let space = min(output.count - written, maxChunk)
                let offset = written
                let rc = output.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    guard let base = buffer.baseAddress else { return Z_STREAM_ERROR }
                    strm.pointee.next_out = base + offset
                    strm.pointee.avail_out = UInt32(space)
                    let rc = CZlib.inflate(strm, Z_NO_FLUSH)
                    strm.pointee.next_out = nil
                    return rc
                }
                let remaining = Int(strm.pointee.avail_out)
                strm.pointee.avail_out = 0
                written += space - remaining
                if written > limit { throw tooLarge(limit: limit) }

                switch rc {
                case Z_STREAM_END:
                    guard strm.pointee.avail_in > 0 || inputHanded < input.count else { return }
                    // Bytes after the end of the stream: another gzip member, or garbage.
                    guard windowBits == gzipWindowBits, inflateReset(strm) == Z_OK else {
                        throw RPCError(.internal, "decompression failed: trailing data after the compressed message")
                    }
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    let inputLeft = strm.pointee.avail_in > 0 || inputHanded < input.count
                    guard remaining == 0 || inputLeft else {
                        throw RPCError(.internal, "decompression failed: truncated compressed message")
                    }
                case Z_NEED_DICT:
                    throw RPCError(.internal, "decompression failed: a preset dictionary is required")
                case Z_DATA_ERROR:
                    throw RPCError(.internal, "decompression failed: corrupt compressed message")
                default:
                    throw RPCError(.internal, "decompression failed: inflate returned \(rc)")
                }
            }
        }
        output.removeLast(output.count - written)
        return output
    }

    /// Source of zero bytes for ``appendZeros(_:count:)``, copied with memcpy in any build mode.
    private static let zeros = [UInt8](repeating: 0, count: 16 * 1024)

    /// Grows `array` by `count` zero bytes, doubling capacity when it must reallocate.
    static func appendZeros(_ array: inout [UInt8], count: Int) {
        let needed = array.count + count
        if array.capacity < needed {
            array.reserveCapacity(max(needed, array.capacity * 2))
        }
        zeros.withUnsafeBufferPointer { zeros in
            var remaining = count
            while remaining > 0 {
                let step = min(remaining, zeros.count)
                array.append(contentsOf: UnsafeBufferPointer(rebasing: zeros[0..<step]))
                remaining -= step
            }
        }
    }

    private static func mutableBytes(_ pointer: UnsafeRawPointer) -> UnsafeMutablePointer<Bytef> {
        UnsafeMutablePointer(mutating: pointer.assumingMemoryBound(to: Bytef.self))
    }
}
