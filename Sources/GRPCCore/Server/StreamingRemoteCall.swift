/// A client- or bidi-streaming call from across a wire: requests decoded from one chunk of the
/// wire are delivered to the handler's `StreamQueue` together, under one lock.
final class StreamingRemoteCall<Req: Sendable, Res: Sendable>: EncodingResponseSink<Res>, RemoteServerCall, @unchecked Sendable {
    private let method: ServerMethod<Req, Res>
    private let queue: StreamQueue<Req>
    /// Decoded and not yet delivered; touched only on the transport's thread for the stream.
    private var pending: [Req] = []
    /// A request failed to decode: the call is over, later ones are not decoded.
    private var failed = false

    init(method: ServerMethod<Req, Res>, responses: any RemoteResponseSink, context: ServerContext, sendLimit: Int?, queue: StreamQueue<Req>) {
        self.method = method
        self.queue = queue
        super.init(base: responses, codec: method.method.responseCodec, context: context, sendLimit: sendLimit)
    }

    func receive(_ message: UnsafeRawBufferPointer) {
        guard !failed else { return }
        do { pending.append(try method.method.requestCodec.deserializeBorrowed(message)) } catch {
            failed = true
            pending = []
            queue.abort(RPCError(.internal, "failed to deserialize request: \(error)"))
        }
    }

    func deliver(wireBytes: Int, creditLimit: Int) -> Int {
        guard !pending.isEmpty else { return wireBytes }
        defer { pending.removeAll(keepingCapacity: true) }
        return queue.push(pending, bytes: wireBytes, creditLimit: creditLimit)
    }

    func finishRequests(_ error: RPCError?) {
        if let error { queue.abort(error) } else { queue.finish(nil) }
    }

    func releaseHeld() -> Int { queue.releaseHeld() }

    nonisolated(nonsending) func run() async {
        await method.run(requests: .queue(queue), responses: self, context: context)
    }
}
