/// A registered method, type-erased so routers of any message types can hold it.
public protocol ServerMethodHandler: Sendable {
    /// The method this handles.
    var descriptor: MethodDescriptor { get }

    /// Opens a call from a client in this process: requests are handed over as values when
    /// the client's type is the handler's (a clone, by value semantics), through the codecs
    /// otherwise; limits of both sides are checked. `abort` ends the whole call.
    func openLocal<CReq: Sendable, CRes: Sendable>(
        client: RPCMethod<CReq, CRes>,
        options: CallOptions,
        server: Server,
        context: ServerContext,
        responses: ResponseReceiver<CRes>,
        limit: BufferLimit,
        abort: @escaping @Sendable (RPCError) -> Void
    ) -> LocalServerCall<CReq>

    /// Runs a unary handler inline for a client in this process; nil if the method is not unary.
    func serveUnaryLocal<CReq: Sendable, CRes: Sendable>(
        _ request: CReq,
        client: RPCMethod<CReq, CRes>,
        options: CallOptions,
        server: Server,
        context: ServerContext
    ) async throws -> UnaryResponse<CRes>?

    /// Opens a call from a client across a wire: requests arrive encoded and are decoded with
    /// the method's codec into a queue of `bufferLimit`; responses leave encoded to `responses`.
    func openRemote(
        context: ServerContext,
        server: Server,
        responses: any RemoteResponseSink,
        bufferLimit: BufferLimit,
        onRelease: @escaping @Sendable (Int) -> Void
    ) -> RemoteServerCall
}

/// A call opened by `openLocal`: where the client's requests go, and the handler to run.
public struct LocalServerCall<Request: Sendable>: Sendable {
    /// Feeds the handler's request stream.
    public let writer: RequestWriter<Request>
    /// Hands over the single request of a call and closes the request side, without waiting
    /// for buffer space: for a request known before the handler starts.
    public let preload: @Sendable (Request) throws -> Void
    /// Ends the request side with an error: the handler's reads fail with it (after what the
    /// client had sent, if the client had already half-closed) and so do later writes.
    public let cancel: @Sendable (RPCError) -> Void
    /// Runs the handler to its end; the final status goes to the response sink.
    public let run: @Sendable () async -> Void
}
