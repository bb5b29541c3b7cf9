extension ProtoWriter {
    /// Writes every entry of a scalar-valued map as an entry message of field `field` (key 1, value 2).
    @inlinable
    public mutating func writeMap<K: ProtoMapKeyType, V: ProtoFieldType>(
        _ map: [K.Value: V.Value], key: K.Type, value: V.Type, field: Int
    ) {
        let entryTag = Varint.tag(field, .lengthDelimited)
        for (k, v) in map {
            let entryLength = 2 &+ K.encodedSize(of: k) &+ V.encodedSize(of: v)
            writeVarint(entryTag)
            writeVarint(UInt64(entryLength))
            writeTag(1, K.wireType)
            K.write(k, to: &self)
            writeTag(2, V.wireType)
            V.write(v, to: &self)
        }
    }

    /// Writes every entry of a message-valued map as an entry message of field `field` (key 1, value 2).
    @inlinable
    public mutating func writeMessageMap<K: ProtoMapKeyType, M: ProtoMessage>(
        _ map: [K.Value: M], key: K.Type, field: Int
    ) {
        let entryTag = Varint.tag(field, .lengthDelimited)
        for (k, v) in map {
            let entryLength = nextLength()
            writeVarint(entryTag)
            writeVarint(UInt64(entryLength))
            let start = position
            writeTag(1, K.wireType)
            K.write(k, to: &self)
            writeMessage(v, field: 2)
            checkWritten(entryLength, since: start)
        }
    }
}
