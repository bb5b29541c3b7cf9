// Baseline unary row `direct`: the client directly awaits the server's handler.

struct DirectUnary: UnaryImpl {
    let name = "direct"

    func withClient<R: Sendable>(_ body: (any UnaryClient) async throws -> R) async throws -> R {
        try await body(Client(handler: Self.echo))
    }

    /// The server's handler.
    @inline(never)
    @Sendable static func echo(_ request: EchoMessage) async throws -> EchoMessage {
        EchoMessage(text: request.text)
    }

    struct Client: UnaryClient {
        let handler: @Sendable (EchoMessage) async throws -> EchoMessage

        func echo(_ request: EchoMessage) async throws -> EchoMessage {
            try await handler(request)
        }
    }
}
