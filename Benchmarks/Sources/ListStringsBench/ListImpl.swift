// What one row of the benchmark implements. A new implementation is one file with a type
// conforming to `ListImpl` (streaming rows) and/or `UnaryImpl` (unary rows), listed in
// `Registry.swift`.

/// Receives the messages of one List call, in order, on the client side.
protocol ListConsumer: Sendable {
    mutating func consume(_ message: ListResponse)
}

/// A client able to make List calls against a server started by a `ListImpl`.
protocol ListClient: Sendable {
    /// Makes one List call, passes every received message to `consumer` in order, and
    /// returns the consumer once the call has been received to its end.
    func list<Consumer: ListConsumer>(into consumer: Consumer) async throws -> Consumer
}

/// One streaming row: a server that sends `responses` in order on every List call, and a
/// client connected to it.
protocol ListImpl: Sendable {
    var name: String { get }
    /// Starts the server and client, runs `body` with the client, then shuts both down.
    func withClient<R: Sendable>(
        responses: [ListResponse],
        _ body: (any ListClient) async throws -> R
    ) async throws -> R
}

/// A client able to make unary Echo calls (the server answers with the request's text).
protocol UnaryClient: Sendable {
    func echo(_ request: EchoMessage) async throws -> EchoMessage
}

/// One unary row.
protocol UnaryImpl: Sendable {
    var name: String { get }
    /// Starts the server and client, runs `body` with the client, then shuts both down.
    func withClient<R: Sendable>(_ body: (any UnaryClient) async throws -> R) async throws -> R
}
