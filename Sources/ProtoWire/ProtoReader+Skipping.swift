extension ProtoReader {
    /// Skips the value of a field whose tag was just read, including a whole group.
    @usableFromInline
    internal mutating func skipValue(_ tag: FieldTag) throws(ProtoDecodingError) {
        switch tag.wireType {
        case .varint:
            _ = try readVarint()
        case .fixed64:
            guard limit &- position >= 8 else { throw .truncatedFixed64 }
            position &+= 8
        case .fixed32:
            guard limit &- position >= 4 else { throw .truncatedFixed32 }
            position &+= 4
        case .lengthDelimited:
            position &+= try readLength()
        case .startGroup:
            try skipGroup(tag.number)
        case .endGroup:
            throw .unexpectedGroupEnd(fieldNumber: tag.number)
        }
    }

    /// Skips the fields of group `number` up to and including its matching end-group tag.
    @usableFromInline
    internal mutating func skipGroup(_ number: Int) throws(ProtoDecodingError) {
        try enterNesting()
        while position < limit {
            let tag = try readTag()
            if tag.wireType == .endGroup {
                guard tag.number == number else {
                    throw .mismatchedGroupEnd(expected: number, found: tag.number)
                }
                leaveNesting()
                return
            }
            try skipValue(tag)
        }
        throw .unterminatedGroup(fieldNumber: number)
    }

    /// Skips the value of `tag` and keeps the whole field, from its tag at `start`, in `unknownFields`.
    @usableFromInline
    internal mutating func skipUnknownField(
        _ tag: FieldTag, startingAt start: Int, into unknownFields: inout UnknownFields
    ) throws(ProtoDecodingError) {
        try skipValue(tag)
        unknownFields.append(UnsafeRawBufferPointer(start: base + start, count: position &- start))
    }
}
