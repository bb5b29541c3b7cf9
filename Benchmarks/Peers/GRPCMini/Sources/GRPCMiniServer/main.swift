// grpc-mini server of the benchmark: `GRPCMiniServer --tcp HOST:PORT | --unix PATH`.
// Generated service protocols (Peers/proto/liststrings.proto); HTTP2Server with handlers on its
// event loop (`handlersOnEventLoop`): a call never changes thread on the server side.

#if canImport(Glibc)
import Glibc
#endif
import GRPCCore
import GRPCMiniCommon
import HTTP2Transport
import PeerKit
import Synchronization

/// Calls the handlers finished with OK / with an error; printed as `STATS ok=N failed=M` when
/// stdin closes, so an external load generator's run can be checked against the server's count.
let callsOK = Atomic<Int>(0)
let callsFailed = Atomic<Int>(0)

struct ListService: ListStrings.ServiceProtocol {
    /// Built once per respSize, like the other peers.
    let responses: [Int: [ListResponse]] = Dictionary(
        uniqueKeysWithValues: Workload.respSizes.map { size in
            (size, Workload.responses(respSize: size).map { strings in
                var message = ListResponse()
                message.strings = strings
                return message
            })
        })

    func list(request: ListRequest, response: ResponseWriter<ListResponse>, context: ServerContext) async throws {
        guard let text = context.requestMetadata.first(Workload.respSizeMetadataKey), let size = Int(text),
              let messages = responses[size]
        else {
            callsFailed.add(1, ordering: .relaxed)
            throw RPCError(.invalidArgument, "missing or bad resp-size metadata")
        }
        do {
            for m in messages { try await response.write(m) }
        } catch {
            callsFailed.add(1, ordering: .relaxed)
            throw error
        }
        callsOK.add(1, ordering: .relaxed)
    }
}

struct EchoService: Echo.ServiceProtocol {
    func get(request: EchoMessage, context: ServerContext) async throws -> EchoMessage {
        callsOK.add(1, ordering: .relaxed)
        return request
    }
}

nonisolated func serve(_ arguments: [String]) async -> Int32 {
    do {
        let address: SocketAddress
        switch try ListenAddress.parse(arguments) {
        case .tcp(let host, let port): address = .tcp(host: host, port: port)
        case .unix(let path): address = .unix(path: path)
        }
        var configuration = HTTP2Server.Configuration()
        configuration.handlersOnEventLoop = true
        // GRPC_MINI_LOOPS=N spreads the connections over N event loops (default: one).
        if let text = getenv("GRPC_MINI_LOOPS").map({ String(cString: $0) }), let n = Int(text), n > 1 {
            configuration.connectionLoops = (0..<n).map { EventLoop(name: "grpc-mini-conn-\($0)") }
        }
        let server = HTTP2Server(
            Server(services: [ListService(), EchoService()]), addresses: [address], configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.run { bound in
                    switch bound[0] {
                    case .tcp(let host, let port): PeerServerMain.announce("\(host):\(port)")
                    case .unix(let path): PeerServerMain.announce(path)
                    }
                }
            }
            await PeerServerMain.waitForShutdown()
            let stats = "STATS ok=\(callsOK.load(ordering: .relaxed)) failed=\(callsFailed.load(ordering: .relaxed))\n"
            stats.utf8CString.withUnsafeBufferPointer { _ = write(1, $0.baseAddress, $0.count - 1) }
            group.cancelAll()
        }
        return 0
    } catch {
        printError("error: grpc-mini server: \(error)")
        return 1
    }
}

let status = await Task.detached { await serve(Array(CommandLine.arguments.dropFirst())) }.value
exit(status)
