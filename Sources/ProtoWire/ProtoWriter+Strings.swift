extension ProtoWriter {
    /// `writeRepeated` for strings: the write position stays in a register for the whole run
    /// (the generic loop stores and reloads it around each string's copy, which the compiler
    /// must assume may write anywhere), and a string shorter than 128 bytes writes its tag and
    /// length with two byte stores.
    @inlinable
    public mutating func writeRepeated(_ values: [String], as type: ProtoString.Type, field: Int) {
        let tag = Varint.tag(field, .lengthDelimited)
        guard tag < 0x80 else {
            for value in values {
                writeVarint(tag)
                writeLengthDelimitedUTF8(value)
            }
            return
        }
        let tagByte = UInt8(truncatingIfNeeded: tag)
        var p = position
        for value in values {
            let written: Bool? = value.utf8.withContiguousStorageIfAvailable { utf8 in
                let count = utf8.count
                guard count < 0x80, capacity &- p > count &+ 1 else { return false }
                base[p] = tagByte
                base[p &+ 1] = UInt8(truncatingIfNeeded: count)
                if count > 0 {
                    UnsafeMutableRawPointer(base + (p &+ 2)).copyMemory(from: utf8.baseAddress.unsafelyUnwrapped, byteCount: count)
                }
                p &+= count &+ 2
                return true
            }
            if _slowPath(written != true) {
                // A long or bridged string: the general path.
                position = p
                writeVarint(tag)
                writeLengthDelimitedUTF8(value)
                p = position
            }
        }
        position = p
    }
}
