extension ProtoSizer {
    /// The size of `message` as length-delimited field `field`; records its length for the writer.
    @inlinable
    public mutating func sizeMessage<M: ProtoMessage>(_ message: M, field: Int) -> Int {
        let slot = reserveLength()
        let length = message.encodedSize(in: &self)
        recordLength(length, at: slot)
        return Varint.tagSize(field) &+ Varint.lengthDelimitedSize(length)
    }

    /// The size of `messages` written as one field `field` each.
    @inlinable
    public mutating func sizeRepeatedMessage<M: ProtoMessage>(_ messages: [M], field: Int) -> Int {
        var total = 0
        for message in messages {
            total &+= sizeMessage(message, field: field)
        }
        return total
    }

    /// The size of `message` as group field `field` (start tag, fields, end tag).
    @inlinable
    public mutating func sizeGroup<M: ProtoMessage>(_ message: M, field: Int) -> Int {
        2 &* Varint.tagSize(field) &+ message.encodedSize(in: &self)
    }

    /// The size of `messages` written as one group field `field` each.
    @inlinable
    public mutating func sizeRepeatedGroup<M: ProtoMessage>(_ messages: [M], field: Int) -> Int {
        var total = 0
        for message in messages {
            total &+= sizeGroup(message, field: field)
        }
        return total
    }
}
