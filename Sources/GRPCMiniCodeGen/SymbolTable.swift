import WellKnownTypes

/// Every message and enum of a request, by fully qualified proto name (`.pkg.Msg`), with its Swift name.
final class SymbolTable {
    /// A message or enum type.
    final class TypeEntry {
        let protoName: String
        let swiftName: String
        let file: Google_Protobuf_FileDescriptorProto
        let message: Google_Protobuf_DescriptorProto?
        let enumType: Google_Protobuf_EnumDescriptorProto?
        /// The path of the type in its file's SourceCodeInfo.
        let sourcePath: [Int32]
        var enumModel: EnumModel?

        init(
            protoName: String, swiftName: String, file: Google_Protobuf_FileDescriptorProto,
            message: Google_Protobuf_DescriptorProto?, enumType: Google_Protobuf_EnumDescriptorProto?, sourcePath: [Int32]
        ) {
            self.protoName = protoName
            self.swiftName = swiftName
            self.file = file
            self.message = message
            self.enumType = enumType
            self.sourcePath = sourcePath
        }

        /// Whether the defining file is proto3 (open enums, packed repeated scalars).
        var isProto3: Bool { file.syntax == "proto3" }
        /// Whether this is an enum whose unnamed values go to unknown fields.
        var isClosedEnum: Bool { enumType != nil && !isProto3 }
        /// Whether this is a synthesized map entry message.
        var isMapEntry: Bool { message?.options.mapEntry == true }
    }

    private(set) var types: [String: TypeEntry] = [:]
    private var swiftNames: [String: String] = [:]
    /// Files by name.
    private(set) var files: [String: Google_Protobuf_FileDescriptorProto] = [:]

    init(files all: [Google_Protobuf_FileDescriptorProto]) throws(GeneratorError) {
        for file in all {
            files[file.name] = file
            let prefix = Naming.typePrefix(
                package: file.package, swiftPrefix: file.options.hasSwiftPrefix ? file.options.swiftPrefix : nil)
            let scope = file.package.isEmpty ? "" : "." + file.package
            for (i, m) in file.messageType.enumerated() {
                try addMessage(m, protoScope: scope, swiftScope: nil, prefix: prefix, file: file, path: [4, Int32(i)])
            }
            for (i, e) in file.enumType.enumerated() {
                try addEnum(e, protoScope: scope, swiftScope: nil, prefix: prefix, file: file, path: [5, Int32(i)])
            }
        }
    }

    private func register(_ entry: TypeEntry) throws(GeneratorError) {
        if let other = swiftNames[entry.swiftName] {
            throw GeneratorError(
                "\(entry.file.name): \(entry.protoName.dropFirst()) and \(other.dropFirst()) both map to the Swift type \(entry.swiftName); set option swift_prefix to tell them apart")
        }
        swiftNames[entry.swiftName] = entry.protoName
        types[entry.protoName] = entry
    }

    private func addMessage(
        _ m: Google_Protobuf_DescriptorProto, protoScope: String, swiftScope: String?, prefix: String,
        file: Google_Protobuf_FileDescriptorProto, path: [Int32]
    ) throws(GeneratorError) {
        let protoName = protoScope + "." + m.name
        let swiftName = swiftScope.map { $0 + "." + Naming.sanitizeType(m.name, disambiguator: "Message") }
            ?? Naming.sanitizeType(prefix + m.name, disambiguator: "Message")
        try register(TypeEntry(protoName: protoName, swiftName: swiftName, file: file, message: m, enumType: nil, sourcePath: path))
        for (i, nested) in m.nestedType.enumerated() {
            try addMessage(nested, protoScope: protoName, swiftScope: swiftName, prefix: prefix, file: file, path: path + [3, Int32(i)])
        }
        for (i, e) in m.enumType.enumerated() {
            try addEnum(e, protoScope: protoName, swiftScope: swiftName, prefix: prefix, file: file, path: path + [4, Int32(i)])
        }
    }

    private func addEnum(
        _ e: Google_Protobuf_EnumDescriptorProto, protoScope: String, swiftScope: String?, prefix: String,
        file: Google_Protobuf_FileDescriptorProto, path: [Int32]
    ) throws(GeneratorError) {
        let protoName = protoScope + "." + e.name
        let swiftName = swiftScope.map { $0 + "." + Naming.sanitizeType(e.name, disambiguator: "Enum") }
            ?? Naming.sanitizeType(prefix + e.name, disambiguator: "Enum")
        let entry = TypeEntry(protoName: protoName, swiftName: swiftName, file: file, message: nil, enumType: e, sourcePath: path)
        entry.enumModel = try EnumModel(e, file: file)
        try register(entry)
    }

    /// The type a field or method refers to.
    func lookup(_ typeName: String, from file: String, element: String) throws(GeneratorError) -> TypeEntry {
        guard let entry = types[typeName] else {
            throw GeneratorError("\(file): \(element) refers to \(typeName), which no file of the request defines")
        }
        return entry
    }
}
