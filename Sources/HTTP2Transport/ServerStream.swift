import CNGHTTP2
import GRPCCore
import Synchronization

private let serverStreamsAlive = Atomic<Int>(0)

extension HTTP2Server {
    /// How many server streams (calls) exist in this process now, on every server: a leak
    /// check for tests and tools. A stream lives until it has closed and its handler returned.
    public static var streamsAlive: Int { serverStreamsAlive.load(ordering: .relaxed) }
}

/// One call on a server connection: its request headers, the deframer of its requests, the
/// handler's task and the buffer of its responses. Loop-owned, except `outbound`. Its
/// properties are touched by one loop callback at a time and never re-entered, so they skip
/// the run-time exclusivity checks (with the other per-call objects', about 2% of a unary
/// call's CPU under load).
final class ServerStream: OutboundReader, @unchecked Sendable {
    let id: Int32
    let loop: EventLoop
    /// The connection may be freed (on the server core's loop) while a handler still holds
    /// this stream through its sink: every entry point after `closed` checks `closed`, `call`
    /// or `outbound` before it touches `connection`. Unchecked in release builds (no reference
    /// count to take on every use) for that reason; checked in debug builds, so that a test
    /// that breaks the rule traps instead of reading freed memory.
    #if DEBUG
    unowned let connection: ServerConnection
    #else
    unowned(unsafe) let connection: ServerConnection
    #endif
    @exclusivity(unchecked) var deframer = MessageDeframer(maxMessageSize: 0)
    @exclusivity(unchecked) var call: (any RemoteServerCall)?
    @exclusivity(unchecked) var outbound: OutboundBuffer?
    /// The stream's share of the connection's send budget, from dispatch on.
    @exclusivity(unchecked) var account: SendBudget.Account?
    @exclusivity(unchecked) var responseOpened = false
    @exclusivity(unchecked) var requestsEnded = false
    @exclusivity(unchecked) var closed = false
    @exclusivity(unchecked) var task: Task<Void, Never>?
    /// The handler reads one request (unary, server streaming) and starts once it is here.
    @exclusivity(unchecked) private var startsOnRequest = false
    @exclusivity(unchecked) var deadlineTimer: UInt64?
    /// The call's context, kept only when the server records request compression flags.
    @exclusivity(unchecked) var compressionRecord: ServerContext?

    // Flow-control credit of request bytes (see `received`).
    /// Bytes of the incomplete message in the deframer: credited to the connection and this
    /// stream (a slot holder's), and credited to the connection only.
    @exclusivity(unchecked) private var partialCredited = 0
    @exclusivity(unchecked) private var partialConnectionOnly = 0
    /// The same, of completed messages: the call's queue counts them again when it releases
    /// them, and they are not credited twice.
    @exclusivity(unchecked) private var prepaid = 0
    @exclusivity(unchecked) private var prepaidConnectionOnly = 0
    /// Bytes the call's queue holds back (its handler is behind) and has not released.
    @exclusivity(unchecked) private var queueHeld = 0
    /// Holds one of the connection's partial-message slots (`ServerConnection.requestPartialSlot`).
    @exclusivity(unchecked) private var hasPartialSlot = false
    /// Is in the connection's queue for a slot.
    @exclusivity(unchecked) var waitsForPartialSlot = false

    init(id: Int32, connection: ServerConnection) {
        self.id = id
        self.connection = connection
        self.loop = connection.loop
        serverStreamsAlive.add(1, ordering: .relaxed)
    }

    deinit {
        serverStreamsAlive.subtract(1, ordering: .relaxed)
    }

