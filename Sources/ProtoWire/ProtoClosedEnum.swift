/// A closed (proto2) enum: a value it does not name is kept in unknown fields, not in the field.
public protocol ProtoClosedEnum: ProtoEnum {
    /// The case for a wire value, or nil when this enum does not name it.
    init?(knownValue: Int32)
}
