/// A decoded field key: the field number and the wire type of the value that follows.
@frozen
public struct FieldTag: Sendable, Hashable {
    /// The field number, in 1...536_870_911.
    public let number: Int
    /// The wire type of the value that follows the tag.
    public let wireType: WireType

    /// Creates a tag; `number` must be a valid field number.
    @inlinable
    public init(number: Int, wireType: WireType) {
        self.number = number
        self.wireType = wireType
    }

    /// The largest valid field number, 2^29 - 1.
    public static let maxFieldNumber = 536_870_911
}
