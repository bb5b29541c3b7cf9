// A SwiftPM build-tool plugin: generates Swift for every .proto file of a target with protoc and
// protoc-gen-grpc-mini, steered by a `grpc-mini-config.json` file in the target.
import Foundation
import PackagePlugin

@main
struct GRPCMiniGenerator: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        // `directoryURL` needs tools version 6.1; the package declares 6.0.
        let root = URL(fileURLWithPath: String(describing: target.directory))
        let configURL = root.appending(path: GeneratorConfig.fileName)
        let hasConfig = FileManager.default.fileExists(atPath: configURL.path)
        let config = try GeneratorConfig.load(configURL)
        let protos = target.sourceFiles(withSuffix: "proto").map(\.url).sorted { $0.path < $1.path }
        guard !protos.isEmpty else { return [] }
        let plugin = try context.tool(named: "protoc-gen-grpc-mini").url
        let protoc = try config.protocURL()
        let outputDir = context.pluginWorkDirectoryURL.appending(path: "GRPCMiniGenerated")
        var importPaths = [root.path]
        for p in config.importPaths {
            importPaths.append(p.hasPrefix("/") ? p : root.appending(path: p).path)
        }
        var options = ["FileNaming=PathToUnderscores", "Visibility=\(config.visibility)"]
        options.append("Messages=\(config.messages)")
        options.append("Services=\(config.services)")
        if let wkt = config.wellKnownTypesModule { options.append("WellKnownTypesModule=\(wkt)") }
        for (path, module) in (config.protoPathModules ?? [:]).sorted(by: { $0.key < $1.key }) {
            options.append("ProtoPathModule=\(path):\(module)")
        }

        return protos.map { proto in
            let relative = String(proto.path.dropFirst(root.path.count + 1))
            let base = String(relative.dropLast(".proto".count)).replacingOccurrences(of: "/", with: "_")
            var outputs: [URL] = []
            if config.messages { outputs.append(outputDir.appending(path: base + ".pb.swift")) }
            if config.services { outputs.append(outputDir.appending(path: base + ".grpc.swift")) }
            var arguments = ["--plugin=protoc-gen-grpc-mini=\(plugin.path)", "--grpc-mini_out=\(outputDir.path)"]
            arguments += options.map { "--grpc-mini_opt=\($0)" }
            arguments += importPaths.map { "--proto_path=\($0)" }
            arguments.append(proto.path)
            return .buildCommand(
                displayName: "Generating Swift for \(relative)",
                executable: protoc,
                arguments: arguments,
                inputFiles: [proto, plugin] + (hasConfig ? [configURL] : []),
                outputFiles: outputs)
        }
    }
}

/// The contents of `grpc-mini-config.json`; every key is optional.
struct GeneratorConfig: Decodable {
    static let fileName = "grpc-mini-config.json"

    var visibility = "internal"
    var messages = true
    var services = true
    var importPaths: [String] = []
    var protocPath: String?
    var wellKnownTypesModule: String?
    var protoPathModules: [String: String]?

    enum CodingKeys: String, CodingKey {
        case visibility, messages, services, importPaths, protocPath, wellKnownTypesModule, protoPathModules
    }

    init() {}

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        visibility = try c.decodeIfPresent(String.self, forKey: .visibility) ?? "internal"
        messages = try c.decodeIfPresent(Bool.self, forKey: .messages) ?? true
        services = try c.decodeIfPresent(Bool.self, forKey: .services) ?? true
        importPaths = try c.decodeIfPresent([String].self, forKey: .importPaths) ?? []
        protocPath = try c.decodeIfPresent(String.self, forKey: .protocPath)
        wellKnownTypesModule = try c.decodeIfPresent(String.self, forKey: .wellKnownTypesModule)
        protoPathModules = try c.decodeIfPresent([String: String].self, forKey: .protoPathModules)
    }

    /// Reads the config file; a target without one gets the defaults.
    static func load(_ url: URL) throws -> GeneratorConfig {
        guard FileManager.default.fileExists(atPath: url.path) else { return GeneratorConfig() }
        return try JSONDecoder().decode(GeneratorConfig.self, from: Data(contentsOf: url))
    }

    /// protoc: `protocPath` from the config, else `$PROTOC_PATH`, else the first `protoc` on `$PATH`.
    func protocURL() throws -> URL {
        if let protocPath { return URL(fileURLWithPath: protocPath) }
        let env = ProcessInfo.processInfo.environment
        if let path = env["PROTOC_PATH"], !path.isEmpty { return URL(fileURLWithPath: path) }
        for dir in (env["PATH"] ?? "/usr/local/bin:/usr/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appending(path: "protoc")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw GeneratorPluginError("protoc not found on PATH; install it (Debian: apt-get install protobuf-compiler) or set protocPath in \(Self.fileName)")
    }
}

struct GeneratorPluginError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
