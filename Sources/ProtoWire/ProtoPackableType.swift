/// A scalar type whose repeated fields may use the packed encoding (varint and fixed-width types).
public protocol ProtoPackableType: ProtoFieldType {}
