extension ProtoWriter {
    /// Writes `message` as length-delimited field `field`, using the length the size pass recorded.
    @inlinable
    public mutating func writeMessage<M: ProtoMessage>(_ message: M, field: Int) {
        let length = nextLength()
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(length))
        let start = position
        message.encode(to: &self)
        checkWritten(length, since: start)
    }

    /// Writes each message of `messages` as its own field `field`.
    @inlinable
    public mutating func writeRepeatedMessage<M: ProtoMessage>(_ messages: [M], field: Int) {
        for message in messages {
            writeMessage(message, field: field)
        }
    }

    /// Writes `message` as group field `field` (start tag, fields, end tag).
    @inlinable
    public mutating func writeGroup<M: ProtoMessage>(_ message: M, field: Int) {
        writeTag(field, .startGroup)
        message.encode(to: &self)
        writeTag(field, .endGroup)
    }

    /// Writes each message of `messages` as its own group field `field`.
    @inlinable
    public mutating func writeRepeatedGroup<M: ProtoMessage>(_ messages: [M], field: Int) {
        for message in messages {
            writeGroup(message, field: field)
        }
    }
}
