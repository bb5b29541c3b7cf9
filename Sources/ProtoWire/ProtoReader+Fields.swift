extension ProtoReader {
    /// Reads the value of `tag` as protobuf type `T` into `value`; returns false, reading nothing, on a wire-type mismatch.
    @inlinable
    public mutating func read<T: ProtoFieldType>(
        _ value: inout T.Value, as type: T.Type, tag: FieldTag
    ) throws(ProtoDecodingError) -> Bool {
        guard tag.wireType == T.wireType else { return false }
        value = try T.read(from: &self, fieldNumber: tag.number)
        return true
    }

    /// Reads the value of `tag` as protobuf type `T` into an explicit-presence field; false on a wire-type mismatch.
    @inlinable
    public mutating func read<T: ProtoFieldType>(
        _ value: inout T.Value?, as type: T.Type, tag: FieldTag
    ) throws(ProtoDecodingError) -> Bool {
        guard tag.wireType == T.wireType else { return false }
        value = try T.read(from: &self, fieldNumber: tag.number)
        return true
    }

    /// Appends the value(s) of a repeated field, accepting both the unpacked and, for packable types, the packed form.
    @inlinable
    public mutating func readRepeated<T: ProtoFieldType>(
        _ values: inout [T.Value], as type: T.Type, tag: FieldTag
    ) throws(ProtoDecodingError) -> Bool {
        if tag.wireType == T.wireType {
            if T.wireType == .lengthDelimited && values.isEmpty && tag.number < 16 {
                // Strings or bytes: size the array once for the run of elements that follows,
                // instead of growing it seven times for a hundred.
                let run = countRun(tagByte: UInt8(truncatingIfNeeded: tag.number << 3 | 2))
                if run > 1 { values.reserveCapacity(run) }
            }
            values.append(try T.read(from: &self, fieldNumber: tag.number))
            return true
        }
        guard tag.wireType == .lengthDelimited, T.wireType != .lengthDelimited else { return false }
        try readPacked(&values, as: T.self, fieldNumber: tag.number)
        return true
    }

    /// Appends every element of a packed payload.
    @inlinable
    internal mutating func readPacked<T: ProtoFieldType>(
        _ values: inout [T.Value], as type: T.Type, fieldNumber: Int
    ) throws(ProtoDecodingError) {
        let length = try readLength()
        let end = position &+ length
        let incoming = T.fixedWidth > 0 ? length / T.fixedWidth : countVarints(upTo: end)
        let needed = values.count &+ incoming
        if needed > values.capacity {
            values.reserveCapacity(Swift.max(needed, values.capacity &* 2))
        }
        let outerLimit = limit
        limit = end
        while position < end {
            values.append(try T.read(from: &self, fieldNumber: fieldNumber))
        }
        limit = outerLimit
    }

    /// How many length-delimited fields with the one-byte tag `tagByte` follow back to back
    /// from here, counting the one whose tag was just read; stops at anything else (a longer
    /// length prefix, another field, the end). Each counted element takes at least two bytes,
    /// so the count is bounded by the message's size.
    @inlinable
    internal func countRun(tagByte: UInt8) -> Int {
        var p = position
        var count = 0
        while p < limit {
            let first = base[p]
            var length = Int(first)
            if first < 0x80 {
                p &+= 1
            } else {
                guard p &+ 1 < limit, base[p &+ 1] < 0x80 else { break }
                length = Int(first & 0x7F) | Int(base[p &+ 1]) &<< 7
                p &+= 2
            }
            guard length <= limit &- p else { break }
            p &+= length
            count &+= 1
            guard p < limit, base[p] == tagByte else { break }
            p &+= 1
        }
        return count
    }

    /// Counts the varints that end before `end` (bytes without the continuation bit).
    @inlinable
    internal func countVarints(upTo end: Int) -> Int {
        var count = 0
        var p = position
        while p < end {
            count &+= Int(truncatingIfNeeded: (base[p] &>> 7) ^ 1)
            p &+= 1
        }
        return count
    }
}
