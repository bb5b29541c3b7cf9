import GRPCCore
import HTTP2Transport
import Testing

/// Per-message compression as the interop cases check it: a client that compresses some
/// requests of a compressed call and not others, and the compressed flag of each message as
/// received, recorded on the server (`recordsRequestCompression`) and on the client
/// (`CallOptions.recordsMessageCompression`).
@Suite struct CompressionFlagTests {
    static let collect = RPCMethod(
        MethodDescriptor(service: "flags.Test", method: "Collect", kind: .clientStreaming),
        requestCodec: .bytes, responseCodec: .bytes)
    static let alternate = RPCMethod(
        MethodDescriptor(service: "flags.Test", method: "Alternate", kind: .serverStreaming),
        requestCodec: .bytes, responseCodec: .bytes)

    /// `Collect` answers with one byte per request: 1 if it arrived compressed, 0 if not
    /// (none at all if nothing was recorded). `Alternate` sends gzip, identity, gzip.
    struct FlagService: RegistrableService {
        func register(with router: inout Router) {
            router.register(CompressionFlagTests.collect, clientStreaming: { requests, context in
                var count = 0
                for try await _ in requests { count += 1 }
                let flags = context.requestCompressedFlags
                guard flags.isEmpty || flags.count == count else {
                    throw RPCError(.internal, "\(flags.count) flags for \(count) requests")
                }
                return flags.map { $0 ? 1 : 0 }
            })
            router.register(CompressionFlagTests.alternate, serverStreaming: { request, writer, context in
                for i in 0..<3 {
                    context.responseCompression = i % 2 == 0 ? .gzip : .identity
                    try await writer.write(request)
                }
            })
        }
    }

    static let body = [UInt8](repeating: 7, count: 1000)

    func serve<R: Sendable>(recording: Bool, _ body: @Sendable (Client) async throws -> R) async throws -> R {
        var configuration = HTTP2Server.Configuration()
        configuration.recordsRequestCompression = recording
        let server = HTTP2Server(Server(services: [FlagService()]), addresses: [.tcp(host: "127.0.0.1", port: 0)],
                                 configuration: configuration)
        return try await server.serve { bound in
            let channel = HTTP2Channel(target: bound[0])
            defer { channel.close() }
            return try await body(Client(channel: channel))
        }
    }

    @Test func aClientCompressesOnlyTheRequestsItAsksToAndTheServerSeesWhich() async throws {
        let flags = try await serve(recording: true) { client in
            try await client.clientStreaming(method: Self.collect, options: CallOptions(compression: .gzip)) { writer in
                try await writer.write(Self.body, compressed: true)
                try await writer.write(Self.body, compressed: false)
                try await writer.write(Self.body)
            }.message
        }
        #expect(flags == [1, 0, 1])
    }

    @Test func uncompressedCallsRecordNoCompressedRequest() async throws {
        let flags = try await serve(recording: true) { client in
            try await client.clientStreaming(method: Self.collect) { writer in
                try await writer.write(Self.body, compressed: true)  // nothing to compress with
                try await writer.write(Self.body)
            }.message
        }
        #expect(flags == [0, 0])
    }

    @Test func aServerRecordsNothingUnlessConfiguredTo() async throws {
        let flags = try await serve(recording: false) { client in
            try await client.clientStreaming(method: Self.collect, options: CallOptions(compression: .gzip)) { writer in
                try await writer.write(Self.body)
            }.message
        }
        #expect(flags == [])
    }

    @Test(arguments: [true, false])
    func aClientRecordsTheFlagOfEachResponseWhenAsked(_ recording: Bool) async throws {
        let (count, flags) = try await serve(recording: false) { client in
            var options = CallOptions()
            options.recordsMessageCompression = recording
            return try await client.serverStreaming(Self.body, method: Self.alternate, options: options) { response in
                var count = 0
                for try await m in response.messages {
                    #expect(m == Self.body)
                    count += 1
                }
                return (count, response.head.compressedMessageFlags)
            }
        }
        #expect(count == 3)
        #expect(flags == (recording ? [true, false, true] : []))
    }
}
