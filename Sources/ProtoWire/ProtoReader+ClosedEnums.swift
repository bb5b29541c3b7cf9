extension ProtoReader {
    /// Reads a closed-enum field: a named value is stored, any other goes to `unknownFields`. False on a wire-type mismatch.
    @inlinable
    public mutating func readClosedEnum<E: ProtoClosedEnum>(
        _ value: inout E?, tag: FieldTag, unknownFields: inout UnknownFields
    ) throws(ProtoDecodingError) -> Bool {
        guard tag.wireType == .varint else { return false }
        let raw = try readVarint()
        if let known = E(knownValue: Int32(truncatingIfNeeded: raw)) {
            value = known
        } else {
            unknownFields.appendVarint(raw, field: tag.number)
        }
        return true
    }

    /// Appends the value(s) of a repeated closed-enum field, packed or not; unnamed values go to `unknownFields`.
    @inlinable
    public mutating func readRepeatedClosedEnum<E: ProtoClosedEnum>(
        _ values: inout [E], tag: FieldTag, unknownFields: inout UnknownFields
    ) throws(ProtoDecodingError) -> Bool {
        switch tag.wireType {
        case .varint:
            let raw = try readVarint()
            if let known = E(knownValue: Int32(truncatingIfNeeded: raw)) {
                values.append(known)
            } else {
                unknownFields.appendVarint(raw, field: tag.number)
            }
            return true
        case .lengthDelimited:
            let length = try readLength()
            let end = position &+ length
            let outerLimit = limit
            limit = end
            while position < end {
                let raw = try readVarint()
                if let known = E(knownValue: Int32(truncatingIfNeeded: raw)) {
                    values.append(known)
                } else {
                    unknownFields.appendVarint(raw, field: tag.number)
                }
            }
            limit = outerLimit
            return true
        default:
            return false
        }
    }

    /// Reads one entry of a map whose values are a closed enum; an entry with an unnamed value goes to `unknownFields` whole.
    @inlinable
    public mutating func readClosedEnumMap<K: ProtoMapKeyType, E: ProtoClosedEnum>(
        _ map: inout [K.Value: E], key: K.Type, tag: FieldTag, unknownFields: inout UnknownFields
    ) throws(ProtoDecodingError) -> Bool {
        guard tag.wireType == .lengthDelimited else { return false }
        let length = try readLength()
        try enterNesting()
        let entryStart = position
        let outerLimit = limit
        limit = position &+ length
        var entryKey = K.defaultValue
        var rawValue: UInt64 = 0
        while position < limit {
            let entryTag = try readTag()
            if entryTag.number == 1, entryTag.wireType == K.wireType {
                entryKey = try K.read(from: &self, fieldNumber: tag.number)
            } else if entryTag.number == 2, entryTag.wireType == .varint {
                rawValue = try readVarint()
            } else {
                try skipValue(entryTag)
            }
        }
        limit = outerLimit
        leaveNesting()
        if let known = E(knownValue: Int32(truncatingIfNeeded: rawValue)) {
            map[entryKey] = known
        } else {
            unknownFields.appendLengthDelimited(
                UnsafeRawBufferPointer(start: base + entryStart, count: length), field: tag.number)
        }
        return true
    }
}
