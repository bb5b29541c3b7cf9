/// A method's handler with its message types, as registered in a `Router`. A class: every
/// call refers to it, and a reference costs a call no generic-metadata look-up to copy or drop.
final class ServerMethod<Req: Sendable, Res: Sendable>: ServerMethodHandler {
    enum Body: Sendable {
        case unary(@Sendable (Req, ServerContext) async throws -> Res)
        case serverStreaming(@Sendable (Req, ResponseWriter<Res>, ServerContext) async throws -> Void)
        case clientStreaming(@Sendable (MessageStream<Req>, ServerContext) async throws -> Res)
        case bidiStreaming(@Sendable (MessageStream<Req>, ResponseWriter<Res>, ServerContext) async throws -> Void)
    }

    let method: RPCMethod<Req, Res>
    let body: Body

    init(method: RPCMethod<Req, Res>, body: Body) {
        self.method = method
        self.body = body
    }

    var descriptor: MethodDescriptor { method.descriptor }

    /// Where a call's requests come from: a queue, or the one request of a call from across a
    /// wire that takes exactly one (`OneRequestCall`).
    enum Requests {
        case queue(StreamQueue<Req>)
        case one(OneRequestCall<Req, Res>)
    }

    /// Runs interceptors and the handler, then ends `responses` with the final status.
    /// Every transport runs calls through here, so they share one set of semantics.
    /// `nonisolated(nonsending)`, as the calls it makes to take the request: each `await` of a
    /// function that may change executor asks the task for its executor preference, under a
    /// lock (2-3% of a unary call's CPU on a loop under load).
    nonisolated(nonsending) func run(requests: Requests, responses: any ResponseSink<Res>, context: ServerContext,
             direct: DirectPath<Res>? = nil) async {
        let interceptors = context.interceptors
        var observer: (@Sendable (Req) -> Void)? = nil
        if !interceptors.isEmpty {
            observer = { m in for i in interceptors { i.didReceive(m, context: context) } }
        }
        /// The call's one request, observed as a stream's would be.
        nonisolated(nonsending) func single() async throws -> Req {
            switch requests {
            case .queue(let queue):
                return try await MessageStream(queue: queue, observer: observer).single("request")
            case .one(let call):
                let request = try await call.take()
                observer?(request)
                return request
            }
        }
        /// The call's request stream (a call that takes exactly one never asks for it).
        func stream() -> MessageStream<Req> {
            guard case .queue(let queue) = requests else { preconditionFailure("a streaming handler fed one request") }
            return MessageStream(queue: queue, observer: observer)
        }
        var failure: RPCError? = nil
        do {
            for i in interceptors { try await i.willHandle(context) }
            let writer = ResponseWriter(sink: responses, context: context, direct: direct)
            switch body {
            case .unary(let handler):
                let request = try await single()
                try await writer.write(try await handler(request, context))
            case .serverStreaming(let handler):
                let request = try await single()
                try await handler(request, writer, context)
            case .clientStreaming(let handler):
                try await writer.write(try await handler(stream(), context))
            case .bidiStreaming(let handler):
                try await handler(stream(), writer, context)
            }
        } catch {
            failure = RPCError(from: error)
        }
        let final = finish(responses: responses, context: context, error: failure)
        // The handler is done reading: later client writes are dropped, or fail with its error.
        switch requests {
        case .queue(let queue): queue.closeConsumer(final)
        case .one(let call): call.close()
        }
    }

    /// Whether the handler reads exactly one request.
    var takesOneRequest: Bool {
        switch body {
        case .unary, .serverStreaming: true
        case .clientStreaming, .bidiStreaming: false
        }
    }

    /// Sends the final status; returns the error with every trailer merged in.
    private func finish(responses: any ResponseSink<Res>, context: ServerContext, error: RPCError?) -> RPCError? {
        for i in context.interceptors { i.didFinish(context, error: error) }
        if !context.responseHeaders.isEmpty, let headers = context.takeHeadersIfUnsent() {
            responses.sendHeaders(headers)
        }
        var trailers = context.trailers
        if let error { trailers.add(contentsOf: error.trailers) }
        responses.finish(error: error, trailers: trailers)
        guard var error else { return nil }
        error.trailers = trailers
        return error
    }