    /// The request headers are complete: validate them and start the handler, or answer with
    /// a trailers-only status.
    func dispatch(_ headers: ReceivedHeaders) {
        let server = connection.owner.server
        guard !headers.overflowed else {
            return reject(RPCError(.resourceExhausted, "request header list larger than \(headers.limit) bytes"))
        }
        guard headers.method == "POST" else {
            return reject(RPCError(.internal, "method \(headers.method ?? "none") is not POST"), httpStatus: 405)
        }
        guard let contentType = headers.contentType, contentType.hasPrefix("application/grpc") else {
            return reject(RPCError(.internal, "content-type \(headers.contentType ?? "none") is not gRPC"), httpStatus: 415)
        }
        let path = headers.path ?? ""
        guard let handler = server.router.handler(for: path) else {
            return reject(Server.unimplemented(path))
        }
        var compression = CompressionAlgorithm.identity
        if let name = headers.grpcEncoding {
            guard let algorithm = CompressionAlgorithm(name: name) else {
                return reject(RPCError(.unimplemented, "compression \(name) is not supported"))
            }
            compression = algorithm
        }
        var deadline: ContinuousClock.Instant? = nil
        let metadata: Metadata
        do throws(RPCError) {
            if let timeout = headers.grpcTimeout {
                // A timeout past `CallOptions.longestTimeout` (the header allows 11,000 years) is none.
                deadline = CallOptions.deadline(after: try GRPCTimeout.decode(timeout), from: .now)
            }
            metadata = try headers.metadata()
        } catch {
            return reject(error)
        }
        let acceptEncoding = headers.grpcAcceptEncoding ?? ""
        deframer = MessageDeframer(maxMessageSize: server.maxReceiveMessageSize, compression: compression)

        let context = ServerContext(
            method: handler.descriptor, requestMetadata: metadata, deadline: deadline,
            peer: connection.peer, interceptors: server.interceptors)
        if connection.owner.recordsRequestCompression { compressionRecord = context }
        let outbound = OutboundBuffer(highWater: HTTP2Defaults.outboundHighWater)
        // The buffer and the closures hold the stream strongly (a weak reference would give
        // every stream a side table and make each retain and release of it take the slow
        // path); `closed` drops `outbound`, `call` and `account`, which breaks the cycles.
        outbound.setReader(self)
        self.outbound = outbound
        let sink = ServerResponseSink(outbound: outbound, acceptEncoding: acceptEncoding, budget: connection.sendBudget)
        self.account = sink
        // A call that takes one request credits it at once and never releases bytes later.
        let onlyOneRequest = handler.descriptor.kind == .unary || handler.descriptor.kind == .serverStreaming
        var onRelease: @Sendable (Int) -> Void = { _ in }
        if !onlyOneRequest {
            onRelease = { [self] bytes in loop.executeOrRun { self.credit(bytes) } }
        }
        let call = handler.openRemote(
            context: context, server: server, responses: sink,
            bufferLimit: HTTP2Defaults.queueLimit, onRelease: onRelease)
        self.call = call
        if requestsEnded { call.finishRequests(nil) }
        // A handler that reads exactly one request starts when it has arrived (or the client
        // half-closed), as C-core's callback API calls it: a stream that only opened holds no
        // task (4.7 of the 6.8 KiB an idle stream took). A deadline still ends it.
        if onlyOneRequest && !requestsEnded {
            startsOnRequest = true
        } else {
            task = connection.owner.startHandler(call, loop: loop)
        }
        if let deadline {
            // Strong, as above; `closed` cancels the timer.
            deadlineTimer = loop.schedule(at: deadline) { [self] in
                fail(RPCError(.deadlineExceeded, "deadline exceeded"))
            }
        }
    }

    /// Answers at once with a trailers-only response carrying `error`.
    private func reject(_ error: RPCError, httpStatus: Int = 200) {
        var fields = HeaderFields()
        fields.add(":status", String(httpStatus))
        // RFC 9110 §15.5.6: a 405 names the methods the resource allows.
        if httpStatus == 405 { fields.add("allow", "POST") }
        fields.add("content-type", "application/grpc")
        if error.code == .unimplemented {
            fields.add("grpc-accept-encoding", HTTP2Defaults.acceptEncoding)
        }
        fields.addStatus(error, trailers: Metadata())
        responseOpened = true
        connection.submitResponse(stream: id, fields: fields, withBody: false)
    }

    // MARK: requests

