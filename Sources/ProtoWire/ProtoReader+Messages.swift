extension ProtoReader {
    /// Merges a length-delimited nested message into `message`, within its own limit and one level deeper.
    @inlinable
    internal mutating func mergeLengthDelimited<M: ProtoMessage>(_ message: inout M) throws(ProtoDecodingError) {
        let length = try readLength()
        try enterNesting()
        let outerLimit = limit
        limit = position &+ length
        try message.mergeFields(from: &self)
        limit = outerLimit
        leaveNesting()
    }

    /// Merges a group into `message` up to its end-group tag for field `number`, one level deeper.
    @inlinable
    internal mutating func mergeGroup<M: ProtoMessage>(_ message: inout M, number: Int) throws(ProtoDecodingError) {
        try enterNesting()
        try message.mergeGroupFields(from: &self, number: number)
        leaveNesting()
    }

    /// Merges a nested message field into `message`; false on a wire-type mismatch.
    @inlinable
    public mutating func readMessage<M: ProtoMessage>(
        _ message: inout M, tag: FieldTag
    ) throws(ProtoDecodingError) -> Bool {
        guard tag.wireType == .lengthDelimited else { return false }
        try mergeLengthDelimited(&message)
        return true
    }

    /// Merges a nested message field into an optional `message`, creating it if absent; false on a wire-type mismatch.
    @inlinable
    public mutating func readMessage<M: ProtoMessage>(
        _ message: inout M?, tag: FieldTag
    ) throws(ProtoDecodingError) -> Bool {
        guard tag.wireType == .lengthDelimited else { return false }
        var merged = message.take() ?? M()
        try mergeLengthDelimited(&merged)
        message = merged
        return true
    }

    /// Appends one element of a repeated message field; false on a wire-type mismatch.
    @inlinable
    public mutating func readRepeatedMessage<M: ProtoMessage>(
        _ messages: inout [M], tag: FieldTag
    ) throws(ProtoDecodingError) -> Bool {
        guard tag.wireType == .lengthDelimited else { return false }
        var message = M()
        try mergeLengthDelimited(&message)
        messages.append(message)
        return true
    }

    /// Merges a group field into `message`; false on a wire-type mismatch.
    @inlinable
    public mutating func readGroup<M: ProtoMessage>(
        _ message: inout M, tag: FieldTag
    ) throws(ProtoDecodingError) -> Bool {
        guard tag.wireType == .startGroup else { return false }
        try mergeGroup(&message, number: tag.number)
        return true
    }

    /// Merges a group field into an optional `message`, creating it if absent; false on a wire-type mismatch.
    @inlinable
    public mutating func readGroup<M: ProtoMessage>(
        _ message: inout M?, tag: FieldTag
    ) throws(ProtoDecodingError) -> Bool {
        guard tag.wireType == .startGroup else { return false }
        var merged = message.take() ?? M()
        try mergeGroup(&merged, number: tag.number)
        message = merged
        return true
    }

    /// Appends one element of a repeated group field; false on a wire-type mismatch.
    @inlinable
    public mutating func readRepeatedGroup<M: ProtoMessage>(
        _ messages: inout [M], tag: FieldTag
    ) throws(ProtoDecodingError) -> Bool {
        guard tag.wireType == .startGroup else { return false }
        var message = M()
        try mergeGroup(&message, number: tag.number)
        messages.append(message)
        return true
    }
}
