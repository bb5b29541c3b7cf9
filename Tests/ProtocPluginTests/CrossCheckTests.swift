import Foundation
import ProtoWire
import Testing
import WellKnownTypes

/// Generated messages against Python protobuf: Python's messages decoded and re-encoded by Swift,
/// Swift's decoded and re-encoded by Python, unknown fields through subsets, malformed bytes.
@Suite struct CrossCheckTests {
    @Test func pythonAndSwiftAgree() async throws {
        guard FileManager.default.isExecutableFile(atPath: TestSupport.python) else {
            Issue.record("no Python with protobuf at \(TestSupport.python); run scripts/setup-crosscheck.sh")
            return
        }
        // Blocking work (child processes, thousands of decodes) runs off the concurrency pool.
        let failures = try await TestSupport.onOwnThread { try CrossCheck().run() }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}

/// One cross-check run; returns the failures it found.
struct CrossCheck {
    static let seed = 20_240_601
    static let count = 2000

    func run() throws -> [String] {
        var failures: [String] = []
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let protos = TestSupport.root.appending(path: "Tests/ProtocPluginTests/Protos").path
        let set = dir.appending(path: "set.pb").path
        let protoc = try TestSupport.runBlocking(
            "/usr/bin/protoc", ["--include_imports", "-I", protos, "-I", "/usr/include", "-o", set, "proto3_all.proto", "proto2_all.proto"])
        guard protoc.status == 0 else { return ["protoc failed: \(protoc.output)"] }
        let script = TestSupport.root.appending(path: "Tests/ProtocPluginTests/crosscheck.py").path
        let gen = try TestSupport.runBlocking(TestSupport.python, [script, "gen", set, dir.path, "\(Self.seed)", "\(Self.count)"])
        guard gen.status == 0 else { return ["crosscheck.py gen failed: \(gen.output)"] }

        var rng = RandomMessages(rng: SeededRandom(seed: UInt64(Self.seed)))
        let swift3 = (0..<Self.count).map { _ in rng.allTypes() }
        let swift2 = (0..<Self.count).map { _ in rng.allTypes2() }
        failures += try roundTrip(Grpcmini_Test3_AllTypes.self, "grpcmini.test3.AllTypes", dir: dir, subsets: [
            ("grpcmini.test3.AllTypesSubset", { try Grpcmini_Test3_AllTypesSubset(serializedBytes: $0).serializedBytes() }),
            ("grpcmini.test3.Empty3", { try Grpcmini_Test3_Empty3(serializedBytes: $0).serializedBytes() }),
        ], own: swift3)
        failures += try roundTrip(Grpcmini_Test2_AllTypes2.self, "grpcmini.test2.AllTypes2", dir: dir, subsets: [
            ("grpcmini.test2.AllTypes2Subset", { try Grpcmini_Test2_AllTypes2Subset(serializedBytes: $0).serializedBytes() }),
        ], own: swift2)

        let check = try TestSupport.runBlocking(TestSupport.python, [script, "check", set, dir.path])
        let comparisons = 3 * originalsCount(dir, "grpcmini.test3.AllTypes") + 2 * originalsCount(dir, "grpcmini.test2.AllTypes2")
        if check.status != 0 || !check.output.contains("crosscheck: \(comparisons) comparisons, 0 mismatches") {
            failures.append("crosscheck.py check: \(check.output)")
        }

        // Swift -> Python -> Swift: Python's re-encoding decodes to the message Swift made.
        let back3 = try TestSupport.readStream(dir.appending(path: "grpcmini.test3.AllTypes.swiftgen.py.bin"))
        let back2 = try TestSupport.readStream(dir.appending(path: "grpcmini.test2.AllTypes2.swiftgen.py.bin"))
        if back3.count != swift3.count || back2.count != swift2.count { failures.append("Python returned a different number of messages") }
        for (i, (bytes, original)) in zip(back3, swift3).enumerated() where try Grpcmini_Test3_AllTypes(serializedBytes: bytes) != original {
            failures.append("AllTypes #\(i): Swift -> Python -> Swift changed the message")
        }
        for (i, (bytes, original)) in zip(back2, swift2).enumerated() where try Grpcmini_Test2_AllTypes2(serializedBytes: bytes) != original {
            failures.append("AllTypes2 #\(i): Swift -> Python -> Swift changed the message")
        }
        return failures
    }

    private func originalsCount(_ dir: URL, _ name: String) -> Int {
        (try? TestSupport.readStream(dir.appending(path: "\(name).py.bin")).count) ?? -1
    }

    /// Decodes Python's messages, writes Swift's re-encodings (whole and through `subsets`), Swift's own
    /// messages, and feeds damaged copies to the decoder.
    private func roundTrip<M: ProtoMessage>(
        _ type: M.Type, _ name: String, dir: URL, subsets: [(String, ([UInt8]) throws -> [UInt8])], own: [M]
    ) throws -> [String] {
        var failures: [String] = []
        let originals = try TestSupport.readStream(dir.appending(path: "\(name).py.bin"))
        if originals.count < Self.count { failures.append("\(name): only \(originals.count) messages from Python") }
        var reencoded: [[UInt8]] = []
        for (i, bytes) in originals.enumerated() {
            let message = try M(serializedBytes: bytes)
            let again = message.serializedBytes()
            if again.count != message.serializedSize { failures.append("\(name) #\(i): serializedSize disagrees with serializedBytes") }
            if try M(serializedBytes: again) != message { failures.append("\(name) #\(i): Swift's re-encoding decodes differently") }
            reencoded.append(again)
        }
        try TestSupport.writeStream(reencoded, to: dir.appending(path: "\(name).swift.bin"))
        for (subset, transform) in subsets {
            try TestSupport.writeStream(try originals.map(transform), to: dir.appending(path: "\(name).subset.\(subset).bin"))
        }
        try TestSupport.writeStream(own.map { $0.serializedBytes() }, to: dir.appending(path: "\(name).swiftgen.bin"))

        // Malformed input: truncations and flipped bytes decode or throw a ProtoDecodingError, never crash.
        var rng = SeededRandom(seed: 7)
        var rejected = 0
        for bytes in originals.prefix(500) where bytes.count > 1 {
            var damaged = bytes
            damaged.removeLast(Int.random(in: 1..<bytes.count, using: &rng))
            let i = Int.random(in: 0..<bytes.count, using: &rng)
            var flipped = bytes
            flipped[i] ^= UInt8.random(in: 1...255, using: &rng)
            for input in [damaged, flipped] {
                do {
                    let m = try M(serializedBytes: input)
                    _ = try M(serializedBytes: m.serializedBytes())
                } catch {
                    rejected += 1
                }
            }
        }
        if rejected == 0 { failures.append("\(name): no damaged input was rejected") }
        return failures
    }
}
