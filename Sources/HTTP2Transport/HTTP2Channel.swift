import GRPCCore

/// A channel to a gRPC server over HTTP/2 (h2c, prior knowledge), on TCP or a Unix socket:
/// every call multiplexed on one connection that is opened on the first call and reopened
/// after it drops. Stubs and `Client` use it like any other `Channel`.
public final class HTTP2Channel: Channel {
    /// Where the server is.
    public let target: SocketAddress
    /// The loop that owns this channel's connection. Code that makes many calls can run on it
    /// (`withTaskExecutorPreference(channel.eventLoop)`): its calls then never change thread.
    public var eventLoop: EventLoop { loop }
    private let loop: EventLoop
    private let manager: ConnectionManager

    /// A channel to `target`; nothing connects before the first call.
    public convenience init(target: SocketAddress, loop: EventLoop = .shared) {
        var configuration = Configuration()
        configuration.loop = loop
        self.init(target: target, configuration: configuration)
    }

    /// A channel to `target` with `configuration`; nothing connects before the first call.
    public init(target: SocketAddress, configuration: Configuration) {
        self.target = target
        self.loop = configuration.loop
        self.manager = ConnectionManager(
            loop: configuration.loop, target: target, keepalive: configuration.keepalive,
            idleTimeout: configuration.idleTimeout, backoff: configuration.backoff, resolve: configuration.resolve)
    }

    deinit {
        let manager = self.manager
        loop.execute { manager.shutdown() }
    }

    /// Closes the connection: calls in flight fail with UNAVAILABLE, and so do later calls.
    public func close() {
        let manager = self.manager
        loop.executeOrRun { manager.shutdown() }
    }

    public func unary<Req: Sendable, Res: Sendable>(
        _ request: Req,
        method: RPCMethod<Req, Res>,
        metadata: Metadata,
        options: CallOptions
    ) async throws -> UnaryResponse<Res> {
        try await serverStreaming(request, method: method, metadata: metadata, options: options, isolation: nil) {
            try await $0.unaryResponse()
        }
    }

    public func stream<Req: Sendable, Res: Sendable, Result>(
        method: RPCMethod<Req, Res>,
        metadata: Metadata,
        options: CallOptions,
        isolation: isolated (any Actor)?,
        _ body: (RequestWriter<Req>, StreamingResponse<Res>) async throws -> Result
    ) async throws -> Result {
        let (stream, receiver) = try makeCall(method, metadata, options)
        let sink = RequestSink(
            outbound: stream.outbound, codec: method.requestCodec, sendLimit: options.maxSendMessageSize,
            compression: options.compression,
            abort: { [loop] error in
                // Fail the buffer now, not on the loop's next turn: a writer that carries on and
                // half-closes must not get a clean END_STREAM out before the reset.
                stream.outbound.fail(error)
                loop.executeOrRun { stream.cancel(error) }
            })
        return try await run(stream, receiver, isolation) { response in
            try await body(RequestWriter(sink: sink), response)
        }
    }

    public func serverStreaming<Req: Sendable, Res: Sendable, Result>(
        _ request: Req,
        method: RPCMethod<Req, Res>,
        metadata: Metadata,
        options: CallOptions,
        isolation: isolated (any Actor)?,
        _ body: (StreamingResponse<Res>) async throws -> Result
    ) async throws -> Result {
        let framed = try RequestSink<Req>.frame(
            request, codec: method.requestCodec, sendLimit: options.maxSendMessageSize, compression: options.compression)
        let (stream, receiver) = try makeCall(method, metadata, options)
        stream.outbound.preload(framed)
        return try await run(stream, receiver, isolation, body)
    }

    /// Builds a call's stream and the receiver its responses are decoded into.
    private func makeCall<Req, Res>(
        _ method: RPCMethod<Req, Res>, _ metadata: Metadata, _ options: CallOptions
    ) throws(RPCError) -> (ClientStream, ResponseReceiver<Res>) {
        let deadline = options.effectiveDeadline(startingAt: .now)
        if let deadline, deadline <= .now { throw RPCError(.deadlineExceeded, "deadline exceeded before the call started") }
        let loop = self.loop
        let stream = ClientStream(
            method: method.descriptor, metadata: metadata, options: options, deadline: deadline,
            outbound: OutboundBuffer(highWater: HTTP2Defaults.outboundHighWater, replayable: true))
        // The buffer's and the queue's closures hold the stream through `ref`, which the stream
        // empties once it is done (`ClientStream.detachIfDone`): that breaks the cycles.
        let ref = LoopRef(stream)
        stream.loopRef = ref
        stream.outbound.setReader(OutboundKick {
            loop.executeOrRun { if let s = ref.value, s.id != 0 { s.connection?.resume(stream: s.id) } }
        })
        let queue = StreamQueue<Res>(limit: HTTP2Defaults.queueLimit) { bytes in
            loop.executeOrRun { if let s = ref.value, s.id != 0 { s.connection?.credit(stream: s.id, bytes: bytes) } }
        }
        let receiver = ResponseReceiver(queue: queue)
        stream.delivery = TypedDelivery(
            codec: method.responseCodec, queue: queue, receiver: receiver,
            recordsCompression: options.recordsMessageCompression)
        return (stream, receiver)
    }

