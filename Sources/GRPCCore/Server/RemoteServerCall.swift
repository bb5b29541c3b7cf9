/// Where a handler's responses go when its client is across a wire: encoded messages, with
/// the compression the handler asked for, then the final status.
public protocol RemoteResponseSink: Sendable {
    /// Sends the response headers, announcing `compression` if the client accepts it; called
    /// at most once, before the first message.
    func sendHeaders(_ headers: Metadata, compression: CompressionAlgorithm)
    /// Sends one message, encoded behind `MessageFramer.prefixLength` bytes of room for its
    /// prefix (`Codec.serializeFramable`), compressed with `compression` if the client accepts
    /// it; suspends while the peer is behind.
    nonisolated(nonsending) func write(framable message: consuming [UInt8], compression: CompressionAlgorithm) async throws
    /// Sends one message as `write` does if that needs no waiting; false (and nothing sent)
    /// when the caller must `write` it. The sink may keep the refused bytes for that write
    /// (`takeRefused`), so the caller need not encode the message again.
    func trySend(framable message: consuming [UInt8], compression: CompressionAlgorithm) throws -> Bool
    /// The message the last `trySend` refused and kept, once; nil if none was kept.
    func takeRefused() -> [UInt8]?
    /// Ends the call: nil error is OK.
    func finish(error: RPCError?, trailers: Metadata)
}

extension RemoteResponseSink {
    public func takeRefused() -> [UInt8]? { nil }
}

/// A call opened by `openRemote`: the transport feeds it encoded requests and runs it.
/// `receive`, `deliver`, `finishRequests` and `releaseHeld` are called on the transport's one
/// thread for the stream; `run` in the handler's task.
public protocol RemoteServerCall: AnyObject, Sendable {
    /// Decodes one received message, lent by the transport for the duration of the call, and
    /// keeps it for `deliver`. A message that does not decode ends the request stream with
    /// INTERNAL.
    func receive(_ message: UnsafeRawBufferPointer)
    /// Hands the messages received since the last delivery (`wireBytes` on the wire in all) to
    /// the handler; returns the bytes the transport may credit to the peer now (see
    /// `StreamQueue.push`).
    func deliver(wireBytes: Int, creditLimit: Int) -> Int
    /// Ends the request stream: nil after the client's last message, else with an error.
    func finishRequests(_ error: RPCError?)
    /// Held bytes of the request stream, to credit when the stream closes.
    func releaseHeld() -> Int
    /// Runs interceptors and the handler to the end, on the caller's executor; the status goes
    /// to the response sink.
    nonisolated(nonsending) func run() async
}

/// A handler's responses encoded for a wire: serialized with the method's codec and checked
/// against the server's send limit. The calls `openRemote` makes are this sink themselves,
/// so a call is one object, not one per part.
class EncodingResponseSink<Message: Sendable>: ResponseSink, @unchecked Sendable {
    let base: any RemoteResponseSink
    /// The codec's `serializeFramable`: a closure, unlike the generic `Codec`, is copied and
    /// dropped without looking up its type's metadata.
    let serializeFramable: @Sendable (Message) throws -> [UInt8]
    let context: ServerContext
    let sendLimit: Int?

    init(base: any RemoteResponseSink, codec: Codec<Message>, context: ServerContext, sendLimit: Int?) {
        self.base = base
        self.serializeFramable = codec.serializeFramable
        self.context = context
        self.sendLimit = sendLimit
    }

    final func sendHeaders(_ headers: Metadata) {
        base.sendHeaders(headers, compression: context.responseCompression)
    }

    /// Writes what `trySend` encoded and the sink refused, or encodes `message`.
    nonisolated(nonsending) final func write(_ message: Message) async throws {
        let bytes = try base.takeRefused() ?? encode(message)
        try await base.write(framable: bytes, compression: context.responseCompression)
    }

    /// Encodes before asking the sink for room: asking first, through a closure or a second
    /// protocol call, cost 7-9% of the server's CPU per message on the fast path (respSize=1,
    /// measured with `Benchmarks/cpu-per-call.sh`). A refused message is kept by the sink for
    /// `write`, not encoded twice.
    final func trySend(_ message: Message) throws -> Bool {
        try base.trySend(framable: encode(message), compression: context.responseCompression)
    }

    private func encode(_ message: Message) throws(RPCError) -> [UInt8] {
        let bytes: [UInt8]
        do { bytes = try serializeFramable(message) } catch {
            throw RPCError(.internal, "failed to serialize response: \(error)")
        }
        let size = bytes.count - MessageFramer.prefixLength
        if let sendLimit, size > sendLimit {
            throw RPCError(.resourceExhausted, "response of \(size) bytes exceeds the send limit of \(sendLimit) bytes")
        }
        return bytes
    }

    final func finish(error: RPCError?, trailers: Metadata) {
        base.finish(error: error, trailers: trailers)
    }
}

extension ServerMethod {
    func openRemote(
        context: ServerContext,
        server: Server,
        responses: any RemoteResponseSink,
        bufferLimit: BufferLimit,
        onRelease: @escaping @Sendable (Int) -> Void
    ) -> any RemoteServerCall {
        if takesOneRequest {
            return OneRequestCall(method: self, responses: responses, context: context, sendLimit: server.maxSendMessageSize)
        }
        return StreamingRemoteCall(
            method: self, responses: responses, context: context, sendLimit: server.maxSendMessageSize,
            queue: StreamQueue(limit: bufferLimit, onRelease: onRelease))
    }
}
