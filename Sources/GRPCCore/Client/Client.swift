/// Makes calls of the four kinds over any channel, running client interceptors.
///
/// Streaming calls are scoped: the call lives while the closure runs; when it returns or
/// throws, the call ends and a server still running is cancelled.
public struct Client: Sendable {
    /// Where calls go.
    public let channel: any Channel
    /// Run around every call, in order.
    public let interceptors: [any ClientInterceptor]

    /// Creates a client over `channel`.
    public init(channel: any Channel, interceptors: [any ClientInterceptor] = []) {
        self.channel = channel
        self.interceptors = interceptors
    }

    /// Unary call: one request, one response. Throws `RPCError`.
    public func unary<Req: Sendable, Res: Sendable>(
        _ request: Req,
        method: RPCMethod<Req, Res>,
        metadata: Metadata = Metadata(),
        options: CallOptions = CallOptions()
    ) async throws -> Res {
        try await unaryWithMetadata(request, method: method, metadata: metadata, options: options).message
    }

    /// Unary call that also returns the response headers and trailers.
    public func unaryWithMetadata<Req: Sendable, Res: Sendable>(
        _ request: Req,
        method: RPCMethod<Req, Res>,
        metadata: Metadata = Metadata(),
        options: CallOptions = CallOptions()
    ) async throws -> UnaryResponse<Res> {
        if interceptors.isEmpty {
            do {
                return try await channel.unary(request, method: method, metadata: metadata, options: options)
            } catch {
                throw RPCError(from: error)
            }
        }
        var call = ClientCallInfo(method: method.descriptor, metadata: metadata, options: options)
        do {
            for i in interceptors { try await i.willStart(&call) }
            for i in interceptors { i.didSend(request, call: call) }
            let response = try await channel.unary(request, method: method, metadata: call.metadata, options: call.options)
            for i in interceptors { i.didReceive(response.message, call: call) }
            for i in interceptors { i.didFinish(call, error: nil, trailers: response.trailers) }
            return response
        } catch {
            let failure = RPCError(from: error)
            for i in interceptors { i.didFinish(call, error: failure, trailers: failure.trailers) }
            throw failure
        }
    }

    /// Errors thrown by the body closures of streaming calls pass through unchanged; errors
    /// of the call itself are `RPCError`.
    ///
    /// Client-streaming call: `requests` writes the requests (the stream is finished when it
    /// returns), then the single response comes back with its metadata.
    public func clientStreaming<Req: Sendable, Res: Sendable>(
        method: RPCMethod<Req, Res>,
        metadata: Metadata = Metadata(),
        options: CallOptions = CallOptions(),
        isolation: isolated (any Actor)? = #isolation,
        requests: (RequestWriter<Req>) async throws -> Void
    ) async throws -> UnaryResponse<Res> {
        try await stream(method: method, metadata: metadata, options: options, isolation: isolation) { writer, response in
            try await requests(writer)
            writer.finish()
            return try await response.unaryResponse()
        }
    }

    /// Server-streaming call: sends `request`, then runs `body` with the response stream.
    public func serverStreaming<Req: Sendable, Res: Sendable, Result>(
        _ request: Req,
        method: RPCMethod<Req, Res>,
        metadata: Metadata = Metadata(),
        options: CallOptions = CallOptions(),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (StreamingResponse<Res>) async throws -> Result
    ) async throws -> Result {
        if interceptors.isEmpty {
            return try await channel.serverStreaming(
                request, method: method, metadata: metadata, options: options, isolation: isolation, body)
        }
        return try await intercepted(method.descriptor, metadata, options, isolation) { call, observe in
            for i in interceptors { i.didSend(request, call: call) }
            return try await channel.serverStreaming(
                request, method: method, metadata: call.metadata, options: call.options, isolation: isolation
            ) { response in
                try await body(observe(response))
            }
        }
    }

    /// Bidirectional-streaming call: `body` writes requests and reads responses concurrently
    /// as it likes. Requests are finished when `body` returns, if it did not finish them.
    public func bidiStreaming<Req: Sendable, Res: Sendable, Result>(
        method: RPCMethod<Req, Res>,
        metadata: Metadata = Metadata(),
        options: CallOptions = CallOptions(),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (RequestWriter<Req>, StreamingResponse<Res>) async throws -> Result
    ) async throws -> Result {
        try await stream(method: method, metadata: metadata, options: options, isolation: isolation, body)
    }

    private func stream<Req: Sendable, Res: Sendable, Result>(
        method: RPCMethod<Req, Res>,
        metadata: Metadata,
        options: CallOptions,
        isolation: isolated (any Actor)?,
        _ body: (RequestWriter<Req>, StreamingResponse<Res>) async throws -> Result
    ) async throws -> Result {
        if interceptors.isEmpty {
            return try await channel.stream(method: method, metadata: metadata, options: options, isolation: isolation, body)
        }
        let interceptors = self.interceptors
        return try await intercepted(method.descriptor, metadata, options, isolation) { call, observe in
            try await channel.stream(method: method, metadata: call.metadata, options: call.options, isolation: isolation) { writer, response in
                let intercepted = RequestWriter(sink: InterceptedSink(base: writer, interceptors: interceptors, call: call))
                return try await body(intercepted, observe(response))
            }
        }
    }

    /// Runs the interceptors around a streaming call: `willStart` before `run`, which gets the
    /// final call info and a function that makes a response report its messages; `didFinish`
    /// with the outcome after.
    private func intercepted<Res: Sendable, Result>(
        _ method: MethodDescriptor,
        _ metadata: Metadata,
        _ options: CallOptions,
        _ isolation: isolated (any Actor)?,
        _ run: (ClientCallInfo, (StreamingResponse<Res>) -> StreamingResponse<Res>) async throws -> Result
    ) async throws -> Result {
        let interceptors = self.interceptors
        var call = ClientCallInfo(method: method, metadata: metadata, options: options)
        var head: ResponseHead? = nil
        do {
            for i in interceptors { try await i.willStart(&call) }
            let info = call
            let result = try await run(info) { response in
                head = response.head
                return StreamingResponse(
                    messages: MessageStream(queue: response.messages.queue) { m in
                        for i in interceptors { i.didReceive(m, call: info) }
                    },
                    head: response.head)
            }
            switch head?.result {
            case .failure(let e)?:
                for i in interceptors { i.didFinish(call, error: e, trailers: e.trailers) }
            case .success?:
                for i in interceptors { i.didFinish(call, error: nil, trailers: head?.trailers ?? Metadata()) }
            case nil:
                let cancelled = RPCError(.cancelled, "the caller ended the call before the server")
                for i in interceptors { i.didFinish(call, error: cancelled, trailers: Metadata()) }
            }
            return result
        } catch {
            let failure = RPCError(from: error)
            for i in interceptors { i.didFinish(call, error: failure, trailers: failure.trailers) }
            throw error
        }
    }
}
