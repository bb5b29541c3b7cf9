import Foundation

/// Runs the reference `protoc --encode` on the fixture schemas.
enum Protoc {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The protoc executable on PATH, or nil.
    static func find() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/protoc"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Writes the fixture .proto files into a fresh temporary directory and returns it.
    static func writeSchemas() throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("protowire-protoc-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, source) in ProtoSchemas.files {
            try source.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    /// `protoc --encode=messageType` of `text`, using the schemas in `directory`.
    static func encode(
        protoc: String, directory: URL, file: String, messageType: String, text: String
    ) throws -> [UInt8] {
        let result = try run(protoc, ["--proto_path=\(directory.path)", "--encode=\(messageType)", file], directory, Data(text.utf8))
        guard result.status == 0 else {
            throw Failure(description: "protoc --encode=\(messageType) failed: \(result.errors)")
        }
        return result.output
    }

    /// Whether `protoc --decode=messageType` accepts `bytes`.
    static func accepts(
        protoc: String, directory: URL, file: String, messageType: String, bytes: [UInt8]
    ) throws -> Bool {
        let result = try run(protoc, ["--proto_path=\(directory.path)", "--decode=\(messageType)", file], directory, Data(bytes))
        return result.status == 0
    }

    private static func run(
        _ executable: String, _ arguments: [String], _ directory: URL, _ input: Data
    ) throws -> (status: Int32, output: [UInt8], errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, [UInt8](output), String(decoding: errors, as: UTF8.self))
    }
}
