/// A scalar type allowed as a map key (integers, bool and string).
public protocol ProtoMapKeyType: ProtoFieldType where Value: Hashable {}
