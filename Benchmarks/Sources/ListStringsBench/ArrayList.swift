// Baseline `array` (the "buffer" row): per call, the server appends every prebuilt ListResponse
// into an array whose capacity is reserved up front, then the client iterates that array.

struct ArrayList: ListImpl {
    let name = "array"

    func withClient<R: Sendable>(
        responses: [ListResponse],
        _ body: (any ListClient) async throws -> R
    ) async throws -> R {
        try await body(Client(responses: responses))
    }

    struct Client: ListClient {
        let responses: [ListResponse]

        /// The server side: fills the buffer.
        @inline(never)
        func serve(into buffer: inout [ListResponse]) async {
            for response in responses { buffer.append(response) }
        }

        func list<Consumer: ListConsumer>(into consumer: Consumer) async throws -> Consumer {
            var buffer: [ListResponse] = []
            buffer.reserveCapacity(responses.count)
            await serve(into: &buffer)
            var consumer = consumer
            for message in buffer { consumer.consume(message) }
            return consumer
        }
    }
}