    func openLocal<CReq: Sendable, CRes: Sendable>(
        client: RPCMethod<CReq, CRes>,
        options: CallOptions,
        server: Server,
        context: ServerContext,
        responses: ResponseReceiver<CRes>,
        limit: BufferLimit,
        abort: @escaping @Sendable (RPCError) -> Void
    ) -> LocalServerCall<CReq> {
        let queue = StreamQueue<Req>(limit: limit)
        // A limit broken in either direction ends the whole call: the client's response and
        // the handler's requests both fail with it.
        let abort: @Sendable (RPCError) -> Void = { error in
            abort(error)
            queue.abort(error)
        }
        let requestBridge = requestBridge(client, options, server)
        let responseBridge = responseBridge(client, options, server)
        let requestSink = BridgedRequestSink(queue: queue, bridge: requestBridge, abort: abort)
        let responseSink = BridgedResponseSink(target: responses, bridge: responseBridge, abort: abort)
        // Same value type on both sides: skip the bridge's dynamic checks per message.
        let directRequests = requestBridge.handsOver ? (queue as? StreamQueue<CReq>).map {
            DirectPath(queue: $0, bridge: requestBridge, abort: abort)
        } : nil
        let directResponses = responseBridge.handsOver ? (responses.queue as? StreamQueue<Res>).map {
            DirectPath(queue: $0, bridge: responseBridge, abort: abort)
        } : nil
        return LocalServerCall(
            writer: RequestWriter(sink: requestSink, direct: directRequests),
            preload: { request in
                let passed: (Req, size: Int)
                do throws(RPCError) { passed = try requestBridge.pass(request) } catch {
                    abort(error)
                    throw error
                }
                try queue.sendLast(passed.0, size: passed.size)
            },
            cancel: { queue.abort($0) },
            run: { await self.run(requests: .queue(queue), responses: responseSink, context: context, direct: directResponses) })
    }

    func serveUnaryLocal<CReq: Sendable, CRes: Sendable>(
        _ request: CReq,
        client: RPCMethod<CReq, CRes>,
        options: CallOptions,
        server: Server,
        context: ServerContext
    ) async throws -> UnaryResponse<CRes>? {
        guard case .unary(let handler) = body else { return nil }
        let interceptors = context.interceptors
        do {
            let (request, _) = try requestBridge(client, options, server).pass(request)
            for i in interceptors { try await i.willHandle(context) }
            for i in interceptors { i.didReceive(request, context: context) }
            let response = try await handler(request, context)
            for i in interceptors { i.didSend(response, context: context) }
            let (delivered, _) = try responseBridge(client, options, server).pass(response)
            for i in interceptors { i.didFinish(context, error: nil) }
            return UnaryResponse(headers: context.responseHeaders, message: delivered, trailers: context.trailers)
        } catch {
            var failure = RPCError(from: error)
            for i in interceptors { i.didFinish(context, error: failure) }
            var trailers = context.trailers
            trailers.add(contentsOf: failure.trailers)
            failure.trailers = trailers
            throw failure
        }
    }

    /// Requests go from the client's type to the handler's: the client's send limit, the
    /// server's receive limit.
    private func requestBridge<CReq, CRes>(
        _ client: RPCMethod<CReq, CRes>, _ options: CallOptions, _ server: Server
    ) -> MessageBridge<CReq, Req> {
        MessageBridge(
            from: client.requestCodec, to: method.requestCodec, what: "request",
            sendLimit: options.maxSendMessageSize, receiveLimit: server.maxReceiveMessageSize)
    }

    /// Responses go from the handler's type to the client's: the server's send limit, the
    /// client's receive limit.
    private func responseBridge<CReq, CRes>(
        _ client: RPCMethod<CReq, CRes>, _ options: CallOptions, _ server: Server
    ) -> MessageBridge<Res, CRes> {
        MessageBridge(
            from: method.responseCodec, to: client.responseCodec, what: "response",
            sendLimit: server.maxSendMessageSize, receiveLimit: options.maxReceiveMessageSize)
    }
}