    /// DATA bytes of the request stream. Bytes of complete messages are credited to the client
    /// (flow control) as the handler takes them, or at once while its queue holds at most
    /// `connection.creditLimit`. Bytes of a message still incomplete are credited to the
    /// connection at once (so they never block other streams), but to the stream only while it
    /// holds one of the connection's partial-message slots and its handler keeps up; else the
    /// stream's window (1 MiB) bounds them, and a larger message waits for a slot. Before, every
    /// incomplete byte was credited at once and a completed message counted only its last
    /// chunk: a client made the server buffer a whole message per stream (measured: 50 streams
    /// of 3.7 MB partial messages, +186 MiB) and, into a handler that did not read, any number
    /// of messages (40 of 4 MB on one stream, +156 MiB and rising).
    func received(_ bytes: UnsafeRawBufferPointer) {
        guard let call else {
            connection.consume(stream: id, bytes: bytes.count)
            return
        }
        var count = 0
        var flags: [Bool] = []
        let recordsFlags = compressionRecord != nil
        do throws(RPCError) {
            // Messages wholly inside `bytes` are decoded from it, not copied first.
            try deframer.append(bytes) { message, compressed in
                call.receive(message)
                count += 1
                if recordsFlags { flags.append(compressed) }
            }
        } catch {
            connection.consume(stream: id, bytes: bytes.count)
            return fail(error)
        }
        let tail = deframer.bufferedByteCount
        if count == 0 { return addPartial(bytes.count) }
        // The messages took every earlier partial byte and this chunk up to its tail.
        let wire = partialCredited + partialConnectionOnly + bytes.count - tail
        prepaid += partialCredited
        prepaidConnectionOnly += partialConnectionOnly
        partialCredited = 0
        partialConnectionOnly = 0
        compressionRecord?.recordRequestCompressed(flags)
        let credit = call.deliver(wireBytes: wire, creditLimit: connection.creditLimit)
        startIfWaiting()
        queueHeld += wire - credit
        pay(credit)
        releaseSlotIfIdle()
        if tail > 0 { addPartial(tail) }
    }

    /// Bytes of an incomplete message arrived.
    private func addPartial(_ bytes: Int) {
        connection.consumeConnection(bytes: bytes)
        partialConnectionOnly += bytes
        creditPartial()
    }

    /// Credits `bytes` released by the call's queue, less what was credited before.
    private func pay(_ bytes: Int) {
        var left = bytes
        let both = min(prepaid, left)
        prepaid -= both
        left -= both
        let streamOnly = min(prepaidConnectionOnly, left)
        prepaidConnectionOnly -= streamOnly
        left -= streamOnly
        if streamOnly > 0 { connection.consumeStream(stream: id, bytes: streamOnly) }
        if left > 0 { connection.consume(stream: id, bytes: left) }
    }

    /// Credits the incomplete message's bytes to the stream if it may (a slot, a handler
    /// keeping up).
    private func creditPartial() {
        guard partialConnectionOnly > 0, queueHeld == 0, !closed else { return }
        if !hasPartialSlot {
            guard connection.requestPartialSlot(self) else { return }
            hasPartialSlot = true
        }
        connection.consumeStream(stream: id, bytes: partialConnectionOnly)
        partialCredited += partialConnectionOnly
        partialConnectionOnly = 0
    }

    /// Gives the slot back once nothing credited early is buffered here any more.
    private func releaseSlotIfIdle() {
        guard hasPartialSlot, prepaid == 0, partialCredited == 0 else { return }
        hasPartialSlot = false
        connection.releasePartialSlot()
    }

    /// The connection offers a slot; false to decline it (nothing to credit now).
    func grantPartialSlot() -> Bool {
        waitsForPartialSlot = false
        guard !closed, partialConnectionOnly > 0, queueHeld == 0 else { return false }
        hasPartialSlot = true
        creditPartial()
        return true
    }

    /// The client half-closed.
    func endOfRequests() {
        requestsEnded = true
        guard let call else { return }
        do throws(RPCError) {
            try deframer.finish()
            call.finishRequests(nil)
            startIfWaiting()
        } catch {
            fail(error)
        }
    }

