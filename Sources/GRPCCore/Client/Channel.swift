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
}
