/// A writer of protobuf fields into an output buffer of the exact size the size pass measured, alive for one encode.
public struct ProtoWriter: ~Copyable {
    @usableFromInline
    internal let base: UnsafeMutablePointer<UInt8>
    @usableFromInline
    internal let capacity: Int
    @usableFromInline
    internal var position: Int
    /// Nested lengths from the size pass, borrowed from the sizer, which outlives the writer.
    @usableFromInline
    internal let lengths: UnsafePointer<Int>?
    @usableFromInline
    internal let lengthCount: Int
    @usableFromInline
    internal var lengthCursor: Int

    /// A writer of `capacity` bytes at `base`, taking nested lengths from `sizer`'s recording.
    @inlinable
    internal init(base: UnsafeMutablePointer<UInt8>, capacity: Int, lengthsOf sizer: borrowing ProtoSizer) {
        self.base = base
        self.capacity = capacity
        self.position = 0
        self.lengths = UnsafePointer(sizer.lengths)
        self.lengthCount = sizer.count
        self.lengthCursor = 0
    }

    /// The number of bytes written so far.
    @inlinable
    public var bytesWritten: Int { position }

    @inlinable @inline(__always)
    internal func ensureSpace(_ count: Int) {
        precondition(
            capacity &- position >= count,
            "ProtoWriter: encode(to:) wrote more bytes than encodedSize(in:) measured")
    }

    /// Takes the next nested length recorded by the size pass.
    @inlinable @inline(__always)
    internal mutating func nextLength() -> Int {
        let i = lengthCursor
        precondition(i < lengthCount, "ProtoWriter: encode(to:) needs more nested lengths than encodedSize(in:) recorded")
        lengthCursor = i &+ 1
        return lengths.unsafelyUnwrapped[i]
    }

    /// Traps unless exactly `length` bytes were written since `start`.
    @inlinable @inline(__always)
    internal func checkWritten(_ length: Int, since start: Int) {
        precondition(
            position &- start == length,
            "ProtoWriter: a nested message's encode(to:) disagrees with its encodedSize(in:)")
    }

    @inlinable
    internal func finish() {
        precondition(
            position == capacity && lengthCursor == lengthCount,
            "ProtoWriter: encode(to:) wrote less than encodedSize(in:) measured")
    }

    /// Appends one byte.
    @inlinable
    public mutating func writeByte(_ byte: UInt8) {
        ensureSpace(1)
        base[position] = byte
        position &+= 1
    }

    /// Appends `value` as a base-128 varint (1 to 10 bytes).
    @inlinable
    public mutating func writeVarint(_ value: UInt64) {
        if _slowPath(capacity &- position < 10) {
            ensureSpace(Varint.size(value))
        }
        var v = value
        var p = position
        while v >= 0x80 {
            base[p] = UInt8(truncatingIfNeeded: v) | 0x80
            v &>>= 7
            p &+= 1
        }
        base[p] = UInt8(truncatingIfNeeded: v)
        position = p &+ 1
    }

    /// Appends the tag of field `number` with `wireType`.
    @inlinable
    public mutating func writeTag(_ number: Int, _ wireType: WireType) {
        writeVarint(Varint.tag(number, wireType))
    }

    /// Appends four bytes, little-endian.
    @inlinable
    public mutating func writeFixed32(_ value: UInt32) {
        ensureSpace(4)
        UnsafeMutableRawPointer(base + position).storeBytes(of: value.littleEndian, as: UInt32.self)
        position &+= 4
    }

    /// Appends eight bytes, little-endian.
    @inlinable
    public mutating func writeFixed64(_ value: UInt64) {
        ensureSpace(8)
        UnsafeMutableRawPointer(base + position).storeBytes(of: value.littleEndian, as: UInt64.self)
        position &+= 8
    }

    /// Appends `bytes` verbatim.
    @inlinable
    public mutating func writeRawBytes(_ bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        guard count > 0, let source = bytes.baseAddress else { return }
        ensureSpace(count)
        ByteCopy.copy(to: base + position, from: source, count: count)
        position &+= count
    }

    /// Appends `bytes` verbatim.
    @inlinable
    public mutating func writeRawBytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { writeRawBytes($0) }
    }

    /// Appends a varint length prefix and then `bytes`, checking the space once.
    @inlinable @inline(__always)
    public mutating func writeLengthDelimited(_ bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        var p = position
        if _fastPath(count < 0x80 && capacity &- p > count) {
            // A one-byte length prefix: no varint size to compute.
            base[p] = UInt8(truncatingIfNeeded: count)
            p &+= 1
        } else {
            ensureSpace(Varint.size(UInt64(count)) &+ count)
            var v = UInt64(count)
            while v >= 0x80 {
                base[p] = UInt8(truncatingIfNeeded: v) | 0x80
                v &>>= 7
                p &+= 1
            }
            base[p] = UInt8(truncatingIfNeeded: v)
            p &+= 1
        }
        if count > 0, let source = bytes.baseAddress {
            ByteCopy.copy(to: base + p, from: source, count: count)
        }
        position = p &+ count
    }

    /// Appends `string` as a length-delimited value: its UTF-8 byte count, then its bytes.
    @inlinable @inline(__always)
    public mutating func writeLengthDelimitedUTF8(_ string: String) {
        let done: Void? = string.utf8.withContiguousStorageIfAvailable {
            writeLengthDelimited(UnsafeRawBufferPointer($0))
        }
        if _slowPath(done == nil) { writeLengthDelimitedNonContiguousUTF8(string) }
    }

    /// `writeLengthDelimitedUTF8` for a string without contiguous UTF-8 (a bridged one), out of
    /// line so that the common case is small enough to inline into field loops.
    @usableFromInline @inline(never)
    internal mutating func writeLengthDelimitedNonContiguousUTF8(_ string: String) {
        writeVarint(UInt64(string.utf8.count))
        for byte in string.utf8 { writeByte(byte) }
    }

    /// Appends the UTF-8 bytes of `string` verbatim, without a length prefix.
    @inlinable
    public mutating func writeUTF8(_ string: String) {
        let copied: Void? = string.utf8.withContiguousStorageIfAvailable {
            writeRawBytes(UnsafeRawBufferPointer($0))
        }
        if copied == nil {
            for byte in string.utf8 { writeByte(byte) }
        }
    }

    /// Appends the kept bytes of `unknownFields` verbatim.
    @inlinable
    public mutating func writeUnknownFields(_ unknownFields: UnknownFields) {
        writeRawBytes(unknownFields.bytes)
    }
}
