extension ProtoMessage {
    /// The exact number of bytes `serializedBytes()` returns, measured without encoding.
    @inlinable
    public var serializedSize: Int {
        var sizer = ProtoSizer(recording: false)
        return encodedSize(in: &sizer)
    }

    /// The protobuf encoding of this message, in an array allocated to the exact size.
    @inlinable
    public func serializedBytes() -> [UInt8] {
        var bytes: [UInt8] = []
        appendSerializedBytes(to: &bytes)
        return bytes
    }

    /// The protobuf encoding of this message after `headroom` zero bytes, in one array allocated
    /// to the exact size: room for a header the caller fills in afterwards (gRPC's 5-byte
    /// message prefix) without copying the encoding.
    @inlinable
    public func serializedBytes(headroom: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        appendSerializedBytes(to: &bytes, headroom: headroom)
        return bytes
    }

    /// Appends the protobuf encoding of this message to `buffer`, growing it once by the exact size.
    @inlinable
    public func appendSerializedBytes(to buffer: inout [UInt8]) {
        appendSerializedBytes(to: &buffer, headroom: 0)
    }

    /// Appends `headroom` zero bytes and then the encoding, growing `buffer` once.
    @inlinable
    func appendSerializedBytes(to buffer: inout [UInt8], headroom: Int) {
        precondition(headroom >= 0, "negative headroom")
        withUnsafeTemporaryAllocation(of: Int.self, capacity: ProtoSizer.scratchLengths) { scratch in
            var sizer = ProtoSizer(recordingInto: scratch)
            let size = encodedSize(in: &sizer)
            guard size > 0 || headroom > 0 else { return }
            // `append(addingCapacity:)` allocates in code specialized here for UInt8; the
            // stdlib's `Array(unsafeUninitializedCapacity:)` and `reserveCapacity` on an empty
            // array allocate in generic code that looks up the storage class's metadata at run
            // time on every call (a hash-table lookup as long as copying a 100-byte message).
            buffer.append(addingCapacity: headroom + size) { span in
                span.withUnsafeMutableBufferPointer { free, initializedCount in
                    guard let base = free.baseAddress else { return }
                    base.initialize(repeating: 0, count: headroom)
                    initializedCount = headroom
                    guard size > 0 else { return }
                    var writer = ProtoWriter(base: base + headroom, capacity: size, lengthsOf: sizer)
                    encode(to: &writer)
                    writer.finish()
                    initializedCount = headroom + size
                }
            }
        }
    }
}
