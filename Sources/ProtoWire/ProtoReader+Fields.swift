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
