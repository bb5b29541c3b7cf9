// The server the hostile-peer suite (Tests/Hostile/hostile.py) attacks: a few methods over
// HTTP/2 on 127.0.0.1, a free port printed as "PORT <n>" once it listens.
//
//   hostile-test-server [--handshake-timeout-ms N]
import GRPCCore
import Glibc
import HTTP2Transport
import Synchronization
import WellKnownTypes

extension Codec where Message == [UInt8] {
    /// Messages are their bytes.
    static var bytes: Codec<[UInt8]> { Codec(serialize: { $0 }, deserialize: { $0 }, encodedSize: { $0.count }) }
}

/// Handlers running now, for `Stats`: a call the peer reset or dropped must not leave one behind.
let liveHandlers = Atomic<Int>(0)

/// Counts a handler for as long as `body` runs.
func counted<T>(_ body: () async throws -> T) async rethrows -> T {
    liveHandlers.add(1, ordering: .relaxed)
    defer { liveHandlers.subtract(1, ordering: .relaxed) }
    return try await body()
}

/// The methods, under `/hostile.Test/<Name>`.
struct HostileService: RegistrableService {
    static func method(_ name: String, _ kind: RPCKind) -> RPCMethod<[UInt8], [UInt8]> {
        RPCMethod(MethodDescriptor(service: "hostile.Test", method: name, kind: kind), requestCodec: .bytes, responseCodec: .bytes)
    }
    /// Echoes the request.
    static let unary = method("Unary", .unary)
    /// Echoes every request of a bidirectional stream.
    static let echo = method("Echo", .bidiStreaming)
    /// Writes a message of `x-size` bytes (default 16) every `x-interval-ms` (default 10)
    /// until the call ends.
    static let ticks = method("Ticks", .serverStreaming)
    /// Answers with the number of handlers running (decimal ASCII), this one excluded.
    static let stats = method("Stats", .unary)
    /// A protobuf method: StringValue in, StringValue out (the value echoed).
    static let proto = RPCMethod<Google_Protobuf_StringValue, Google_Protobuf_StringValue>(
        MethodDescriptor(service: "hostile.Test", method: "Proto", kind: .unary), requestCodec: .protobuf, responseCodec: .protobuf)

    func register(with router: inout Router) {
        router.register(Self.unary, unary: { request, _ in
            await counted { request }
        })
        router.register(Self.echo, bidiStreaming: { requests, writer, _ in
            try await counted {
                for try await r in requests { try await writer.write(r) }
            }
        })
        router.register(Self.ticks, serverStreaming: { _, writer, context in
            try await counted {
                let size = Int(context.requestMetadata.first("x-size") ?? "") ?? 16
                let interval = Int(context.requestMetadata.first("x-interval-ms") ?? "") ?? 10
                let message = [UInt8](repeating: 0x54, count: size)
                while true {
                    try await writer.write(message)
                    if interval > 0 { try await Task.sleep(for: .milliseconds(interval)) }
                }
            }
        })
        router.register(Self.stats, unary: { _, _ in
            Array(String(liveHandlers.load(ordering: .relaxed)).utf8)
        })
        router.register(Self.proto, unary: { request, _ in
            await counted { request }
        })
    }
}

var configuration = HTTP2Server.Configuration()
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    switch flag {
    case "--handshake-timeout-ms":
        guard let ms = arguments.popFirst().flatMap(Int.init) else { fatalError("--handshake-timeout-ms needs a number") }
        configuration.handshakeTimeout = .milliseconds(ms)
    default:
        fatalError("unknown argument \(flag)")
    }
}

let server = HTTP2Server(Server(services: [HostileService()]), addresses: [.tcp(host: "127.0.0.1", port: 0)],
                         configuration: configuration)
try await server.run { bound in
    if case .tcp(_, let port) = bound[0] { print("PORT \(port)") }
    fflush(nil)  // all streams: the suite waits for this line
}
