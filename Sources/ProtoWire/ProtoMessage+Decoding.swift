extension ProtoMessage {
    /// Decodes a message from its protobuf encoding.
    @inlinable
    public init(serializedBytes bytes: [UInt8]) throws(ProtoDecodingError) {
        self.init()
        try bytes.withUnsafeBufferPointer { (buffer) throws(ProtoDecodingError) in
            try merge(buffer)
        }
    }

    /// Decodes a message from its protobuf encoding.
    @inlinable
    public init(serializedBytes bytes: ArraySlice<UInt8>) throws(ProtoDecodingError) {
        self.init()
        try bytes.withUnsafeBufferPointer { (buffer) throws(ProtoDecodingError) in
            try merge(buffer)
        }
    }

    /// Decodes a message from its protobuf encoding.
    @inlinable
    public init(serializedBytes bytes: UnsafeRawBufferPointer) throws(ProtoDecodingError) {
        self.init()
        try merge(serializedBytes: bytes)
    }

    /// Merges an encoded message into this one: singular fields are replaced, repeated fields appended.
    @inlinable
    public mutating func merge(serializedBytes bytes: UnsafeRawBufferPointer) throws(ProtoDecodingError) {
        try bytes.withMemoryRebound(to: UInt8.self) { (buffer) throws(ProtoDecodingError) in
            try merge(buffer)
        }
    }

    @inlinable
    internal mutating func merge(_ buffer: UnsafeBufferPointer<UInt8>) throws(ProtoDecodingError) {
        if let base = buffer.baseAddress, !buffer.isEmpty {
            var reader = ProtoReader(base: base, count: buffer.count, maxDepth: ProtoReader.defaultRecursionLimit)
            try mergeFields(from: &reader)
        }
        guard isInitialized else { throw .missingRequiredFields }
    }

    /// Decodes fields up to the reader's current limit; an end-group tag there is an error.
    @inlinable
    internal mutating func mergeFields(from reader: inout ProtoReader) throws(ProtoDecodingError) {
        while reader.position < reader.limit {
            let start = reader.position
            let tag = try reader.readTag()
            if tag.wireType == .endGroup {
                throw .unexpectedGroupEnd(fieldNumber: tag.number)
            }
            if try !decodeField(tag, from: &reader) {
                try reader.skipUnknownField(tag, startingAt: start, into: &unknownFields)
            }
        }
    }

    /// Decodes fields of group `number` up to and including its end-group tag.
    @inlinable
    internal mutating func mergeGroupFields(from reader: inout ProtoReader, number: Int) throws(ProtoDecodingError) {
        while reader.position < reader.limit {
            let start = reader.position
            let tag = try reader.readTag()
            if tag.wireType == .endGroup {
                guard tag.number == number else {
                    throw .mismatchedGroupEnd(expected: number, found: tag.number)
                }
                return
            }
            if try !decodeField(tag, from: &reader) {
                try reader.skipUnknownField(tag, startingAt: start, into: &unknownFields)
            }
        }
        throw .unterminatedGroup(fieldNumber: number)
    }
}
