import GRPCCore
import Glibc
import HTTP2Transport
import Synchronization
import Testing

extension Codec where Message == [UInt8] {
    /// Messages are their bytes.
    static var bytes: Codec<[UInt8]> { Codec(serialize: { $0 }, deserialize: { $0 }, encodedSize: { $0.count }) }
}

/// What the handlers saw, for tests to look at.
final class WireProbe: Sendable {
    let deadline = Mutex<ContinuousClock.Instant?>(nil)
    let peer = Mutex<String>("")
    let peers = Mutex<Set<String>>([])
    let metadata = Mutex<Metadata>(Metadata())
    /// Bytes a slow reader has read.
    let readBytes = Atomic<Int>(0)
    /// Handlers that started.
    let started = Atomic<Int>(0)
    /// Bytes the flooding handler has written (each write returned).
    let written = Atomic<Int>(0)
    /// Set by a client once it has read the flood's first message: the flood goes on only then,
    /// so that read takes one message, not everything a delayed reader finds buffered.
    let firstRead = Atomic<Bool>(false)
    /// Handlers of `Sleep` running now, and the most that ran at once.
    let inFlight = Atomic<Int>(0)
    let maxInFlight = Atomic<Int>(0)
    /// Bytes the test's client writer has written (it counts them here).
    let clientWritten = Atomic<Int>(0)
    /// How far the client writer was ahead of the slow sink when its pause ended.
    let aheadAtPause = Atomic<Int>(-1)
}

/// The methods wire tests call; messages are raw bytes. Paths are `/wire.Test/<Name>`.
struct WireService: RegistrableService {
    static let service = "wire.Test"
    static func method(_ name: String, _ kind: RPCKind) -> RPCMethod<[UInt8], [UInt8]> {
        RPCMethod(MethodDescriptor(service: service, method: name, kind: kind), requestCodec: .bytes, responseCodec: .bytes)
    }
    /// Echoes the request; `x-fail-code` (+ `x-fail-message-bin`, `x-fail-details-bin`) throws
    /// that status instead; `x-compress: gzip` compresses the response; `x-header-bytes` and
    /// `x-trailer-bytes` add a response header / trailer `x-big` with a value of that many bytes.
    static let unary = method("Unary", .unary)
    /// Writes the request back, then throws the `x-fail-code` status (after one message).
    static let failAfterOne = method("FailAfterOne", .serverStreaming)
    /// Writes "first" compressed with gzip, then "second" with compression switched off.
    static let switchCompression = method("SwitchCompression", .serverStreaming)
    /// Returns at once without reading requests (OK, no messages).
    static let ignore = method("Ignore", .bidiStreaming)
    /// Writes `x-count` messages of `x-size` bytes as fast as flow control allows.
    static let flood = method("Flood", .serverStreaming)
    /// Reads the first request, pauses `x-pause-ms`, then reads the rest, sleeping 1 ms every
    /// MiB; answers with the byte count.
    static let slowSink = method("SlowSink", .clientStreaming)

    /// Sleeps `x-sleep-ms`, then echoes the request; counts how many run at once.
    static let sleep = method("Sleep", .unary)

    let probe: WireProbe

