import GRPCCore
import InProcTransport

/// A way to reach a server: every conformance test runs once per transport.
struct Transport: Sendable, CustomTestStringConvertible {
    let name: String
    /// Serves `server` and calls `body` with a client connected to it.
    let connect: @Sendable (Server, [any ClientInterceptor], @Sendable (Client) async throws -> Void) async throws -> Void

    var testDescription: String { name }

    static let inProcess = Transport(name: "in-process") { server, interceptors, body in
        try await body(Client(channel: InProcessChannel(server: server), interceptors: interceptors))
    }

    /// Every transport the suite runs over.
    static let all: [Transport] = [.inProcess]
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
