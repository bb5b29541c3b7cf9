import GRPCCore
import Synchronization

/// The message of the test service: a text.
struct Echo: Sendable, Equatable {
    var text: String
}

extension Codec where Message == Echo {
    /// UTF-8 text as the wire form; the size is known without encoding.
    static var echo: Codec<Echo> {
        Codec(
            serialize: { Array($0.text.utf8) },
            deserialize: { Echo(text: String(decoding: $0, as: UTF8.self)) },
            encodedSize: { $0.text.utf8.count })
    }
}

/// What a test can observe of the handlers from outside.
final class Probe: Sendable {
    /// Handlers running now.
    let live = Atomic<Int>(0)
    /// Handlers that saw their task cancelled or a write refused.
    let cancelled = Atomic<Int>(0)
    /// Messages the last streaming handler managed to write.
    let written = Atomic<Int>(0)
    /// Handlers that started.
    let started = Atomic<Int>(0)
    /// Handlers that returned normally.
    let completed = Atomic<Int>(0)
    /// The deadline the last handler saw.
    let sawDeadline = Mutex<ContinuousClock.Instant?>(nil)
    /// The peer the last handler saw.
    let sawPeer = Mutex<String>("")
    /// The request metadata the last handler saw.
    let sawMetadata = Mutex<Metadata>(Metadata())
}

/// The four call kinds of the conformance suite, steered by request metadata:
/// `x-fail-code` (+ `x-fail-message-bin` in UTF-8, `x-fail-details-bin`) makes the handler throw that
/// status; `x-sleep-ms` makes it sleep first; `x-count` sets how many messages `Expand`
/// and `Update` send (`Update` then ignores its requests); `x-size` pads each response.
struct EchoService: RegistrableService {
    static let service = "grpcmini.test.Echo"
    static let get = RPCMethod(MethodDescriptor(service: service, method: "Get", kind: .unary), requestCodec: .echo, responseCodec: .echo)
    static let expand = RPCMethod(MethodDescriptor(service: service, method: "Expand", kind: .serverStreaming), requestCodec: .echo, responseCodec: .echo)
    static let collect = RPCMethod(MethodDescriptor(service: service, method: "Collect", kind: .clientStreaming), requestCodec: .echo, responseCodec: .echo)
    static let update = RPCMethod(MethodDescriptor(service: service, method: "Update", kind: .bidiStreaming), requestCodec: .echo, responseCodec: .echo)

    let probe: Probe

    init(probe: Probe = Probe()) { self.probe = probe }

    func register(with router: inout Router) {
        router.register(Self.get, unary: { request, context in
            try await self.tracked(context) {
                try await self.prelude(context)
                try self.epilogue(context)
                return Echo(text: request.text)
            }
        })
        router.register(Self.expand, serverStreaming: { request, writer, context in
            try await self.tracked(context) {
                try await self.prelude(context)
                let count = Int(context.requestMetadata.first("x-count") ?? "") ?? 0
                let size = Int(context.requestMetadata.first("x-size") ?? "") ?? 0
                // Words are made one at a time: a million of them up front would hold a thread
                // for seconds, whatever happens to the call.
                let split = request.text.split(separator: " ")
                for i in 0..<(count > 0 ? count : split.count) {
                    let w = count > 0 ? "\(request.text)\(i)" : String(split[i])
                    let text = size > w.utf8.count ? w + String(repeating: ".", count: size - w.utf8.count) : w
                    try await writer.write(Echo(text: text))
                    self.probe.written.add(1, ordering: .relaxed)
                }
                try self.epilogue(context)
            }
        })
        router.register(Self.collect, clientStreaming: { requests, context in
            try await self.tracked(context) {
                try await self.prelude(context)
                var texts: [String] = []
                for try await r in requests { texts.append(r.text) }
                try self.epilogue(context)
                return Echo(text: texts.joined(separator: " "))
            }
        })
        router.register(Self.update, bidiStreaming: { requests, writer, context in
            try await self.tracked(context) {
                try await self.prelude(context)
                if let count = Int(context.requestMetadata.first("x-count") ?? "") {
                    // Answers without reading a single request.
                    for i in 0..<count { try await writer.write(Echo(text: "\(i)")) }
                    return
                }
                for try await r in requests {
                    try await writer.write(Echo(text: "echo: \(r.text)"))
                }
                try self.epilogue(context)
            }
        })
    }

    /// Counts the handler while it runs and records whether it was cancelled.
    private func tracked<T>(_ context: ServerContext, _ body: () async throws -> T) async throws -> T {
        probe.started.add(1, ordering: .relaxed)
        probe.live.add(1, ordering: .relaxed)
        defer { probe.live.subtract(1, ordering: .relaxed) }
        probe.sawDeadline.withLock { $0 = context.deadline }
        probe.sawMetadata.withLock { $0 = context.requestMetadata }
        probe.sawPeer.withLock { $0 = context.peer }
        do {
            let result = try await body()
            probe.completed.add(1, ordering: .relaxed)
            return result
        } catch {
            if Task.isCancelled || error is CancellationError
                || (error as? RPCError).map({ $0.code == .cancelled || $0.code == .deadlineExceeded }) == true
            {
                probe.cancelled.add(1, ordering: .relaxed)
            }
            throw error
        }
    }

    /// Fails at once for `x-fail-early`; else sets the headers and trailers every call sends,
    /// then sleeps for `x-sleep-ms`.
    private func prelude(_ context: ServerContext) async throws {
        if context.requestMetadata.first("x-fail-early") != nil { try epilogue(context) }
        var headers = context.responseHeaders
        try headers.add("x-header", "from-server")
        context.responseHeaders = headers
        var trailers = context.trailers
        try trailers.add("x-trailer", "done")
        context.trailers = trailers
        if let ms = Int(context.requestMetadata.first("x-sleep-ms") ?? "") {
            try await Task.sleep(for: .milliseconds(ms))
        }
    }

    /// Throws the status named by `x-fail-code`, if any.
    private func epilogue(_ context: ServerContext) throws {
        let md = context.requestMetadata
        guard let raw = md.first("x-fail-code"), let code = Int(raw).flatMap(StatusCode.init(rawValue:)) else { return }
        var trailers = Metadata()
        try trailers.add("x-error-trailer", "yes")
        let message = md.firstBinary("x-fail-message-bin").map { String(decoding: $0, as: UTF8.self) } ?? ""
        throw RPCError(code, message, details: md.firstBinary("x-fail-details-bin"), trailers: trailers)
    }
}
