import WellKnownTypes

/// How one protobuf scalar type appears in Swift and in ProtoWire.
struct ScalarKind {
    /// The Swift value type.
    let swiftType: String
    /// The ProtoWire codec type.
    let codec: String
    /// The zero value as a Swift expression.
    let zero: String
    /// Whether repeated fields of this type may be packed.
    let packable: Bool

    /// The scalar kind of a field type, nil for enums, messages and groups.
    static func of(_ type: Google_Protobuf_FieldDescriptorProto.TypeEnum) -> ScalarKind? {
        switch type {
        case .double: ScalarKind(swiftType: "Swift.Double", codec: "ProtoDouble", zero: "0", packable: true)
        case .float: ScalarKind(swiftType: "Swift.Float", codec: "ProtoFloat", zero: "0", packable: true)
        case .int64: ScalarKind(swiftType: "Swift.Int64", codec: "ProtoInt64", zero: "0", packable: true)
        case .uint64: ScalarKind(swiftType: "Swift.UInt64", codec: "ProtoUInt64", zero: "0", packable: true)
        case .int32: ScalarKind(swiftType: "Swift.Int32", codec: "ProtoInt32", zero: "0", packable: true)
        case .fixed64: ScalarKind(swiftType: "Swift.UInt64", codec: "ProtoFixed64", zero: "0", packable: true)
        case .fixed32: ScalarKind(swiftType: "Swift.UInt32", codec: "ProtoFixed32", zero: "0", packable: true)
        case .bool: ScalarKind(swiftType: "Swift.Bool", codec: "ProtoBool", zero: "false", packable: true)
        case .string: ScalarKind(swiftType: "Swift.String", codec: "ProtoString", zero: "\"\"", packable: false)
        case .bytes: ScalarKind(swiftType: "[Swift.UInt8]", codec: "ProtoBytes", zero: "[]", packable: false)
        case .uint32: ScalarKind(swiftType: "Swift.UInt32", codec: "ProtoUInt32", zero: "0", packable: true)
        case .sfixed32: ScalarKind(swiftType: "Swift.Int32", codec: "ProtoSFixed32", zero: "0", packable: true)
        case .sfixed64: ScalarKind(swiftType: "Swift.Int64", codec: "ProtoSFixed64", zero: "0", packable: true)
        case .sint32: ScalarKind(swiftType: "Swift.Int32", codec: "ProtoSInt32", zero: "0", packable: true)
        case .sint64: ScalarKind(swiftType: "Swift.Int64", codec: "ProtoSInt64", zero: "0", packable: true)
        case .group, .message, .enum: nil
        }
    }

    /// The Swift condition that a value `v` of this type differs from zero (so an implicit-presence field is written).
    func nonZero(_ v: String) -> String {
        switch codec {
        case "ProtoBool": v
        case "ProtoString", "ProtoBytes": "!\(v).isEmpty"
        case "ProtoDouble", "ProtoFloat": "\(v).bitPattern != 0"
        default: "\(v) != 0"
        }
    }
}
