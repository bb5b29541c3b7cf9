extension ProtoReader {
    /// Reads one entry of a scalar-valued map field into `map`; a missing key or value takes its default,
    /// and entry fields with another number or wire type are skipped. False on a wire-type mismatch.
    @inlinable
    public mutating func readMap<K: ProtoMapKeyType, V: ProtoFieldType>(
        _ map: inout [K.Value: V.Value], key: K.Type, value: V.Type, tag: FieldTag
    ) throws(ProtoDecodingError) -> Bool {
        guard tag.wireType == .lengthDelimited else { return false }
        let length = try readLength()
        try enterNesting()
        let outerLimit = limit
        limit = position &+ length
        var entryKey = K.defaultValue
        var entryValue = V.defaultValue
        while position < limit {
            let entryTag = try readTag()
            if entryTag.number == 1, entryTag.wireType == K.wireType {
                entryKey = try K.read(from: &self, fieldNumber: tag.number)
            } else if entryTag.number == 2, entryTag.wireType == V.wireType {
                entryValue = try V.read(from: &self, fieldNumber: tag.number)
            } else {
                try skipValue(entryTag)
            }
        }
        limit = outerLimit
        leaveNesting()
        map[entryKey] = entryValue
        return true
    }

    /// Reads one entry of a message-valued map field into `map`; see `readMap(_:key:value:tag:)`.
    @inlinable
    public mutating func readMessageMap<K: ProtoMapKeyType, M: ProtoMessage>(
        _ map: inout [K.Value: M], key: K.Type, tag: FieldTag
    ) throws(ProtoDecodingError) -> Bool {
        guard tag.wireType == .lengthDelimited else { return false }
        let length = try readLength()
        try enterNesting()
        let outerLimit = limit
        limit = position &+ length
        var entryKey = K.defaultValue
        var entryValue = M()
        while position < limit {
            let entryTag = try readTag()
            if entryTag.number == 1, entryTag.wireType == K.wireType {
                entryKey = try K.read(from: &self, fieldNumber: tag.number)
            } else if entryTag.number == 2, entryTag.wireType == .lengthDelimited {
                try mergeLengthDelimited(&entryValue)
            } else {
                try skipValue(entryTag)
            }
        }
        limit = outerLimit
        leaveNesting()
        map[entryKey] = entryValue
        return true
    }
}
