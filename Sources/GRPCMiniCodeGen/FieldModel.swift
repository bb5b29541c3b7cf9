import WellKnownTypes

/// One field of a message as the generator emits it: names, Swift types, presence and wire form.
struct FieldModel {
    /// What the field holds.
    enum Kind {
        case scalar(ScalarKind)
        case enumType(SymbolTable.TypeEntry)
        case message(SymbolTable.TypeEntry)
        case group(SymbolTable.TypeEntry)
    }

    /// How many values the field holds.
    enum Shape {
        /// One value; `explicit` when it has presence (stored as an optional).
        case single(explicit: Bool)
        /// A list; `packed` when encoded as one length-delimited run.
        case repeated(packed: Bool)
        /// A map with scalar keys.
        case map(key: ScalarKind, value: Kind)
    }

    let descriptor: Google_Protobuf_FieldDescriptorProto
    let kind: Kind
    let shape: Shape
    /// The property name, escaped if needed.
    let name: String
    /// `hasX` and `clearX`.
    let hasName: String
    let clearName: String
    /// The stored property that holds the value (`_x` for explicit presence).
    let storedName: String
    /// Index of the real oneof this field is a member of.
    let oneofIndex: Int?
    /// The value the getter returns when unset.
    let defaultExpr: String
    /// The path of the field in its file's SourceCodeInfo.
    let sourcePath: [Int32]

    var number: Int { Int(descriptor.number) }
    var isRequired: Bool { descriptor.label == .required }

    /// The Swift type of one value (element type for lists).
    var valueType: String { Self.swiftType(kind) }

    /// The Swift type of the property.
    var propertyType: String {
        switch shape {
        case .single: valueType
        case .repeated: "[\(valueType)]"
        case .map(let key, let value): "[\(key.swiftType): \(Self.swiftType(value))]"
        }
    }

    /// The ProtoWire codec type of one value; nil for messages and groups.
    var codec: String? { Self.codec(kind) }

    static func swiftType(_ kind: Kind) -> String {
        switch kind {
        case .scalar(let s): s.swiftType
        case .enumType(let t), .message(let t), .group(let t): t.swiftName
        }
    }

    static func codec(_ kind: Kind) -> String? {
        switch kind {
        case .scalar(let s): "ProtoWire.\(s.codec)"
        case .enumType(let t): "ProtoWire.ProtoEnumType<\(t.swiftName)>"
        case .message, .group: nil
        }
    }

    /// The message type a field refers to, if any (map values included).
    var messageEntry: SymbolTable.TypeEntry? {
        switch shape {
        case .map(_, .message(let t)): return t
        case .map: return nil
        default:
            switch kind {
            case .message(let t), .group(let t): return t
            default: return nil
            }
        }
    }

    /// Whether the field holds a closed enum.
    var isClosedEnum: Bool {
        switch shape {
        case .map(_, .enumType(let t)): return t.isClosedEnum
        default:
            if case .enumType(let t) = kind { return t.isClosedEnum }
            return false
        }
    }
}