    func register(with router: inout Router) {
        router.register(Self.unary, unary: { request, context in
            record(context)
            try fail(context)
            if context.requestMetadata.first("x-compress") == "gzip" { context.responseCompression = .gzip }
            if let n = Int(context.requestMetadata.first("x-header-bytes") ?? "") {
                try context.responseHeaders.add("x-big", String(repeating: "h", count: n))
            }
            if let n = Int(context.requestMetadata.first("x-trailer-bytes") ?? "") {
                try context.trailers.add("x-big", String(repeating: "t", count: n))
            }
            return request
        })
        router.register(Self.sleep, unary: { request, context in
            record(context)
            let now = probe.inFlight.add(1, ordering: .relaxed).newValue
            defer { probe.inFlight.subtract(1, ordering: .relaxed) }
            probe.maxInFlight.max(now, ordering: .relaxed)
            try await Task.sleep(for: .milliseconds(Int(context.requestMetadata.first("x-sleep-ms") ?? "") ?? 0))
            return request
        })
        router.register(Self.failAfterOne, serverStreaming: { request, writer, context in
            record(context)
            try await writer.write(request)
            try fail(context)
        })
        router.register(Self.switchCompression, serverStreaming: { _, writer, context in
            record(context)
            context.responseCompression = .gzip
            try await writer.write(Array("first first first first".utf8))
            context.responseCompression = .identity
            try await writer.write(Array("second".utf8))
        })
        router.register(Self.ignore, bidiStreaming: { _, _, context in
            record(context)
        })
        router.register(Self.flood, serverStreaming: { _, writer, context in
            record(context)
            let count = Int(context.requestMetadata.first("x-count") ?? "") ?? 0
            let size = Int(context.requestMetadata.first("x-size") ?? "") ?? 0
            let message = [UInt8](repeating: 7, count: size)
            for i in 0..<count {
                try await writer.write(message)
                probe.written.add(size, ordering: .relaxed)
                if i == 0 {
                    let until = ContinuousClock.now + .seconds(10)
                    while !probe.firstRead.load(ordering: .relaxed) && ContinuousClock.now < until {
                        try await Task.sleep(for: .milliseconds(1))
                    }
                }
            }
        })
        router.register(Self.slowSink, clientStreaming: { requests, context in
            record(context)
            let pause = Int(context.requestMetadata.first("x-pause-ms") ?? "") ?? 0
            var total = 0
            var sinceSleep = 0
            for try await r in requests {
                if total == 0 && pause > 0 {
                    try await Task.sleep(for: .milliseconds(pause))
                    probe.aheadAtPause.store(probe.clientWritten.load(ordering: .relaxed) - r.count, ordering: .relaxed)
                }
                total += r.count
                sinceSleep += r.count
                probe.readBytes.add(r.count, ordering: .relaxed)
                if sinceSleep >= 1 << 20 {
                    sinceSleep = 0
                    try await Task.sleep(for: .milliseconds(1))
                }
            }
            return Array(String(total).utf8)
        })
    }

    private func record(_ context: ServerContext) {
        probe.started.add(1, ordering: .relaxed)
        probe.deadline.withLock { $0 = context.deadline }
        probe.peer.withLock { $0 = context.peer }
        _ = probe.peers.withLock { $0.insert(context.peer) }
        probe.metadata.withLock { $0 = context.requestMetadata }
    }

    private func fail(_ context: ServerContext) throws {
        let md = context.requestMetadata
        guard let raw = md.first("x-fail-code"), let code = Int(raw).flatMap(StatusCode.init(rawValue:)) else { return }
        let message = md.firstBinary("x-fail-message-bin").map { String(decoding: $0, as: UTF8.self) } ?? ""
        throw RPCError(code, message, details: md.firstBinary("x-fail-details-bin"))
    }
}

/// Serves `WireService` on `address` (127.0.0.1, free port by default) while `body` runs.
func withWireServer<R: Sendable>(
    probe: WireProbe = WireProbe(),
    at address: SocketAddress = .tcp(host: "127.0.0.1", port: 0),
    maxReceiveMessageSize: Int = CallOptions.defaultMaxReceiveMessageSize,
    configuration: HTTP2Server.Configuration = HTTP2Server.Configuration(),
    _ body: @Sendable (SocketAddress) async throws -> R
) async throws -> R {
    let server = Server(services: [WireService(probe: probe)], maxReceiveMessageSize: maxReceiveMessageSize)
    return try await HTTP2Server(server, addresses: [address], configuration: configuration).serve { bound in try await body(bound[0]) }
}

/// A raw client connected to `address`, after the SETTINGS exchange.
func rawClient(_ address: SocketAddress) throws -> RawPeer {
    let peer = try RawPeer.connect(to: address)
    try peer.pump { p in p.frames.contains { $0.type == Frame.settings } }
    return peer
}

/// The gRPC status of a response: the last HEADERS of `stream` with END_STREAM.
func status(_ peer: RawPeer, _ stream: Int32) -> (code: Int?, frame: Frame?) {
    let last = peer.headerFrames(stream).last { $0.endStream }
    return (last?.header("grpc-status").flatMap(Int.init), last)
}

/// A temporary Unix socket path unique to this process and call.
func tempSocketPath(_ tag: String) -> String {
    "/tmp/grpc-mini-h2t-\(getpid())-\(tag)-\(pathCounter.add(1, ordering: .relaxed).newValue).sock"
}

private let pathCounter = Atomic<Int>(0)
