/// A writer of protobuf fields into an output buffer of the exact size the size pass measured, alive for one encode.
public struct ProtoWriter: ~Copyable {
    @usableFromInline
    internal let base: UnsafeMutablePointer<UInt8>
    @usableFromInline
    internal let capacity: Int
    @usableFromInline
    internal var position: Int
    @usableFromInline
    internal let lengths: [Int]
    @usableFromInline
    internal var lengthCursor: Int

    @usableFromInline
    internal init(base: UnsafeMutablePointer<UInt8>, capacity: Int, lengths: [Int]) {
        self.base = base
        self.capacity = capacity
        self.position = 0
        self.lengths = lengths
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
        precondition(
            lengthCursor < lengths.count,
            "ProtoWriter: encode(to:) needs more nested lengths than encodedSize(in:) recorded")
        let length = lengths[lengthCursor]
        lengthCursor &+= 1
        return length
    }

    /// Traps unless exactly `length` bytes were written since `start`.
    @inlinable @inline(__always)
    internal func checkWritten(_ length: Int, since start: Int) {
        precondition(
            position &- start == length,
            "ProtoWriter: a nested message's encode(to:) disagrees with its encodedSize(in:)")
    }

    @usableFromInline
    internal func finish() {
        precondition(
            position == capacity && lengthCursor == lengths.count,
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
        UnsafeMutableRawPointer(base + position).copyMemory(from: source, byteCount: count)
        position &+= count
    }

    /// Appends `bytes` verbatim.
    @inlinable
    public mutating func writeRawBytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { writeRawBytes($0) }
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
