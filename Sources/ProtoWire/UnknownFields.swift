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
}
