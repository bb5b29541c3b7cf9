import Foundation

/// Paths and child processes the plugin tests need.
enum TestSupport {
    /// The package root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The Python with `protobuf` installed by scripts/setup-crosscheck.sh, or `$CROSSCHECK_PYTHON`.
    static var python: String {
        ProcessInfo.processInfo.environment["CROSSCHECK_PYTHON"]
            ?? root.appending(path: ".build/crosscheck-venv/bin/python").path
    }

    /// The protoc-gen-grpc-mini built beside the test bundle.
    static var pluginPath: String {
        let dir = Bundle.main.executableURL?.deletingLastPathComponent() ?? root.appending(path: ".build/debug")
        return dir.appending(path: "protoc-gen-grpc-mini").path
    }

    /// Runs protoc with the built plugin registered as `protoc-gen-grpc-mini`.
    static func protoc(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await run("/usr/bin/protoc", ["--plugin=protoc-gen-grpc-mini=\(pluginPath)", "-I", "/usr/include"] + arguments)
    }

    /// Runs `body` on a thread of its own, so blocking work does not hold one of the few threads
    /// of the concurrency pool that other tests (deadlines, timers) need.
    static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Runs `executable` with `arguments` off the concurrency pool; returns its exit status and output.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], input: Data? = nil) async throws -> (status: Int32, output: String) {
        try await onOwnThread { try runBlocking(executable, arguments, input: input) }
    }

    /// Runs `executable` with `arguments`, blocking; returns its exit status and combined output.
    @discardableResult
    static func runBlocking(_ executable: String, _ arguments: [String], input: Data? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(input)
            try stdin.fileHandleForWriting.close()
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "protoc-plugin-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Reads a stream of varint-length-prefixed messages.
    static func readStream(_ url: URL) throws -> [[UInt8]] {
        let data = [UInt8](try Data(contentsOf: url))
        var items: [[UInt8]] = []
        var i = 0
        while i < data.count {
            var n = 0
            var shift = 0
            while true {
                let b = data[i]
                i += 1
                n |= Int(b & 0x7F) << shift
                shift += 7
                if b < 0x80 { break }
            }
            items.append(Array(data[i..<(i + n)]))
            i += n
        }
        return items
    }

    /// Writes a stream of varint-length-prefixed messages.
    static func writeStream(_ items: [[UInt8]], to url: URL) throws {
        var out: [UInt8] = []
        for item in items {
            var n = item.count
            while n >= 0x80 {
                out.append(UInt8(n & 0x7F) | 0x80)
                n >>= 7
            }
            out.append(UInt8(n))
            out += item
        }
        try Data(out).write(to: url)
    }
}

/// A small seeded generator (SplitMix64) so random messages are the same on every run.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
