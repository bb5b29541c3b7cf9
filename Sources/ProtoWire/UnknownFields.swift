/// Fields a message type does not know, kept as their original bytes so they re-encode unchanged.
public struct UnknownFields: Sendable, Hashable {
    @usableFromInline
    internal var storage: [UInt8]

    /// Creates an empty set of unknown fields.
    @inlinable
    public init() {
        storage = []
    }

    /// The encoded fields, tags included, in the order they were read.
    @inlinable
    public var bytes: [UInt8] { storage }

    /// Whether no unknown field was kept.
    @inlinable
    public var isEmpty: Bool { storage.isEmpty }

    /// The number of encoded bytes kept.
    @inlinable
    public var count: Int { storage.count }

    /// Drops every kept field.
    @inlinable
    public mutating func removeAll() {
        storage.removeAll()
    }

    @usableFromInline
    internal mutating func append(_ raw: UnsafeRawBufferPointer) {
        storage.append(contentsOf: raw)
    }

    /// Appends varint field `field` holding `value` (how closed enums keep values they do not name).
    @inlinable
    public mutating func appendVarint(_ value: UInt64, field: Int) {
        appendRawVarint(Varint.tag(field, .varint))
        appendRawVarint(value)
    }

    /// Appends length-delimited field `field` holding `payload`.
    @inlinable
    public mutating func appendLengthDelimited(_ payload: UnsafeRawBufferPointer, field: Int) {
        appendRawVarint(Varint.tag(field, .lengthDelimited))
        appendRawVarint(UInt64(payload.count))
        storage.append(contentsOf: payload)
    }

    @inlinable
    internal mutating func appendRawVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            storage.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v &>>= 7
        }
        storage.append(UInt8(truncatingIfNeeded: v))
    }
}
