// Baseline `push`: the server calls `send(message)` for each prebuilt ListResponse, and `send`
// directly runs the consumer's per-message code (no queue, no task switch).

struct PushList: ListImpl {
    let name = "push"

    func withClient<R: Sendable>(
        responses: [ListResponse],
        _ body: (any ListClient) async throws -> R
    ) async throws -> R {
        try await body(Client(responses: responses))
    }

    struct Client: ListClient {
        let responses: [ListResponse]

        /// The server side: pushes every message.
        @inline(never)
        func serve(send: (ListResponse) -> Void) async {
            for response in responses { send(response) }
        }

        func list<Consumer: ListConsumer>(into consumer: Consumer) async throws -> Consumer {
            var consumer = consumer
            await serve { consumer.consume($0) }
            return consumer
        }
    }
}