    /// Starts a handler that waited for its request (see `dispatch`).
    private func startIfWaiting() {
        guard startsOnRequest, let call else { return }
        startsOnRequest = false
        task = connection.owner.startHandler(call, loop: loop)
    }

    /// Credits bytes the handler has now read (the call's queue released them).
    func credit(_ bytes: Int) {
        guard !closed else { return }
        queueHeld -= bytes
        pay(bytes)
        releaseSlotIfIdle()
        creditPartial()
    }

    /// Ends the call with `error` now: the client gets it as the status, the handler is cancelled.
    func fail(_ error: RPCError) {
        call?.finishRequests(error)
        outbound?.finish(OutboundBuffer.End(error: error, trailers: Metadata()))
        task?.cancel()
    }

    // MARK: responses

    /// A handler wrote a response, its headers or its end (from its task's thread).
    func bufferHasWork() {
        if loop.inLoop { pump() } else { loop.execute { self.pump() } }
    }

    /// Looks at the response buffer: opens the response, or resumes a deferred body.
    func pump() {
        guard !closed, let outbound else { return }
        if responseOpened {
            connection.resume(stream: id)
            return
        }
        let (headers, hasData, end) = outbound.openResponse()
        if let end, headers == nil, !hasData {
            responseOpened = true
            let fields = Self.trailersOnly(end?.error, end?.trailers ?? Metadata())
            connection.submitResponse(stream: id, fields: fitted(fields, "response trailers", trailersOnly: true), withBody: false)
            return
        }
        guard headers != nil || hasData || end != nil else {
            outbound.markIdle()
            return
        }
        var fields = connection.makeFields()
        fields.add(":status", "200")
        fields.add("content-type", "application/grpc")
        let encoding = outbound.encoding
        if encoding.compresses { fields.add("grpc-encoding", encoding.name) }
        fields.add("grpc-accept-encoding", HTTP2Defaults.acceptEncoding)
        if let headers { fields.add(headers) }
        responseOpened = true
        let limit = connection.peerHeaderListLimit
        guard fields.listSize <= limit else {
            // The client would refuse these headers: the call ends here with a status it can read.
            let error = Self.overLimit("response headers", fields.listSize, limit)
            call?.finishRequests(error)
            outbound.fail(error)
            task?.cancel()
            connection.submitResponse(stream: id, fields: Self.trailersOnly(error, Metadata()), withBody: false)
            return
        }
        connection.submitResponse(stream: id, fields: fields, withBody: true)
    }

    /// A trailers-only response: HTTP status, content-type and the gRPC status.
    private static func trailersOnly(_ error: RPCError?, _ trailers: Metadata) -> HeaderFields {
        var fields = HeaderFields()
        fields.add(":status", "200")
        fields.add("content-type", "application/grpc")
        fields.addStatus(error, trailers: trailers)
        return fields
    }

    /// `fields` (a status, with trailers), or, when they exceed the header list limit the client
    /// advertised (nghttp2 does not check it), the status that says so without the trailers.
    private func fitted(_ fields: HeaderFields, _ what: String, trailersOnly: Bool) -> HeaderFields {
        let limit = connection.peerHeaderListLimit
        guard fields.listSize > limit else { return fields }
        let error = Self.overLimit(what, fields.listSize, limit)
        if trailersOnly { return Self.trailersOnly(error, Metadata()) }
        var status = HeaderFields()
        status.addStatus(error, trailers: Metadata())
        return status
    }

    private static func overLimit(_ what: String, _ size: Int, _ limit: Int) -> RPCError {
        RPCError(.resourceExhausted, "\(what) of \(size) bytes exceed the client's header list limit of \(limit) bytes")
    }

