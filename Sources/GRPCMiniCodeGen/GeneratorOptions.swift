/// The plugin's options, from `--grpc-mini_opt=Key=Value,...`.
public struct GeneratorOptions: Sendable, Equatable {
    /// Access level of generated declarations.
    public enum Visibility: String, Sendable { case `public`, `internal`, `package` }

    /// How an input path becomes an output path.
    public enum FileNaming: String, Sendable { case fullPath, pathToUnderscores, dropPath }

    /// Access level of generated declarations (default internal, as protoc-gen-swift).
    public var visibility: Visibility = .internal
    /// Whether `.pb.swift` files with messages and enums are written.
    public var messages = true
    /// Whether `.grpc.swift` files with service stubs are written.
    public var services = true
    /// How output files are named.
    public var fileNaming: FileNaming = .fullPath
    /// The module that holds the well-known types (`google/protobuf/*.proto`).
    public var wellKnownTypesModule = "WellKnownTypes"
    /// Modules that hold the types of other .proto files, by .proto path.
    public var protoPathModules: [String: String] = [:]
    /// Whether each `.pb.swift` embeds its file's serialized FileDescriptorProto (for reflection).
    public var fileDescriptors = false

    /// Default options.
    public init() {}

    /// Parses protoc's comma-separated `parameter`; unknown keys and bad values are errors.
    public init(parameter: String) throws(GeneratorError) {
        for item in parameter.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces() }
            let key = parts[0]
            let value = parts.count > 1 ? parts[1] : ""
            switch key.lowercased() {
            case "visibility":
                guard let v = Visibility(rawValue: value.lowercased()) else { throw bad(key, value) }
                visibility = v
            case "messages":
                guard let v = Self.bool(value) else { throw bad(key, value) }
                messages = v
            case "services":
                guard let v = Self.bool(value) else { throw bad(key, value) }
                services = v
            case "filenaming":
                switch value.lowercased() {
                case "fullpath": fileNaming = .fullPath
                case "pathtounderscores": fileNaming = .pathToUnderscores
                case "droppath": fileNaming = .dropPath
                default: throw bad(key, value)
                }
            case "filedescriptors":
                guard let v = Self.bool(value) else { throw bad(key, value) }
                fileDescriptors = v
            case "wellknowntypesmodule":
                wellKnownTypesModule = value
            case "protopathmodule":
                let pair = value.split(separator: ":", maxSplits: 1).map(String.init)
                guard pair.count == 2, !pair[0].isEmpty else { throw bad(key, value) }
                protoPathModules[pair[0]] = pair[1]
            default:
                throw GeneratorError("unknown option '\(key)' (known: Visibility, Messages, Services, FileNaming, FileDescriptors, WellKnownTypesModule, ProtoPathModule)")
            }
        }
    }

    private static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "", "true", "yes", "1": true
        case "false", "no", "0": false
        default: nil
        }
    }

    private func bad(_ key: String, _ value: String) -> GeneratorError {
        GeneratorError("bad value '\(value)' for option '\(key)'")
    }

    /// The Swift access modifier with a trailing space, empty for internal.
    var access: String {
        switch visibility {
        case .public: "public "
        case .internal: ""
        case .package: "package "
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
