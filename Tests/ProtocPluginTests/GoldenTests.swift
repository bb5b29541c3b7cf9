import Foundation
import Testing

/// protoc with the built plugin over small protos; the output must match the checked-in golden files.
/// Set UPDATE_GOLDEN=1 to rewrite them after a deliberate change.
@Suite struct GoldenTests {
    static let golden = TestSupport.root.appending(path: "Tests/ProtocPluginTests/Golden")

    @Test(arguments: ["hello", "legacy"])
    func generatedCodeMatchesGolden(_ name: String) async throws {
        let out = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try await TestSupport.protoc(["-I", Self.golden.path, "--grpc-mini_out=\(out.path)", "--grpc-mini_opt=Visibility=Public", "\(name).proto"])
        #expect(result.status == 0, "\(result.output)")
        for suffix in [".pb.swift", ".grpc.swift"] {
            let produced = try String(contentsOf: out.appending(path: name + suffix), encoding: .utf8)
            let expectedURL = Self.golden.appending(path: name + suffix + ".golden")
            if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
                try produced.write(to: expectedURL, atomically: true, encoding: .utf8)
            }
            let expected = try String(contentsOf: expectedURL, encoding: .utf8)
            #expect(produced == expected, "\(name + suffix) differs from its golden file")
        }
    }
}
