/// Writes gRPC length-prefixed messages: a compressed flag, a 4-byte big-endian length, the bytes.
public struct MessageFramer: Sendable, Hashable {
    /// Size of the prefix before every message: 1 flag byte and a 4-byte length.
    public static let prefixLength = 5

    /// The negotiated algorithm (`grpc-encoding` sent); `identity` sends every message uncompressed.
    public let compression: CompressionAlgorithm
    /// Largest payload (after compression) this side will send; nil means only the 4 GiB wire limit.
    public let maxMessageSize: Int?

    /// Creates a framer for one stream.
    public init(compression: CompressionAlgorithm = .identity, maxMessageSize: Int? = nil) {
        self.compression = compression
        self.maxMessageSize = maxMessageSize
    }

    /// Appends one framed message to `output`, compressed unless `compress` is false or the
    /// algorithm is `identity`. Throws RESOURCE_EXHAUSTED if the payload exceeds the send limit,
    /// INTERNAL if compression fails; `output` is left unchanged on error.
    public func append(_ message: UnsafeRawBufferPointer, compress: Bool = true, to output: inout [UInt8]) throws(RPCError) {
        let start = output.count
        if compress && compression.compresses {
            Self.appendPrefix(flag: 1, length: 0, to: &output)
            let length: Int
            do throws(RPCError) {
                length = try compression.compress(message, appendingTo: &output)
                try checkSize(length)
            } catch {
                output.removeLast(output.count - start)
                throw error
            }
            Self.storePrefix(flag: 1, length: length, in: &output, at: start)
        } else {
            try checkSize(message.count)
            let needed = start + Self.prefixLength + message.count
            if output.capacity < needed {
                output.reserveCapacity(max(needed, output.capacity * 2))
            }
            Self.appendPrefix(flag: 0, length: message.count, to: &output)
            output.append(contentsOf: message)
        }
    }

    /// Appends one framed message to `output`, exactly as the raw-buffer overload does.
    public func append(_ message: [UInt8], compress: Bool = true, to output: inout [UInt8]) throws(RPCError) {
        try message.withUnsafeBufferPointer { (buffer) throws(RPCError) -> Void in
            try append(UnsafeRawBufferPointer(buffer), compress: compress, to: &output)
        }
    }

    /// Frames a message encoded behind `prefixLength` bytes of room (`Codec.serializeFramable`):
    /// uncompressed, the prefix is written into that room and the encoding is not copied;
    /// compressed, `buffer` is replaced by the framed compressed message. Throws as `append`
    /// does, leaving `buffer` unchanged.
    public func frame(framable buffer: inout [UInt8], compress: Bool = true) throws(RPCError) {
        precondition(buffer.count >= Self.prefixLength, "no room for the message prefix")
        let length = buffer.count - Self.prefixLength
        if compress && compression.compresses {
            var output: [UInt8] = []
            try buffer.withUnsafeBufferPointer { (all) throws(RPCError) -> Void in
                let payload = UnsafeBufferPointer(rebasing: all[Self.prefixLength...])
                try append(UnsafeRawBufferPointer(payload), compress: true, to: &output)
            }
            buffer = output
            return
        }
        try checkSize(length)
        Self.storePrefix(flag: 0, length: length, in: &buffer, at: 0)
    }

    /// Returns one framed message as a new buffer.
    public func frame(_ message: [UInt8], compress: Bool = true) throws(RPCError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(Self.prefixLength + message.count)
        try append(message, compress: compress, to: &output)
        return output
    }

    private func checkSize(_ length: Int) throws(RPCError) {
        if let maxMessageSize, length > maxMessageSize {
            throw RPCError(.resourceExhausted, "trying to send message larger than max (\(length) vs. \(maxMessageSize))")
        }
        if length > Int(UInt32.max) {
            throw RPCError(.resourceExhausted, "message of \(length) bytes exceeds the gRPC frame limit")
        }
    }

    /// Writes a prefix over the 5 bytes of `buffer` at `start`.
    private static func storePrefix(flag: UInt8, length: Int, in buffer: inout [UInt8], at start: Int) {
        buffer.withUnsafeMutableBufferPointer { b in
            b[start] = flag
            b[start + 1] = UInt8(truncatingIfNeeded: length >> 24)
            b[start + 2] = UInt8(truncatingIfNeeded: length >> 16)
            b[start + 3] = UInt8(truncatingIfNeeded: length >> 8)
            b[start + 4] = UInt8(truncatingIfNeeded: length)
        }
    }

    private static func appendPrefix(flag: UInt8, length: Int, to output: inout [UInt8]) {
        output.append(flag)
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: length).bigEndian) { output.append(contentsOf: $0) }
    }
}
