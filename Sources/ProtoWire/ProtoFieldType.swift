/// A protobuf scalar type (int32, string, ...): its Swift value type and its wire form.
public protocol ProtoFieldType {
    /// The Swift type that holds a value of this protobuf type.
    associatedtype Value: Sendable

    /// The wire type of a single (non-packed) value.
    static var wireType: WireType { get }

    /// The byte width of every value for fixed-width types, 0 when the size varies.
    static var fixedWidth: Int { get }

    /// The protobuf default value (zero, false, empty).
    static var defaultValue: Value { get }

    /// The size of `value` on the wire without its tag, length prefix included.
    static func encodedSize(of value: Value) -> Int

    /// Writes `value` without its tag.
    static func write(_ value: Value, to writer: inout ProtoWriter)

    /// Reads a value without its tag; `fieldNumber` names the field in errors.
    static func read(from reader: inout ProtoReader, fieldNumber: Int) throws(ProtoDecodingError) -> Value
}
