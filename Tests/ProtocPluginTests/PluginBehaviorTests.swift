import Foundation
import Testing

/// How the plugin answers protoc: options, errors that name the file and element, bad input.
@Suite struct PluginBehaviorTests {
    /// Writes `files` (name -> contents) into a fresh directory and runs protoc over them with `options`.
    private func generate(_ files: [String: String], options: [String] = []) async throws -> (status: Int32, output: String, dir: URL) {
        let dir = try TestSupport.temporaryDirectory()
        for (name, text) in files {
            let url = dir.appending(path: name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let out = dir.appending(path: "out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let result = try await TestSupport.protoc(
            ["-I", dir.path, "--grpc-mini_out=\(out.path)"] + options.map { "--grpc-mini_opt=\($0)" } + files.keys.sorted())
        return (result.status, result.output, out)
    }

    @Test func unknownOptionIsAnError() async throws {
        let r = try await generate(["a.proto": "syntax = \"proto3\"; message A {}"], options: ["Bogus=1"])
        #expect(r.status != 0)
        #expect(r.output.contains("unknown option 'Bogus'"))
    }

    @Test func typeNameCollisionNamesBothTypes() async throws {
        let r = try await generate([
            "a.proto": "syntax = \"proto3\"; package foo.bar; message Baz {}",
            "b.proto": "syntax = \"proto3\"; package foo; message Bar_Baz {}",
        ])
        #expect(r.status != 0)
        #expect(r.output.contains("b.proto: foo.Bar_Baz and foo.bar.Baz both map to the Swift type Foo_Bar_Baz"), "\(r.output)")
    }

    @Test func outputFileNameCollisionIsAnError() async throws {
        let r = try await generate(
            ["x/a.proto": "syntax = \"proto3\"; package x; message A {}", "y/a.proto": "syntax = \"proto3\"; package y; message A {}"],
            options: ["FileNaming=DropPath"])
        #expect(r.status != 0)
        #expect(r.output.contains("y/a.proto: its output a.pb.swift has the same file name as the output of x/a.proto"), "\(r.output)")
    }

    @Test func optionsSelectFilesAndNaming() async throws {
        let r = try await generate(
            ["sub/dir/a.proto": "syntax = \"proto3\"; package p; message A { optional int32 x = 1; }"],
            options: ["Services=false", "FileNaming=PathToUnderscores", "Visibility=Package"])
        #expect(r.status == 0, "\(r.output)")
        let files = try FileManager.default.contentsOfDirectory(atPath: r.dir.path)
        #expect(files == ["sub_dir_a.pb.swift"])
        let text = try String(contentsOf: r.dir.appending(path: "sub_dir_a.pb.swift"), encoding: .utf8)
        #expect(text.contains("package struct P_A: ProtoWire.ProtoMessage"))
        #expect(text.contains("package var hasX: Swift.Bool"))
    }

    @Test func messagesOnlyAndServicesOnly() async throws {
        let proto = "syntax = \"proto3\"; package p; message A {} service S { rpc M(A) returns (A); }"
        let messages = try await generate(["s.proto": proto], options: ["Services=false"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: messages.dir.path) == ["s.pb.swift"])
        let services = try await generate(["s.proto": proto], options: ["Messages=false"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: services.dir.path) == ["s.grpc.swift"])
    }

    @Test func wellKnownTypesComeFromTheirModule() async throws {
        let r = try await generate(["t.proto": "syntax = \"proto3\"; import \"google/protobuf/duration.proto\"; message T { google.protobuf.Duration d = 1; }"])
        #expect(r.status == 0, "\(r.output)")
        let text = try String(contentsOf: r.dir.appending(path: "t.pb.swift"), encoding: .utf8)
        #expect(text.contains("import WellKnownTypes"))
        #expect(text.contains("Google_Protobuf_Duration"))
    }

    @Test func outputIsDeterministic() async throws {
        let proto = try String(contentsOf: TestSupport.root.appending(path: "Tests/ProtocPluginTests/Protos/proto3_all.proto"), encoding: .utf8)
        let a = try await generate(["p.proto": proto])
        let b = try await generate(["p.proto": proto])
        #expect(try Data(contentsOf: a.dir.appending(path: "p.pb.swift")) == Data(contentsOf: b.dir.appending(path: "p.pb.swift")))
    }

    @Test func garbageOnStandardInputFailsCleanly() async throws {
        let r = try await TestSupport.run(TestSupport.pluginPath, [], input: Data([0xFF, 0xFF, 0xFF]))
        #expect(r.status == 1)
        #expect(r.output.contains("not a CodeGeneratorRequest"))
    }
}
