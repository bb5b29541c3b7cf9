extension ProtoSizer {
    /// The size of a scalar-valued map written as entry messages of field `field`.
    @inlinable
    public func sizeMap<K: ProtoMapKeyType, V: ProtoFieldType>(
        _ map: [K.Value: V.Value], key: K.Type, value: V.Type, field: Int
    ) -> Int {
        let tagSize = Varint.tagSize(field)
        var total = 0
        for (k, v) in map {
            let entryLength = 2 &+ K.encodedSize(of: k) &+ V.encodedSize(of: v)
            total &+= tagSize &+ Varint.lengthDelimitedSize(entryLength)
        }
        return total
    }

    /// The size of a message-valued map written as entry messages of field `field`; records entry and value lengths.
    @inlinable
    public mutating func sizeMessageMap<K: ProtoMapKeyType, M: ProtoMessage>(
        _ map: [K.Value: M], key: K.Type, field: Int
    ) -> Int {
        let tagSize = Varint.tagSize(field)
        var total = 0
        for (k, v) in map {
            let slot = reserveLength()
            let entryLength = 1 &+ K.encodedSize(of: k) &+ sizeMessage(v, field: 2)
            recordLength(entryLength, at: slot)
            total &+= tagSize &+ Varint.lengthDelimitedSize(entryLength)
        }
        return total
    }
}
