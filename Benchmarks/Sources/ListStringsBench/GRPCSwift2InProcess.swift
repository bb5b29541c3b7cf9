// Runs a grpc-swift-2 server and client over InProcessTransport, configured as its docs show:
// `InProcessTransport()`, `GRPCServer(transport: inProcess.server, services: [...])`,
// `GRPCClient(transport: inProcess.client)`, with `server.serve()` and
// `client.runConnections()` running in a task group.

import GRPCCore2
import GRPCInProcessTransport

enum GRPCSwift2InProcess {
    static func withServerAndClient<R: Sendable>(
        services: [any RegistrableRPCService],
        _ body: (GRPCClient<InProcessTransport.Client>) async throws -> R
    ) async throws -> R {
        let inProcess = InProcessTransport()
        let server = GRPCServer(transport: inProcess.server, services: services)
        let client = GRPCClient(transport: inProcess.client)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            group.addTask { try await client.runConnections() }
            do {
                let result = try await body(client)
                client.beginGracefulShutdown()
                server.beginGracefulShutdown()
                try await group.waitForAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }
}
