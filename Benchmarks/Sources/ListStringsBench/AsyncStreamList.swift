// Baseline `asyncstream`: per call, a producer task yields each prebuilt ListResponse into an
// unbounded AsyncStream and the consumer (the calling task) iterates it.

struct AsyncStreamList: ListImpl {
    let name = "asyncstream"

    func withClient<R: Sendable>(
        responses: [ListResponse],
        _ body: (any ListClient) async throws -> R
    ) async throws -> R {
        try await body(Client(responses: responses))
    }

    struct Client: ListClient {
        let responses: [ListResponse]

        func list<Consumer: ListConsumer>(into consumer: Consumer) async throws -> Consumer {
            let (stream, continuation) = AsyncStream.makeStream(
                of: ListResponse.self, bufferingPolicy: .unbounded)
            let responses = self.responses
            return await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for response in responses { continuation.yield(response) }
                    continuation.finish()
                }
                var consumer = consumer
                for await message in stream { consumer.consume(message) }
                return consumer
            }
        }
    }
}
