/// The seam every transport plugs into: it carries typed messages with their codecs, so a
/// stub built on `any Channel` runs the same against a server in this process or remote.
public protocol Channel: Sendable {
    /// Runs one unary call; throws `RPCError`.
    func unary<Req: Sendable, Res: Sendable>(
        _ request: Req,
        method: RPCMethod<Req, Res>,
        metadata: Metadata,
        options: CallOptions
    ) async throws -> UnaryResponse<Res>

    /// Runs a call of any kind for the duration of `body`. When `body` returns or throws the
    /// call ends: if the server is still running it is cancelled and awaited.
    func stream<Req: Sendable, Res: Sendable, Result>(
        method: RPCMethod<Req, Res>,
        metadata: Metadata,
        options: CallOptions,
        isolation: isolated (any Actor)?,
        _ body: (RequestWriter<Req>, StreamingResponse<Res>) async throws -> Result
    ) async throws -> Result

    /// Runs a call whose single request is known before it starts (server streaming) for the
    /// duration of `body`. A channel may send the request together with the call's start.
    func serverStreaming<Req: Sendable, Res: Sendable, Result>(
        _ request: Req,
        method: RPCMethod<Req, Res>,
        metadata: Metadata,
        options: CallOptions,
        isolation: isolated (any Actor)?,
        _ body: (StreamingResponse<Res>) async throws -> Result
    ) async throws -> Result
}

extension Channel {
    /// Writes the request and half-closes, then runs `body`.
    public func serverStreaming<Req: Sendable, Res: Sendable, Result>(
        _ request: Req,
        method: RPCMethod<Req, Res>,
        metadata: Metadata,
        options: CallOptions,
        isolation: isolated (any Actor)?,
        _ body: (StreamingResponse<Res>) async throws -> Result
    ) async throws -> Result {
        try await stream(method: method, metadata: metadata, options: options, isolation: isolation) { writer, response in
            try await writer.write(request)
            writer.finish()
            return try await body(response)
        }
    }
}
