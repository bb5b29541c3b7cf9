extension ProtoWriter {
    /// Writes field `field` holding `value` as protobuf type `T`.
    @inlinable
    public mutating func write<T: ProtoFieldType>(_ value: T.Value, as type: T.Type, field: Int) {
        writeTag(field, T.wireType)
        T.write(value, to: &self)
    }

    /// Writes every element of `values` as its own field `field` (unpacked encoding).
    @inlinable
    public mutating func writeRepeated<T: ProtoFieldType>(_ values: [T.Value], as type: T.Type, field: Int) {
        let tag = Varint.tag(field, T.wireType)
        for value in values {
            writeVarint(tag)
            T.write(value, to: &self)
        }
    }

    /// Writes `values` as one length-delimited packed field; writes nothing when empty.
    @inlinable
    public mutating func writePacked<T: ProtoPackableType>(_ values: [T.Value], as type: T.Type, field: Int) {
        guard !values.isEmpty else { return }
        let payload = T.fixedWidth > 0 ? values.count &* T.fixedWidth : nextLength()
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(payload))
        let start = position
        for value in values {
            T.write(value, to: &self)
        }
        checkWritten(payload, since: start)
    }
}