    /// Starts the call, runs `body`, and ends the call when it returns or throws: a call the
    /// server has not finished is reset.
    private func run<Res, Result>(
        _ stream: ClientStream, _ receiver: ResponseReceiver<Res>, _ isolation: isolated (any Actor)?,
        _ body: (StreamingResponse<Res>) async throws -> Result
    ) async throws -> Result {
        if Task.isCancelled { throw RPCError(.cancelled, "call cancelled before it started") }
        let manager = self.manager
        loop.executeOrRun { manager.start(stream) }
        do {
            let result = try await body(receiver.response)
            end(stream, receiver)
            return result
        } catch {
            end(stream, receiver)
            throw error
        }
    }

    private func end<Res>(_ stream: ClientStream, _ receiver: ResponseReceiver<Res>) {
        receiver.closeConsumer()
        if receiver.head.result == nil {
            loop.executeOrRun { stream.cancel(RPCError(.cancelled, "the client ended the call")) }
        }
    }
}

/// Requests of a call: serialized, checked against the send limit, framed (compressed when
/// the call asks) into the stream's buffer.
struct RequestSink<Message: Sendable>: MessageSink {
    let outbound: OutboundBuffer
    let codec: Codec<Message>
    let sendLimit: Int?
    let compression: CompressionAlgorithm
    let abort: @Sendable (RPCError) -> Void

    nonisolated(nonsending) func write(_ message: Message) async throws {
        try await write(message, compress: true)
    }

    nonisolated(nonsending) func write(_ message: Message, compress: Bool) async throws {
        let framed: [UInt8]
        do {
            framed = try Self.frame(
                message, codec: codec, sendLimit: sendLimit, compression: compression, compress: compress)
        } catch {
            abort(error)
            throw error
        }
        try await outbound.write(framed)
    }

    func finish() {
        outbound.finish()
    }

    /// One request as it goes on the wire.
    static func frame(
        _ message: Message, codec: Codec<Message>, sendLimit: Int?, compression: CompressionAlgorithm,
        compress: Bool = true
    ) throws(RPCError) -> [UInt8] {
        var framed: [UInt8]
        do { framed = try codec.serializeFramable(message) } catch {
            throw RPCError(.internal, "failed to serialize request: \(error)")
        }
        let size = framed.count - MessageFramer.prefixLength
        if let sendLimit, size > sendLimit {
            throw RPCError(.resourceExhausted, "request of \(size) bytes exceeds the send limit of \(sendLimit) bytes")
        }
        try MessageFramer(compression: compression).frame(framable: &framed, compress: compress)
        return framed
    }
}

/// Where a call's responses go: decoded with the method's codec into the receiver's queue.
/// Used on the loop thread only (`pending` is not locked).
final class TypedDelivery<Res: Sendable>: ResponseDelivery, @unchecked Sendable {
    let codec: Codec<Res>
    let queue: StreamQueue<Res>
    let receiver: ResponseReceiver<Res>
    let recordsCompression: Bool
    /// Messages decoded from the current DATA chunk, queued together by `push`.
    private var pending: [Res] = []

    init(codec: Codec<Res>, queue: StreamQueue<Res>, receiver: ResponseReceiver<Res>, recordsCompression: Bool) {
        self.codec = codec
        self.queue = queue
        self.receiver = receiver
        self.recordsCompression = recordsCompression
    }

    func decode(_ message: UnsafeRawBufferPointer) throws(RPCError) {
        do { pending.append(try codec.deserializeBorrowed(message)) } catch {
            pending.removeAll()
            throw RPCError(.internal, "failed to deserialize response: \(error)")
        }
    }

    func push(_ wireBytes: Int, _ creditLimit: Int) -> Int {
        var decoded: [Res] = []
        swap(&decoded, &pending)
        return queue.push(decoded, bytes: wireBytes, creditLimit: creditLimit)
    }

    func headers(_ headers: Metadata) { receiver.sendHeaders(headers) }
    func end(_ error: RPCError?, _ trailers: Metadata) { receiver.finish(error: error, trailers: trailers) }
    func releaseHeld() -> Int { queue.releaseHeld() }
    var isHolding: Bool { queue.isHolding }
    func compressedFlags(_ flags: [Bool]) { receiver.head.recordCompressed(flags) }
}
