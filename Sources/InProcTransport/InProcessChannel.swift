import GRPCCore

/// A channel to a `Server` in this process: messages are handed over as values (cloned by
/// copy-on-write, never serialized when client and handler share the message type), with
/// metadata, headers, trailers, status details, deadlines, cancellation, size limits and
/// backpressure carried as over a network.
public struct InProcessChannel: Channel {
    /// The server whose handlers this channel calls.
    public let server: Server
    /// How much each direction of a stream buffers before its sender waits (backpressure).
    public let bufferLimit: BufferLimit
    /// The peer string handlers see.
    public static let peer = "in-process"

    /// The default buffer: 4,096 messages or 4 MiB of encoded messages, whichever comes first.
    public static let defaultBufferLimit = BufferLimit(messages: 4096, bytes: 4 * 1024 * 1024)

    /// Creates a channel to `server`.
    public init(server: Server, bufferLimit: BufferLimit = InProcessChannel.defaultBufferLimit) {
        self.server = server
        self.bufferLimit = bufferLimit
    }

    public func unary<Req: Sendable, Res: Sendable>(
        _ request: Req,
        method: RPCMethod<Req, Res>,
        metadata: Metadata,
        options: CallOptions
    ) async throws -> UnaryResponse<Res> {
        guard let handler = server.router.handler(for: method.descriptor.path) else {
            throw Server.unimplemented(method.descriptor.path)
        }
        let deadline = options.effectiveDeadline(startingAt: .now)
        if Task.isCancelled { throw RPCError(.cancelled, "call cancelled before it started") }
        if let deadline, deadline <= .now { throw Self.deadlineExceeded }
        let context = makeContext(handler.descriptor, metadata, deadline)
        @Sendable func serve() async throws -> UnaryResponse<Res> {
            if let response = try await handler.serveUnaryLocal(
                request, client: method, options: options, server: server, context: context)
            {
                return response
            }
            // The server registered another kind under this path: let it check cardinality.
            return try await serverStreaming(request, method: method, metadata: metadata, options: options, isolation: nil) {
                try await $0.unaryResponse()
            }
        }
        // No deadline: run the handler inline in the caller's task. No hop, and the caller's
        // cancellation is the handler's.
        guard let deadline else { return try await serve() }
        return try await withDeadline(deadline, serve)
    }

    /// Runs `serve` inline in a child task that the deadline, armed first, cancels whatever it does.
    private func withDeadline<Res: Sendable>(
        _ deadline: ContinuousClock.Instant,
        _ serve: @escaping @Sendable () async throws -> UnaryResponse<Res>
    ) async throws -> UnaryResponse<Res> {
        let handler = HandlerTask()
        let timer = DeadlineTimer.shared.schedule(at: deadline) { handler.cancel() }
        defer { DeadlineTimer.shared.cancel(timer) }
        do {
            let response = try await withThrowingTaskGroup(of: UnaryResponse<Res>.self) { group in
                group.addImmediateTask { try await handler.run(serve) }
                return try await group.next()
            }
            if handler.wasCancelled { throw Self.deadlineExceeded }
            guard let response else { throw RPCError(.internal, "the handler produced no response") }
            return response
        } catch {
            if handler.wasCancelled { throw Self.deadlineExceeded }
            throw RPCError(from: error)
        }
    }

    public func stream<Req: Sendable, Res: Sendable, Result>(
        method: RPCMethod<Req, Res>,
        metadata: Metadata,
        options: CallOptions,
        isolation: isolated (any Actor)?,
        _ body: (RequestWriter<Req>, StreamingResponse<Res>) async throws -> Result
    ) async throws -> Result {
        try await run(method: method, metadata: metadata, options: options, request: nil, isolation: isolation, body)
    }

    public func serverStreaming<Req: Sendable, Res: Sendable, Result>(
        _ request: Req,
        method: RPCMethod<Req, Res>,
        metadata: Metadata,
        options: CallOptions,
        isolation: isolated (any Actor)?,
        _ body: (StreamingResponse<Res>) async throws -> Result
    ) async throws -> Result {
        try await run(method: method, metadata: metadata, options: options, request: request, isolation: isolation) { _, response in
            try await body(response)
        }
    }

