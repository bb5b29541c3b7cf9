import GRPCCore
import Synchronization

/// Handlers that do CPU work without ever suspending, checking `Task.isCancelled` as they go:
/// `x-work-ms` or `x-work-us` sets how long each piece of work lasts, `x-count` how many
/// messages `Stream` sends.
struct BusyService: RegistrableService {
    static let service = "grpcmini.test.Busy"
    /// Works, then echoes the request.
    static let work = RPCMethod(MethodDescriptor(service: service, method: "Work", kind: .unary), requestCodec: .echo, responseCodec: .echo)
    /// Works before each of its `x-count` messages.
    static let stream = RPCMethod(MethodDescriptor(service: service, method: "Stream", kind: .serverStreaming), requestCodec: .echo, responseCodec: .echo)
    /// Writes "first", works, then writes "second".
    static let tick = RPCMethod(MethodDescriptor(service: service, method: "Tick", kind: .serverStreaming), requestCodec: .echo, responseCodec: .echo)
    /// Works before its first read, then echoes every request.
    static let chat = RPCMethod(MethodDescriptor(service: service, method: "Chat", kind: .bidiStreaming), requestCodec: .echo, responseCodec: .echo)

    let probe: Probe

    func register(with router: inout Router) {
        router.register(Self.work, unary: { request, context in
            try await self.tracked {
                try busyWork(context)
                return request
            }
        })
        router.register(Self.stream, serverStreaming: { request, writer, context in
            try await self.tracked {
                let count = Int(context.requestMetadata.first("x-count") ?? "") ?? 1
                for i in 0..<count {
                    try busyWork(context)
                    try await writer.write(Echo(text: "\(request.text)\(i)"))
                    self.probe.written.add(1, ordering: .relaxed)
                }
            }
        })
        router.register(Self.tick, serverStreaming: { _, writer, context in
            try await self.tracked {
                try await writer.write(Echo(text: "first"))
                try busyWork(context)
                try await writer.write(Echo(text: "second"))
            }
        })
        router.register(Self.chat, bidiStreaming: { requests, writer, context in
            try await self.tracked {
                try busyWork(context)
                for try await r in requests { try await writer.write(Echo(text: "echo: \(r.text)")) }
            }
        })
    }

    /// Counts the handler while it runs, and how it ended.
    private func tracked<T>(_ body: () async throws -> T) async throws -> T {
        probe.started.add(1, ordering: .relaxed)
        probe.live.add(1, ordering: .relaxed)
        defer { probe.live.subtract(1, ordering: .relaxed) }
        do {
            let result = try await body()
            probe.completed.add(1, ordering: .relaxed)
            return result
        } catch {
            if Task.isCancelled { probe.cancelled.add(1, ordering: .relaxed) }
            throw error
        }
    }
}

private let busySink = Atomic<UInt64>(0)

/// Spins on the CPU for `x-work-ms` (or `x-work-us`) without suspending; throws once the
/// task is cancelled.
private func busyWork(_ context: ServerContext) throws {
    let ms = Int(context.requestMetadata.first("x-work-ms") ?? "") ?? 0
    let us = Int(context.requestMetadata.first("x-work-us") ?? "") ?? 0
    let end = ContinuousClock.now + .milliseconds(ms) + .microseconds(us)
    var x: UInt64 = 1
    while ContinuousClock.now < end {
        for _ in 0..<1_000 { x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407 }
        if Task.isCancelled { throw CancellationError() }
    }
    busySink.store(x, ordering: .relaxed)
}