    /// nghttp2 asks for body bytes.
    func readBody(length: Int, flags: UnsafeMutablePointer<UInt32>) -> Int {
        guard let outbound else { return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue) }
        switch connection.stageData(from: outbound, length: length) {
        case .bytes(let n):
            if let account { connection.sendBudget.release(n, for: account) }
            flags.pointee |= NGHTTP2_DATA_FLAG_NO_COPY.rawValue
            return n
        case .wait:
            return Int(NGHTTP2_ERR_DEFERRED.rawValue)
        case .end(let n, let end):
            if let account { connection.sendBudget.release(n, for: account) }
            flags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue | NGHTTP2_DATA_FLAG_NO_END_STREAM.rawValue | NGHTTP2_DATA_FLAG_NO_COPY.rawValue
            var fields = connection.makeFields()
            fields.addStatus(end?.error, trailers: end?.trailers ?? Metadata())
            connection.submitTrailer(stream: id, fields: fitted(fields, "response trailers", trailersOnly: false))
            return n
        }
    }

    private static let closedCleanly = RPCError(.cancelled, "the stream was closed")

    /// The stream is closed (trailers sent, or reset by either side).
    func closed(errorCode: UInt32) {
        closed = true
        if let account { connection.sendBudget.close(account) }
        if let deadlineTimer { loop.cancelTimer(deadlineTimer) }
        if hasPartialSlot {
            hasPartialSlot = false
            connection.releasePartialSlot()
        }
        if let call {
            pay(call.releaseHeld())
            // Every call ends here; after a clean end the error is ignored, so it is a constant.
            let reason = errorCode == 0
                ? Self.closedCleanly
                : RPCError(statusCode(forHTTP2Error: errorCode), "the client reset the stream (HTTP/2 error \(errorCode))")
            call.finishRequests(reason)
            outbound?.fail(reason)
            if errorCode != 0 { task?.cancel() }
        }
        // The buffer holds this stream as its reader, and the call and the account (the
        // response sink) hold the buffer: dropping all three breaks the cycles.
        call = nil
        outbound = nil
        account = nil
    }
}

/// Where a handler's encoded responses go: framed (compressed when asked and accepted) into
/// the stream's outbound buffer, each charged first to the connection's send budget, whose
/// account for the stream this is (one object per stream for both).
final class ServerResponseSink: SendBudget.Account, RemoteResponseSink, @unchecked Sendable {
    let outbound: OutboundBuffer
    /// The client's `grpc-accept-encoding`, parsed only when a handler asks for compression.
    let acceptEncoding: String
    /// The connection's budget, charged before each message is queued.
    let budget: SendBudget

    init(outbound: OutboundBuffer, acceptEncoding: String, budget: SendBudget) {
        self.outbound = outbound
        self.acceptEncoding = acceptEncoding
        self.budget = budget
    }

    func sendHeaders(_ headers: Metadata, compression: CompressionAlgorithm) {
        let accepted = compression.compresses && CompressionAlgorithm.parseList(acceptEncoding).known.contains(compression)
        let encoding = accepted ? compression : .identity
        outbound.setHeaders(headers, encoding: encoding)
    }

    nonisolated(nonsending) func write(framable message: consuming [UInt8], compression: CompressionAlgorithm) async throws {
        let framed = try frame(message, compression)
        await budget.acquire(framed.count, for: self)
        try await outbound.write(framed)
    }

    func trySend(framable message: consuming [UInt8], compression: CompressionAlgorithm) throws -> Bool {
        // The stream's writes are sequential, so room seen here is still there below (the loop
        // only drains); a message framed for nothing when the budget is full is rare.
        guard outbound.hasRoom else {
            outbound.keepRefused(message)
            return false
        }
        let framed = try frame(message, compression)
        guard budget.tryAcquire(framed.count, for: self) else { return false }
        try outbound.push(framed)
        return true
    }

    func takeRefused() -> [UInt8]? {
        outbound.takeRefused()
    }

    /// Writes the prefix into the message's room, compressing it when the handler asked for
    /// the compression the response headers announce.
    private func frame(_ message: consuming [UInt8], _ compression: CompressionAlgorithm) throws(RPCError) -> [UInt8] {
        let encoding = outbound.encoding
        var framed = message
        try MessageFramer(compression: encoding).frame(framable: &framed, compress: compression == encoding && encoding.compresses)
        return framed
    }

    func finish(error: RPCError?, trailers: Metadata) {
        outbound.finish(OutboundBuffer.End(error: error, trailers: trailers))
    }
}
