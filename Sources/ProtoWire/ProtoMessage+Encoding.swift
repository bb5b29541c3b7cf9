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
        withUnsafeTemporaryAllocation(of: Int.self, capacity: ProtoSizer.scratchLengths) { scratch in
            var sizer = ProtoSizer(recordingInto: scratch)
            let size = encodedSize(in: &sizer)
            return [UInt8](unsafeUninitializedCapacity: size) { buffer, initializedCount in
                guard let base = buffer.baseAddress, size > 0 else {
                    initializedCount = 0
                    return
                }
                var writer = ProtoWriter(base: base, capacity: size, lengthsOf: sizer)
                encode(to: &writer)
                writer.finish()
                initializedCount = size
            }
        }
    }

    /// Appends the protobuf encoding of this message to `buffer`, growing it once by the exact size.
    @inlinable
    public func appendSerializedBytes(to buffer: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: ProtoSizer.scratchLengths) { scratch in
            var sizer = ProtoSizer(recordingInto: scratch)
            let size = encodedSize(in: &sizer)
            guard size > 0 else { return }
            let start = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: size))
            buffer.withUnsafeMutableBufferPointer { all in
                guard let base = all.baseAddress else { return }
                var writer = ProtoWriter(base: base + start, capacity: size, lengthsOf: sizer)
                encode(to: &writer)
                writer.finish()
            }
        }
    }
}
