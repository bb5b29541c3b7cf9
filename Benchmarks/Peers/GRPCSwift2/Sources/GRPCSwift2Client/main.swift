// grpc-swift-2 client of the benchmark (row `grpc-swift-2-nio`):
// `GRPCSwift2Client --target tcp:HOST:PORT|unix:PATH --case CASE [--samples N] [--quick]`.
// HTTP2ClientTransport.Posix, plaintext, `.defaults` config, as the transport's docs show;
// every call with `options: .defaults`; one client (one connection) for all calls.

#if canImport(Glibc)
import Glibc
#endif
import CMallocCounter
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCSwift2Common
import PeerKit

struct Client: PeerClient {
    let grpc: GRPCClient<HTTP2ClientTransport.Posix>

    func list<Consumer: ListConsumer>(respSize: Int, into consumer: Consumer) async throws -> Consumer {
        try await grpc.serverStreaming(
            request: ClientRequest(
                message: ListRequest(), metadata: [Workload.respSizeMetadataKey: "\(respSize)"]),
            descriptor: .listStringsList,
            serializer: ListRequestSerializer(),
            deserializer: ListResponseDeserializer(),
            options: .defaults
        ) { response in
            var consumer = consumer
            for try await message in response.messages {
                consumer.consume(message.strings)
            }
            return consumer
        }
    }

    func echo(_ text: String) async throws -> String {
        try await grpc.unary(
            request: ClientRequest(message: EchoMessage(text: text)),
            descriptor: .echoGet,
            serializer: EchoSerializer(),
            deserializer: EchoDeserializer(),
            options: .defaults
        ) { response in
            try response.message.text
        }
    }
}

nonisolated func run(_ arguments: [String]) async -> Int32 {
    await PeerClientMain.run(arguments, impl: "grpc-swift-2-nio", allocationCount: { bench_malloc_count() }) {
        target, body in
        let resolvable: any ResolvableTarget
        switch target {
        case .tcp(let host, let port): resolvable = .ipv4(address: host, port: port)
        case .unix(let path): resolvable = .unixDomainSocket(path: path)
        }
        try await withGRPCClient(
            transport: .http2NIOPosix(target: resolvable, transportSecurity: .plaintext, config: .defaults)
        ) { client in
            try await body(Client(grpc: client))
        }
    }
}

let status = await Task.detached { await run(Array(CommandLine.arguments.dropFirst())) }.value
exit(status)
