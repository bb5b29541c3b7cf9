/// A bounds-checked reader of protobuf wire data in a borrowed buffer, alive for one decode.
public struct ProtoReader: ~Copyable {
    @usableFromInline
    internal let base: UnsafePointer<UInt8>
    @usableFromInline
    internal var position: Int
    @usableFromInline
    internal var limit: Int
    @usableFromInline
    internal var depth: Int
    @usableFromInline
    internal let maxDepth: Int

    /// How deep messages and groups may nest below the top-level message, as in protobuf C++.
    public static let defaultRecursionLimit = 100

    @usableFromInline
    internal init(base: UnsafePointer<UInt8>, count: Int, maxDepth: Int) {
        self.base = base
        self.position = 0
        self.limit = count
        self.depth = 0
        self.maxDepth = maxDepth
    }

    /// Whether unread bytes remain before the current limit.
    @inlinable
    public var hasMore: Bool { position < limit }

    /// The number of unread bytes before the current limit.
    @inlinable
    public var remaining: Int { limit &- position }

    /// Reads a base-128 varint of at most ten bytes.
    @inlinable
    public mutating func readVarint() throws(ProtoDecodingError) -> UInt64 {
        if _fastPath(position < limit) {
            let first = base[position]
            if first < 0x80 {
                position &+= 1
                return UInt64(first)
            }
            if limit &- position >= 10 {
                return try readVarintUnchecked(first)
            }
        }
        return try readVarintChecked()
    }

    /// Decodes a multi-byte varint when at least ten bytes remain, so no byte read needs a bounds check.
    @inlinable
    internal mutating func readVarintUnchecked(_ first: UInt8) throws(ProtoDecodingError) -> UInt64 {
        var result = UInt64(first & 0x7F)
        var p = position &+ 1
        var shift: UInt64 = 7
        while true {
            let byte = base[p]
            p &+= 1
            if shift == 63 {
                guard byte < 0x80 else { throw .varintTooLong }
                result |= UInt64(byte) &<< 63
                break
            }
            result |= UInt64(byte & 0x7F) &<< shift
            if byte < 0x80 { break }
            shift &+= 7
        }
        position = p
        return result
    }

    @usableFromInline
    internal mutating func readVarintChecked() throws(ProtoDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var p = position
        var shift: UInt64 = 0
        while true {
            guard p < limit else { throw .truncatedVarint }
            let byte = base[p]
            p &+= 1
            if shift == 63 {
                guard byte < 0x80 else { throw .varintTooLong }
                result |= UInt64(byte) &<< 63
                break
            }
            result |= UInt64(byte & 0x7F) &<< shift
            if byte < 0x80 { break }
            shift &+= 7
        }
        position = p
        return result
    }

    /// Reads a field tag, rejecting wire types 6 and 7 and field numbers outside 1...2^29-1.
    @inlinable
    public mutating func readTag() throws(ProtoDecodingError) -> FieldTag {
        let key = try readVarint()
        guard let wireType = WireType(rawValue: UInt8(truncatingIfNeeded: key & 7)) else {
            throw .invalidWireType(UInt8(truncatingIfNeeded: key & 7))
        }
        let number = key &>> 3
        guard number != 0, number <= UInt64(FieldTag.maxFieldNumber) else {
            throw .invalidFieldNumber(number)
        }
        return FieldTag(number: Int(truncatingIfNeeded: number), wireType: wireType)
    }

    /// Reads a length prefix and checks that that many bytes remain before the limit.
    @inlinable
    public mutating func readLength() throws(ProtoDecodingError) -> Int {
        let length = try readVarint()
        let available = limit &- position
        guard length <= UInt64(available) else {
            throw .lengthPastEnd(length: length, available: available)
        }
        return Int(truncatingIfNeeded: length)
    }

    /// Reads four little-endian bytes.
    @inlinable
    public mutating func readFixed32() throws(ProtoDecodingError) -> UInt32 {
        guard limit &- position >= 4 else { throw .truncatedFixed32 }
        let value = UnsafeRawPointer(base + position).loadUnaligned(as: UInt32.self)
        position &+= 4
        return UInt32(littleEndian: value)
    }

    /// Reads eight little-endian bytes.
    @inlinable
    public mutating func readFixed64() throws(ProtoDecodingError) -> UInt64 {
        guard limit &- position >= 8 else { throw .truncatedFixed64 }
        let value = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
        position &+= 8
        return UInt64(littleEndian: value)
    }

    /// Reads a length-prefixed string, checking that it is valid UTF-8.
    @inlinable
    public mutating func readString(fieldNumber: Int) throws(ProtoDecodingError) -> String {
        let length = try readLength()
        let bytes = UnsafeBufferPointer(start: base + position, count: length)
        guard let utf8 = try? UTF8Span(validating: bytes.span) else {
            throw .invalidUTF8(fieldNumber: fieldNumber)
        }
        position &+= length
        return String(copying: utf8)
    }

    /// Reads a length-prefixed byte string.
    @inlinable
    public mutating func readBytes() throws(ProtoDecodingError) -> [UInt8] {
        let length = try readLength()
        let bytes = ByteCopy.array(UnsafeRawBufferPointer(start: base + position, count: length))
        position &+= length
        return bytes
    }

    /// Counts one more level of message or group nesting, failing past the recursion limit.
    @inlinable
    internal mutating func enterNesting() throws(ProtoDecodingError) {
        guard depth < maxDepth else { throw .nestingTooDeep(limit: maxDepth) }
        depth &+= 1
    }

    @inlinable
    internal mutating func leaveNesting() {
        depth &-= 1
    }
}
