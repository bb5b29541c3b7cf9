// grpc-mini client of the benchmark (row `grpc-mini`):
// `GRPCMiniClient --target tcp:HOST:PORT|unix:PATH --case CASE [--samples N] [--quick]`, with the
// generated clients of Peers/proto/liststrings.proto.
// One HTTP2Channel (one connection); the measuring code runs on the channel's event loop
// (`withTaskExecutorPreference(channel.eventLoop)`), so calls never change thread.

#if canImport(Glibc)
import Glibc
#endif
import CMallocCounter
import GRPCCore
import GRPCMiniCommon
import HTTP2Transport
import PeerKit

struct MiniClient: PeerClient {
    let listClient: ListStrings.Client
    let echoClient: Echo.Client

    func list<Consumer: ListConsumer>(respSize: Int, into consumer: Consumer) async throws -> Consumer {
        var metadata = Metadata()
        try metadata.add(Workload.respSizeMetadataKey, "\(respSize)")
        return try await listClient.list(ListRequest(), metadata: metadata) { response in
            var consumer = consumer
            for try await message in response.messages { consumer.consume(message.strings) }
            return consumer
        }
    }

    func echo(_ text: String) async throws -> String {
        var request = EchoMessage()
        request.text = text
        return try await echoClient.get(request).text
    }
}

nonisolated func run(_ arguments: [String]) async -> Int32 {
    await PeerClientMain.run(arguments, impl: "grpc-mini", allocationCount: { bench_malloc_count() }) { target, body in
        let address: SocketAddress
        switch target {
        case .tcp(let host, let port): address = .tcp(host: host, port: port)
        case .unix(let path): address = .unix(path: path)
        }
        let channel = HTTP2Channel(target: address)
        defer { channel.close() }
        try await withTaskExecutorPreference(channel.eventLoop) {
            try await body(MiniClient(listClient: ListStrings.Client(channel: channel), echoClient: Echo.Client(channel: channel)))
        }
    }
}

let status = await Task.detached { await run(Array(CommandLine.arguments.dropFirst())) }.value
exit(status)
