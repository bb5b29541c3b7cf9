/// Carries one message from a sender's type to a receiver's within the process, checking
/// both sides' size limits: a value hand-over when the types are the same value type (a
/// copy-on-write clone), a codec round trip otherwise.
struct MessageBridge<From: Sendable, To: Sendable>: Sendable {
    let from: Codec<From>
    let to: Codec<To>
    let what: String
    let sendLimit: Int?
    let receiveLimit: Int
    let handsOver: Bool

    init(from: Codec<From>, to: Codec<To>, what: String, sendLimit: Int?, receiveLimit: Int) {
        self.from = from
        self.to = to
        self.what = what
        self.sendLimit = sendLimit
        self.receiveLimit = receiveLimit
        self.handsOver = From.self == To.self && !(From.self is AnyObject.Type)
    }

    /// The message as the receiver's type, and its encoded size.
    func pass(_ message: From) throws(RPCError) -> (To, size: Int) {
        if handsOver {
            // Without a size function the size is measured by encoding: a limit is never skipped.
            let size: Int
            if let encodedSize = from.encodedSize { size = encodedSize(message) } else { size = try serialize(message).count }
            try check(size)
            return (unsafeBitCast(message, to: To.self), size)
        }
        let bytes = try serialize(message)
        try check(bytes.count)
        do { return (try to.deserialize(bytes), bytes.count) } catch {
            throw RPCError(.internal, "failed to deserialize \(what): \(error)")
        }
    }

    /// The sender's encoding of `message`; a codec that fails is INTERNAL.
    func serialize(_ message: From) throws(RPCError) -> [UInt8] {
        do { return try from.serialize(message) } catch {
            throw RPCError(.internal, "failed to serialize \(what): \(error)")
        }
    }

    private func check(_ size: Int) throws(RPCError) {
        if let sendLimit, size > sendLimit {
            throw RPCError(.resourceExhausted, "\(what) of \(size) bytes exceeds the send limit of \(sendLimit) bytes")
        }
        if size > receiveLimit {
            throw RPCError(.resourceExhausted, "\(what) of \(size) bytes exceeds the receive limit of \(receiveLimit) bytes")
        }
    }
}

/// The client's requests, bridged into the handler's request queue.
final class BridgedRequestSink<CReq: Sendable, SReq: Sendable>: MessageSink {
    let queue: StreamQueue<SReq>
    let bridge: MessageBridge<CReq, SReq>
    let abort: @Sendable (RPCError) -> Void

    init(queue: StreamQueue<SReq>, bridge: MessageBridge<CReq, SReq>, abort: @escaping @Sendable (RPCError) -> Void) {
        self.queue = queue
        self.bridge = bridge
        self.abort = abort
    }

    nonisolated(nonsending) func write(_ message: CReq) async throws {
        let passed: (SReq, size: Int)
        do { passed = try bridge.pass(message) } catch {
            abort(error)
            throw error
        }
        try await queue.send(passed.0, size: passed.size)
    }

    func finish() {
        queue.finish(nil)
    }
}

/// The handler's responses, bridged into the client's response sink.
final class BridgedResponseSink<SRes: Sendable, CRes: Sendable>: ResponseSink {
    let target: ResponseReceiver<CRes>
    let bridge: MessageBridge<SRes, CRes>
    let abort: @Sendable (RPCError) -> Void

    init(target: ResponseReceiver<CRes>, bridge: MessageBridge<SRes, CRes>, abort: @escaping @Sendable (RPCError) -> Void) {
        self.target = target
        self.bridge = bridge
        self.abort = abort
    }

    func sendHeaders(_ headers: Metadata) {
        target.sendHeaders(headers)
    }

    nonisolated(nonsending) func write(_ message: SRes) async throws {
        let passed: (CRes, size: Int)
        do { passed = try bridge.pass(message) } catch {
            abort(error)
            throw error
        }
        try await target.write(passed.0, size: passed.size)
    }

    func finish(error: RPCError?, trailers: Metadata) {
        target.finish(error: error, trailers: trailers)
    }
}
