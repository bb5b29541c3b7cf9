/// Why a byte buffer is not a valid protobuf encoding.
public enum ProtoDecodingError: Error, Sendable, Equatable {
    /// The input ended inside a varint.
    case truncatedVarint
    /// A varint ran over ten bytes (its tenth byte still had the continuation bit).
    case varintTooLong
    /// The input ended inside a 4-byte fixed-width value.
    case truncatedFixed32
    /// The input ended inside an 8-byte fixed-width value.
    case truncatedFixed64
    /// A length prefix pointed past the end of the enclosing message or buffer.
    case lengthPastEnd(length: UInt64, available: Int)
    /// A tag carried wire type 6 or 7, which do not exist.
    case invalidWireType(UInt8)
    /// A tag carried field number 0 or one above 2^29 - 1.
    case invalidFieldNumber(UInt64)
    /// A string field held bytes that are not valid UTF-8.
    case invalidUTF8(fieldNumber: Int)
    /// A group was closed by an end-group tag with a different field number.
    case mismatchedGroupEnd(expected: Int, found: Int)
    /// An end-group tag appeared outside any group.
    case unexpectedGroupEnd(fieldNumber: Int)
    /// The input ended before the end-group tag of an open group.
    case unterminatedGroup(fieldNumber: Int)
    /// Messages and groups were nested deeper than the recursion limit.
    case nestingTooDeep(limit: Int)
    /// A proto2 `required` field was absent from the message or one nested in it.
    case missingRequiredFields
}
