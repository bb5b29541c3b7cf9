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

    /// Appends the protobuf encoding of this message to `buffer`, growing it once by the exact size.
    @inlinable
    public func appendSerializedBytes(to buffer: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: ProtoSizer.scratchLengths) { scratch in
            var sizer = ProtoSizer(recordingInto: scratch)
            let size = encodedSize(in: &sizer)
            guard size > 0 else { return }
            // `append(addingCapacity:)` allocates in code specialized here for UInt8; the
            // stdlib's `Array(unsafeUninitializedCapacity:)` and `reserveCapacity` on an empty
            // array allocate in generic code that looks up the storage class's metadata at run
            // time on every call (a hash-table lookup as long as copying a 100-byte message).
            buffer.append(addingCapacity: size) { span in
                span.withUnsafeMutableBufferPointer { free, initializedCount in
                    guard let base = free.baseAddress else { return }
                    var writer = ProtoWriter(base: base, capacity: size, lengthsOf: sizer)
                    encode(to: &writer)
                    writer.finish()
                    initializedCount = size
                }
            }
        }
    }
}
