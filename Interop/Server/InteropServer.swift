import Dispatch
import GRPCCore
import GRPCHealth
import GRPCInteropProtos
import GRPCReflection
import HTTP2Transport
#if canImport(Glibc)
import Glibc
#endif

/// The grpc-mini interop server: `--port=N` (0 picks a free port), `--use_tls=false`,
/// `--unix_socket=PATH` (serve on a Unix socket as well, or instead with no `--port`).
/// Prints `listening on ADDRESS` for each bound address, then serves until SIGTERM or SIGINT,
/// which start a graceful shutdown (health turns NOT_SERVING first). It also serves
/// grpc.health.v1.Health and server reflection (v1 and v1alpha), as production servers do.
@main
struct InteropServer {
    nonisolated static func main() async throws {
        var port: Int? = nil
        var unixPath: String? = nil
        for argument in CommandLine.arguments.dropFirst() {
            let (name, value) = split(argument)
            switch name {
            case "--port":
                guard let p = Int(value), (0...65535).contains(p) else { fail("bad --port \(value)") }
                port = p
            case "--use_tls":
                guard value == "false" else { fail("TLS is not supported: --use_tls must be false") }
            case "--unix_socket":
                unixPath = value
            default:
                fail("unknown flag \(argument)")
            }
        }
        var addresses: [SocketAddress] = []
        if let port { addresses.append(.tcp(host: "0.0.0.0", port: port)) }
        if let unixPath { addresses.append(.unix(path: unixPath)) }
        if addresses.isEmpty { fail("give --port and/or --unix_socket") }

        var configuration = HTTP2Server.Configuration()
        configuration.recordsRequestCompression = true
        // Interop clients cancel calls on purpose, many of them in a row.
        configuration.streamResetLimit = .init(burst: 100_000, perSecond: 10_000)
        let health = HealthService()
        configuration.onShutdown = { health.enterShutdown() }
        let reflection = try ReflectionService(
            services: [Grpc_Testing_TestService.serviceName, Grpc_Health_V1_Health.serviceName],
            files: [Grpc_Testing_TestService.fileDescriptor, HealthService.fileDescriptor])
        let server = HTTP2Server(
            Server(services: [TestServiceImpl(), health, reflection]), addresses: addresses, configuration: configuration)
        var signalSources: [any DispatchSourceSignal] = []
        defer { for s in signalSources { s.cancel() } }
        for sig in [SIGTERM, SIGINT] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { @Sendable in server.beginGracefulShutdown() }
            source.resume()
            signalSources.append(source)
        }
        try await server.run { bound in
            for address in bound {
                switch address {
                case .tcp(_, let port): print("listening on port \(port)")
                case .unix(let path): print("listening on unix:\(path)")
                }
            }
            fflush(nil)
        }
    }

    static func split(_ argument: String) -> (String, String) {
        guard let eq = argument.firstIndex(of: "=") else { return (argument, "") }
        return (String(argument[..<eq]), String(argument[argument.index(after: eq)...]))
    }

    static func fail(_ message: String) -> Never {
        let line = "interop-server: \(message)\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        exit(2)
    }
}