    /// Runs one streaming call. With `request` given (server streaming), it is written and
    /// the request side closed before the handler starts, and the handler starts inline, on
    /// the caller's thread. It must not keep a caller that waits for its messages. A
    /// nonisolated caller's body runs after it, or elsewhere if the handler keeps computing
    /// (`runInline`); the body of a caller isolated to an actor or preferring a task executor
    /// must run where the caller is, so there the handler gives the thread back after its
    /// first write.
    private func run<Req: Sendable, Res: Sendable, Result>(
        method: RPCMethod<Req, Res>,
        metadata: Metadata,
        options: CallOptions,
        request: Req?,
        isolation: isolated (any Actor)?,
        _ body: (RequestWriter<Req>, StreamingResponse<Res>) async throws -> Result
    ) async throws -> Result {
        let receiver = ResponseReceiver<Res>(limit: bufferLimit)
        let deadline = options.effectiveDeadline(startingAt: .now)
        guard let handler = server.router.handler(for: method.descriptor.path) else {
            receiver.finish(error: Server.unimplemented(method.descriptor.path), trailers: Metadata())
            return try await body(RequestWriter(sink: ClosedSink<Req>()), receiver.response)
        }
        if let deadline, deadline <= .now {
            receiver.finish(error: Self.deadlineExceeded, trailers: Metadata())
            return try await body(RequestWriter(sink: ClosedSink<Req>()), receiver.response)
        }
        let context = makeContext(handler.descriptor, metadata, deadline)
        let call = handler.openLocal(
            client: method, options: options, server: server, context: context,
            responses: receiver, limit: bufferLimit, abort: { receiver.abort($0) })
        if let request { try call.preload(request) }
        let immediate = request != nil
        // A caller isolated to an actor, or preferring a task executor, must have its body run
        // where it runs: the handler gives the thread back at its first write instead.
        let paused = immediate && (isolation != nil || withUnsafeCurrentTask { $0?.unownedTaskExecutor } != nil)
        if paused { receiver.queue.pauseProducerAfterNextSend() }
        // The deadline is armed before the handler starts, and cancels it whatever it does.
        let watched = deadline == nil ? nil : HandlerTask()
        let timer = deadline.map { deadline in
            DeadlineTimer.shared.schedule(at: deadline) {
                watched?.cancel {
                    receiver.abort(Self.deadlineExceeded)
                    call.cancel(Self.deadlineExceeded)
                }
            }
        }
        defer { if let timer { DeadlineTimer.shared.cancel(timer) } }

        return try await withThrowingTaskGroup(of: Void.self, isolation: isolation) { group in
            // The handler is a child of this call: it cannot outlive it.
            if immediate && !paused {
                return try await runInline(
                    receiver: receiver, call: call, handler: watched ?? HandlerTask(), group: &group, body)
            }
            let serve: @Sendable () async -> Void = {
                guard let watched else { return await call.run() }
                await watched.run(call.run)
            }
            if immediate {
                group.addImmediateTask(operation: serve)
                receiver.queue.releaseProducer()
            } else {
                group.addTask(operation: serve)
            }
            let outcome: Swift.Result<Result, any Error>
            do { outcome = .success(try await body(call.writer, receiver.response)) } catch { outcome = .failure(error) }
            return try await end(receiver, call, &group, outcome)
        }
    }

    /// The caller's body is done: a server still running is cancelled and awaited, and the
    /// call returns what the body returned or throws what it threw.
    func end<Req, Res, Result>(
        _ receiver: ResponseReceiver<Res>, _ call: LocalServerCall<Req>,
        _ group: inout ThrowingTaskGroup<Void, any Error>, _ outcome: Swift.Result<Result, any Error>
    ) async throws -> Result {
        Self.stop(receiver, call, after: outcome)
        group.cancelAll()
        switch outcome {
        case .success(let result):
            try await group.waitForAll()
            return result
        case .failure(let error):
            try? await group.waitForAll()
            throw error
        }
    }

    /// Tells a server still running that the client is done, and why.
    static func stop<Req, Res, Result>(
        _ receiver: ResponseReceiver<Res>, _ call: LocalServerCall<Req>, after outcome: Swift.Result<Result, any Error>
    ) {
        let reason: RPCError
        switch outcome {
        case .success: reason = RPCError(.cancelled, "the client ended the call")
        case .failure(let error): reason = RPCError(.cancelled, "the client ended the call: \(error)")
        }
        receiver.abort(reason)
        receiver.closeConsumer()
        call.cancel(reason)
    }

    private func makeContext(_ method: MethodDescriptor, _ metadata: Metadata, _ deadline: ContinuousClock.Instant?) -> ServerContext {
        ServerContext(
            method: method, requestMetadata: metadata, deadline: deadline,
            peer: Self.peer, interceptors: server.interceptors)
    }

    static let deadlineExceeded = RPCError(.deadlineExceeded, "deadline exceeded")
}

/// The request side of a call that never reached a handler: writes are dropped, as on a
/// closed HTTP/2 stream; the call's status comes from the response.
struct ClosedSink<Message: Sendable>: MessageSink {
    nonisolated(nonsending) func write(_ message: Message) async throws {}
    func finish() {}
}
