/// Word sets that decide how proto names are escaped in Swift.
enum SwiftKeywords {
    /// Keywords that may still be used as a member name inside backticks.
    static let quotable: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "protocol", "public", "static", "struct",
        "subscript", "typealias", "var", "break", "case", "continue", "default", "defer", "do", "else",
        "fallthrough", "for", "guard", "if", "in", "repeat", "return", "switch", "where", "while", "as",
        "Any", "catch", "false", "is", "nil", "rethrows", "super", "self", "Self", "throw", "throws", "true",
        "try", "await", "async", "consume", "borrowing", "consuming", "package", "some", "any", "nonisolated",
    ]

    /// Standard-library type names a generated type must not shadow.
    static let commonTypes: Set<String> = [
        "Bool", "Data", "Double", "Float", "Int", "Int8", "Int16", "Int32", "Int64", "String", "UInt", "UInt8",
        "UInt16", "UInt32", "UInt64", "Array", "Dictionary", "Optional", "Result", "Error", "Never", "Character",
    ]

    /// Names no generated type may take: keywords, stdlib and runtime names, members of every message.
    static let reservedTypeNames: Set<String> = quotable.union(commonTypes).union([
        "Type", "Protocol", "Swift", "Equatable", "Hashable", "Sendable", "CaseIterable",
        "ProtoWire", "GRPCCore", "isInitialized", "unknownFields", "debugDescription", "description",
        "dynamicType", "hashValue", "__COLUMN__", "__FILE__", "__FUNCTION__", "__LINE__",
    ])

    /// Member names a field property may not take (they clash with protocol or generated members).
    static let reservedFieldNames: Set<String> = commonTypes.union([
        "isInitialized", "unknownFields", "debugDescription", "description", "dynamicType", "hashValue",
        "init", "self", "Type", "Protocol", "encodedSize", "encode", "decodeField", "serializedBytes",
        "serializedSize", "with", "merge", "__COLUMN__", "__FILE__", "__FUNCTION__", "__LINE__",
    ])

    /// Enum case names that clash with enum members even in backticks.
    static let reservedEnumCases: Set<String> = [
        "allCases", "debugDescription", "description", "dynamicType", "hashValue", "init", "rawValue", "self",
        "protoValue", "UNRECOGNIZED",
    ]
}
