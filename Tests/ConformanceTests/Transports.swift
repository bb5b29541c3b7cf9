import GRPCCore
import HTTP2Transport
import InProcTransport
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A way to reach a server: every conformance test runs once per transport.
struct Transport: Sendable, CustomTestStringConvertible {
    let name: String
    /// Serves `server` and calls `body` with a client connected to it.
    let connect: @Sendable (Server, [any ClientInterceptor], @Sendable (Client) async throws -> Void) async throws -> Void

    var testDescription: String { name }

    static let inProcess = Transport(name: "in-process") { server, interceptors, body in
        try await body(Client(channel: InProcessChannel(server: server), interceptors: interceptors))
    }

    /// HTTP/2 over loopback TCP: a real server on a free port, a channel to it.
    static let tcp = Transport(name: "http2-tcp") { server, interceptors, body in
        try await overHTTP2(server, at: .tcp(host: "127.0.0.1", port: 0), interceptors, body)
    }

    /// HTTP/2 over a Unix domain socket in the temporary directory.
    static let unix = Transport(name: "http2-unix") { server, interceptors, body in
        let path = "/tmp/grpc-mini-test-\(getpid())-\(socketCounter.add(1, ordering: .relaxed).newValue).sock"
        try await overHTTP2(server, at: .unix(path: path), interceptors, body)
    }

    /// Every transport the suite runs over.
    static let all: [Transport] = [.inProcess, .tcp, .unix]
}

private let socketCounter = Atomic<Int>(0)

/// Serves `server` at `address` while `body` runs with a client over a fresh HTTP/2 channel.
private func overHTTP2(
    _ server: Server, at address: SocketAddress, _ interceptors: [any ClientInterceptor],
    _ body: @Sendable (Client) async throws -> Void
) async throws {
    try await HTTP2Server(server, addresses: [address]).serve { bound in
        let channel = HTTP2Channel(target: bound[0])
        defer { channel.close() }
        try await body(Client(channel: channel, interceptors: interceptors))
    }
}

import Testing

/// Text metadata from pairs.
func meta(_ pairs: [(String, String)]) throws -> Metadata {
    try Metadata().adding(pairs)
}

extension Metadata {
    /// A copy with text `pairs` appended.
    func adding(_ pairs: [(String, String)]) throws -> Metadata {
        var copy = self
        for (k, v) in pairs { try copy.add(k, v) }
        return copy
    }
}
