import Foundation
import GRPCInteropProtos
import ProtoWire
import Testing
import WellKnownTypes

/// The `FileDescriptors` option: each file's FileDescriptorProto embedded as protoc saw it.
@Suite struct FileDescriptorTests {
    /// protoc's own FileDescriptorSet for `file` under `includePath`, with its imports, by file name.
    private func protocDescriptors(_ file: String, includePath: String) async throws -> [String: Google_Protobuf_FileDescriptorProto] {
        let dir = try TestSupport.temporaryDirectory()
        let out = dir.appending(path: "set.pb").path
        let r = try await TestSupport.protoc(["-I", includePath, "--include_imports", "--descriptor_set_out=\(out)", file])
        #expect(r.status == 0, "\(r.output)")
        let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: out))))
        return Dictionary(uniqueKeysWithValues: set.file.map { ($0.name, $0) })
    }

    @Test func embeddedInteropDescriptorsEqualProtocs() async throws {
        let expected = try await protocDescriptors("grpc/testing/test.proto", includePath: "/usr/share/grpc-proto")
        let embedded = Grpc_Testing_TestService.fileDescriptor.withTransitiveDependencies
        #expect(embedded.map(\.name) == ["grpc/testing/test.proto", "grpc/testing/empty.proto", "grpc/testing/messages.proto"])
        #expect(Set(expected.keys) == Set(embedded.map(\.name)))
        for file in embedded {
            let decoded = try Google_Protobuf_FileDescriptorProto(serializedBytes: file.serializedBytes)
            #expect(decoded == expected[file.name], "\(file.name)")
        }
        // Every service of a file shares the file's descriptor.
        #expect(Grpc_Testing_ReconnectService.fileDescriptor == Grpc_Testing_TestService.fileDescriptor)
        #expect(fileDescriptor_grpc_testing_messages_proto.dependencies.isEmpty)
    }

    @Test func transitiveDependenciesComeOnceFileFirst() {
        let d = ProtoFileDescriptor(name: "d.proto", serializedBytes: [1])
        let b = ProtoFileDescriptor(name: "b.proto", serializedBytes: [2], dependencies: [d])
        let c = ProtoFileDescriptor(name: "c.proto", serializedBytes: [3], dependencies: [d])
        let a = ProtoFileDescriptor(name: "a.proto", serializedBytes: [4], dependencies: [b, c])
        #expect(a.withTransitiveDependencies.map(\.name) == ["a.proto", "b.proto", "d.proto", "c.proto"])
        #expect(d.withTransitiveDependencies == [d])
    }

    /// Runs the plugin over `files` with `options` and returns the text of each output file.
    private func generate(_ files: [String: String], options: [String]) async throws -> (status: Int32, output: String, texts: [String: String]) {
        let dir = try TestSupport.temporaryDirectory()
        for (name, text) in files {
            let url = dir.appending(path: name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let out = dir.appending(path: "out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let r = try await TestSupport.protoc(
            ["-I", dir.path, "--grpc-mini_out=\(out.path)"]
                + options.map { "--grpc-mini_opt=\($0)" } + files.keys.sorted())
        var texts: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? [] {
            texts[name] = try String(contentsOf: out.appending(path: name), encoding: .utf8)
        }
        return (r.status, r.output, texts)
    }

    @Test func offByDefaultAndOnWhenAsked() async throws {
        let files = [
            "a/dep.proto": "syntax = \"proto3\"; package a; message D {}",
            "a/main.proto": "syntax = \"proto3\"; package a; import \"a/dep.proto\"; import \"google/protobuf/duration.proto\"; message M { D d = 1; google.protobuf.Duration t = 2; } service S { rpc Go(M) returns (D); }",
        ]
        let off = try await generate(files, options: ["FileNaming=DropPath"])
        #expect(off.status == 0, "\(off.output)")
        #expect(!off.texts.values.contains { $0.contains("ProtoFileDescriptor") })

        let on = try await generate(files, options: ["FileNaming=DropPath", "FileDescriptors=true"])
        #expect(on.status == 0, "\(on.output)")
        let main = try #require(on.texts["main.pb.swift"])
        // A file generated in the same run is linked; one from elsewhere (duration.proto) is embedded whole.
        #expect(main.contains(
            "let fileDescriptor_a_main_proto: ProtoWire.ProtoFileDescriptor = ProtoWire.ProtoFileDescriptor(name: \"a/main.proto\", serializedBytes: _bytes_fileDescriptor_a_main_proto, dependencies: [fileDescriptor_a_dep_proto, ProtoWire.ProtoFileDescriptor(name: \"google/protobuf/duration.proto\", serializedBytes: _bytes_fileDescriptor_google_protobuf_duration_proto, dependencies: [])])"
        ), "\(main)")
        #expect(main.contains("private let _bytes_fileDescriptor_google_protobuf_duration_proto: [Swift.UInt8] = ["))
        #expect(try #require(on.texts["main.grpc.swift"]).contains("static var fileDescriptor: ProtoWire.ProtoFileDescriptor { fileDescriptor_a_main_proto }"))
        #expect(try #require(on.texts["dep.pb.swift"]).contains("let fileDescriptor_a_dep_proto: ProtoWire.ProtoFileDescriptor"))
        #expect(try #require(on.texts["dep.grpc.swift"]).contains("declares no services"))
    }

    @Test func needsMessagesAndDistinctNames() async throws {
        let r = try await generate(["a.proto": "syntax = \"proto3\"; message A {}"], options: ["FileDescriptors=true", "Messages=false"])
        #expect(r.status != 0)
        #expect(r.output.contains("FileDescriptors=true needs Messages=true"), "\(r.output)")
        let clash = try await generate(
            ["a-b.proto": "syntax = \"proto3\"; package x; message A {}", "a_b.proto": "syntax = \"proto3\"; package y; message A {}"],
            options: ["FileDescriptors=true"])
        #expect(clash.status != 0)
        #expect(clash.output.contains("has the same name as that of"), "\(clash.output)")
        let bad = try await generate(["a.proto": "syntax = \"proto3\"; message A {}"], options: ["FileDescriptors=maybe"])
        #expect(bad.status != 0)
        #expect(bad.output.contains("bad value 'maybe' for option 'FileDescriptors'"), "\(bad.output)")
    }
}
