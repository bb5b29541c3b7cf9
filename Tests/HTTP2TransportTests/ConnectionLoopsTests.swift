import GRPCCore
import HTTP2Transport
import Synchronization
import Testing

/// A server whose connections are spread over several event loops (`connectionLoops`).
@Suite struct ConnectionLoopsTests {
    static let loops = [EventLoop(name: "test-conn-a"), EventLoop(name: "test-conn-b")]

    /// Answers with the index of the connection loop its handler ran on (handlers run on their
    /// connection's loop), or 255 if none.
    struct WhichLoop: RegistrableService {
        /// Handlers that have started.
        let started = Counter()

        static let method = RPCMethod<[UInt8], [UInt8]>(
            MethodDescriptor(service: "loops.Test", method: "Which", kind: .unary), requestCodec: .bytes, responseCodec: .bytes)

        func register(with router: inout Router) {
            router.register(Self.method, unary: { [started] request, _ in
                started.value.add(1, ordering: .relaxed)
                let index = ConnectionLoopsTests.loops.firstIndex { $0.inLoop } ?? 255
                if let ms = request.first, ms > 0 { try await Task.sleep(for: .milliseconds(Int(ms) * 10)) }
                return [UInt8(index)]
            })
        }
    }

    private var configuration: HTTP2Server.Configuration {
        var configuration = HTTP2Server.Configuration()
        configuration.connectionLoops = Self.loops
        configuration.handlersOnEventLoop = true
        return configuration
    }

    @Test func connectionsAreSpreadOverTheLoopsAndEachIsServedOnItsOwn() async throws {
        let server = HTTP2Server(Server(services: [WhichLoop()]), addresses: [.tcp(host: "127.0.0.1", port: 0)], configuration: configuration)
        let seen = try await server.serve { bound in
            try await withThrowingTaskGroup(of: Set<UInt8>.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let channel = HTTP2Channel(target: bound[0])
                        defer { channel.close() }
                        let client = Client(channel: channel)
                        var seen = Set<UInt8>()
                        for _ in 0..<20 { seen.insert(try await client.unary([0], method: WhichLoop.method).first ?? 254) }
                        // One connection, one loop: every call of a channel ran on the same one.
                        #expect(seen.count == 1)
                        return seen
                    }
                }
                return try await group.reduce(into: Set<UInt8>()) { $0.formUnion($1) }
            }
        }
        #expect(seen == [0, 1])
    }

    @Test func aGracefulShutdownDrainsTheConnectionsOfEveryLoop() async throws {
        var configuration = self.configuration
        configuration.shutdownGracePeriod = .seconds(30)
        let service = WhichLoop()
        let server = HTTP2Server(Server(services: [service]), addresses: [.tcp(host: "127.0.0.1", port: 0)], configuration: configuration)
        let calls = Calls()
        let start = ContinuousClock.now
        try await server.serve { bound in
            // Two connections (one per loop), each with a call of 0.3 s in flight when the body ends.
            for _ in 0..<2 {
                let call = Task {
                    let channel = HTTP2Channel(target: bound[0])
                    defer { channel.close() }
                    return try await Client(channel: channel).unary([30], method: WhichLoop.method)
                }
                calls.tasks.withLock { $0.append(call) }
            }
            let end = ContinuousClock.now + .seconds(20)
            while service.started.value.load(ordering: .relaxed) < 2 && ContinuousClock.now < end {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        // `serve` returned after the drain; both calls in flight had finished, each on its loop.
        var answers: [UInt8] = []
        for call in calls.tasks.withLock({ $0 }) { answers += try await call.value }
        #expect(answers.sorted() == [0, 1])
        #expect(ContinuousClock.now - start < .seconds(20))
    }
}

final class Counter: Sendable {
    let value = Atomic<Int>(0)
}

final class Calls: Sendable {
    let tasks = Mutex<[Task<[UInt8], any Error>]>([])
}
