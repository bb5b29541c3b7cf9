// grpc-swift-2 server of the benchmark: `GRPCSwift2Server --tcp HOST:PORT | --unix PATH`.
// HTTP2ServerTransport.Posix, plaintext, `.defaults` config, as the transport's docs show.
// Serves /ListStrings/List (respSize from request metadata `resp-size`) and /Echo/Get.

#if canImport(Glibc)
import Glibc
#endif
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCSwift2Common
import PeerKit

struct ListStringsService: RegistrableRPCService {
    /// Built once per respSize, like the in-process rows.
    let responses: [Int: [ListResponse]] = Dictionary(
        uniqueKeysWithValues: Workload.respSizes.map { size in
            (size, Workload.responses(respSize: size).map { ListResponse(strings: $0) })
        })

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        let responses = self.responses
        router.registerHandler(
            forMethod: .listStringsList,
            deserializer: ListRequestDeserializer(),
            serializer: ListResponseSerializer()
        ) { request, context in
            let request = try await ServerRequest(stream: request)
            guard let text = request.metadata[stringValues: Workload.respSizeMetadataKey].first(where: { _ in true }),
                let size = Int(text), let messages = responses[size]
            else {
                throw RPCError(code: .invalidArgument, message: "missing or bad resp-size metadata")
            }
            return StreamingServerResponse { writer in
                for message in messages {
                    try await writer.write(message)
                }
                return [:]
            }
        }
    }
}

struct EchoService: RegistrableRPCService {
    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: .echoGet,
            deserializer: EchoDeserializer(),
            serializer: EchoSerializer()
        ) { request, context in
            let request = try await ServerRequest(stream: request)
            return StreamingServerResponse(single: ServerResponse(message: EchoMessage(text: request.message.text)))
        }
    }
}

nonisolated func serve(_ arguments: [String]) async -> Int32 {
    do {
        let listen = try ListenAddress.parse(arguments)
        let address: GRPCNIOTransportCore.SocketAddress
        switch listen {
        case .tcp(let host, let port): address = .ipv4(host: host, port: port)
        case .unix(let path):
            unlink(path)  // a stale socket file from an earlier run
            address = .unixDomainSocket(path: path)
        }
        let transport = HTTP2ServerTransport.Posix(
            address: address, transportSecurity: .plaintext, config: .defaults)
        let server = GRPCServer(transport: transport, services: [ListStringsService(), EchoService()])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            let bound = try await transport.listeningAddress
            if let ipv4 = bound.ipv4 {
                PeerServerMain.announce("\(ipv4.host):\(ipv4.port)")
            } else if let uds = bound.unixDomainSocket {
                PeerServerMain.announce(uds.path)
            } else {
                PeerServerMain.announce("\(bound)")
            }
            await PeerServerMain.waitForShutdown()
            if case .unix(let path) = listen { unlink(path) }
            exit(0)
        }
        return 0
    } catch {
        printError("error: grpc-swift-2 server: \(error)")
        return 1
    }
}

let status = await Task.detached { await serve(Array(CommandLine.arguments.dropFirst())) }.value
exit(status)
