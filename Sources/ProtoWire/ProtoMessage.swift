/// A protobuf message: a value type whose generated or hand-written conformance sizes, writes and reads its fields.
public protocol ProtoMessage: Sendable, Equatable {
    /// Creates a message with every field at its default value.
    init()

    /// Fields read from the wire that this type does not know; encoded after the known fields.
    var unknownFields: UnknownFields { get set }

    /// Returns the encoded size of this message's fields, recording nested lengths in `sizer`.
    func encodedSize(in sizer: inout ProtoSizer) -> Int

    /// Writes this message's fields in the same order `encodedSize(in:)` measured them.
    func encode(to writer: inout ProtoWriter)

    /// Decodes the value of one field if this type knows it; returns false without reading to keep it as unknown.
    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool

    /// Whether every proto2 `required` field, here and in nested messages, is set.
    var isInitialized: Bool { get }
}

extension ProtoMessage {
    /// True: a message type without required fields is always initialized.
    @inlinable
    public var isInitialized: Bool { true }

    /// Returns a message built by `populator` from the default message.
    @inlinable
    public static func with(_ populator: (inout Self) throws -> Void) rethrows -> Self {
        var message = Self()
        try populator(&message)
        return message
    }
}
