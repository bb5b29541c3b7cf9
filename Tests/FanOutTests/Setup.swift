import FanOut
import GRPCCore
import HTTP2Transport
import InProcTransport
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// How backends and the proxy are reached in one run of a proxy test.
struct Setup: Sendable, CustomTestStringConvertible {
    enum Kind: String, Sendable {
        case inProcess = "in-process", tcp, unix
    }

    let name: String
    /// The kind of each backend, in turn (repeated as needed).
    let backends: [Kind]
    /// How the caller reaches the proxy.
    let proxy: Kind

    var testDescription: String { name }

    /// Every backend in-process; and backends of every kind (in-process, HTTP/2 over a Unix
    /// socket, HTTP/2 over TCP, in turn) behind a proxy reached over HTTP/2. Two setups, not
    /// one per kind: this suite shares two cores with the whole test process.
    static let all: [Setup] = [
        Setup(name: "in-process backends", backends: [.inProcess], proxy: .inProcess),
        Setup(name: "mixed backends, proxy over TCP", backends: [.tcp, .unix, .inProcess], proxy: .tcp),
    ]

    /// Serves each `(name, backend)` as `backends` says, a `FanOutProxy` over them with
    /// `policy`, and runs `body` with a client of the proxy.
    func run<R: Sendable>(
        _ services: [(String, StringsBackend)], policy: FanOutProxy.FailurePolicy = .failCall,
        _ body: @escaping @Sendable (ListStrings.Client) async throws -> R
    ) async throws -> R {
        let proxyKind = proxy
        return try await serveBackends(services, index: 0, reached: []) { backends in
            let server = Server(services: [FanOutProxy(backends: backends, policy: policy)])
            return try await reach(server, proxyKind) { channel in try await body(ListStrings.Client(channel: channel)) }
        }
    }

    private func serveBackends<R: Sendable>(
        _ services: [(String, StringsBackend)], index: Int, reached: [FanOutProxy.Backend],
        _ body: @escaping @Sendable ([FanOutProxy.Backend]) async throws -> R
    ) async throws -> R {
        if index == services.count { return try await body(reached) }
        let (name, service) = services[index]
        let kind = backends[index % backends.count]
        return try await reach(Server(services: [service]), kind) { channel in
            let backend = FanOutProxy.Backend(name: name, kind: kind.rawValue, client: ListStrings.Client(channel: channel))
            return try await serveBackends(services, index: index + 1, reached: reached + [backend], body)
        }
    }
}

/// Runs `body` with a channel to `server`: in-process, or over HTTP/2 on a free TCP port or a
/// Unix socket in /tmp, served while `body` runs.
func reach<R: Sendable>(
    _ server: Server, _ kind: Setup.Kind, _ body: @escaping @Sendable (any Channel) async throws -> R
) async throws -> R {
    let address: SocketAddress
    switch kind {
    case .inProcess: return try await body(InProcessChannel(server: server))
    // 127.0.0.2, not .1: HTTP2TransportTests picks a free port on 127.0.0.1 and starts a server
    // there only later; a server of ours given the same port in between took its calls (seen once).
    case .tcp: address = .tcp(host: "127.0.0.2", port: 0)
    case .unix: address = .unix(path: "/tmp/grpc-mini-fanout-test-\(getpid())-\(socketCounter.add(1, ordering: .relaxed).newValue).sock")
    }
    return try await HTTP2Server(server, addresses: [address]).serve { bound in
        let channel = HTTP2Channel(target: bound[0])
        defer { channel.close() }
        return try await body(channel)
    }
}

private let socketCounter = Atomic<Int>(0)

/// Waits until `condition` holds, for up to 30 s (generous: 2 loaded cores).
func eventually(_ condition: () -> Bool) async throws {
    let end = ContinuousClock.now + .seconds(30)
    while !condition() {
        if ContinuousClock.now > end { return }
        try await Task.sleep(for: .milliseconds(10))
    }
}

/// Reads a List response to its end: every string, and the trailers.
func readAll(_ response: StreamingResponse<ListResponse>) async throws -> (strings: [String], trailers: Metadata) {
    var strings: [String] = []
    for try await message in response.messages { strings.append(contentsOf: message.strings) }
    return (strings, response.trailers ?? Metadata())
}

/// A count shared between a call's body and the test.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func add(_ n: Int) { value.add(n, ordering: .relaxed) }
    var count: Int { value.load(ordering: .relaxed) }
}
