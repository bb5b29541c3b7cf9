import CNGHTTP2
import GRPCCore
import Synchronization

private let clientStreamsAlive = Atomic<Int>(0)

extension HTTP2Channel {
    /// How many client streams (calls) exist in this process now, on every channel: a leak
    /// check for tests and tools. A stream lives until its call has ended, its connection has
    /// let it go and its caller has dropped the response.
    public static var streamsAlive: Int { clientStreamsAlive.load(ordering: .relaxed) }
}

/// One call of a client: its request headers and buffer, and how responses are delivered.
/// Loop-owned, except `outbound` and `delivery`, which are thread-safe.
final class ClientStream: @unchecked Sendable {
    let method: MethodDescriptor
    let metadata: Metadata
    let deadline: ContinuousClock.Instant?
    let compression: CompressionAlgorithm
    let waitForReady: Bool
    let maxReceiveMessageSize: Int
    let outbound: OutboundBuffer
    var delivery: (any ResponseDelivery)?

    // Loop-owned: touched by one loop callback at a time and never re-entered, so without
    // run-time exclusivity checks (as the server's streams).
    @exclusivity(unchecked) var id: Int32 = 0
    /// The connection whose table holds the stream; set to nil when the stream leaves it (a
    /// strong reference: a weak one gave every connection a side table, and each retain and
    /// release of it the runtime's slow path).
    @exclusivity(unchecked) var connection: ClientConnection?
    weak var manager: ConnectionManager?
    @exclusivity(unchecked) var received = ReceivedHeaders(limit: HTTP2Defaults.maxHeaderListSize)
    @exclusivity(unchecked) var deframer: MessageDeframer
    @exclusivity(unchecked) var gotHeaders = false
    @exclusivity(unchecked) var ended = false
    @exclusivity(unchecked) var deadlineTimer: UInt64?
    /// Streams opened for this call so far (a refused one is retried on a new stream).
    @exclusivity(unchecked) var attempts = 0
    /// How the closures of the request buffer and the response queue reach this stream
    /// (HTTP2Channel.makeCall); emptied by `detachIfDone`.
    @exclusivity(unchecked) var loopRef: LoopRef<ClientStream>?
    // Flow-control credit of response bytes. A message counts in the call's queue by its whole
    // wire size (the queue holds credit back once its reader is behind), and bytes of a message
    // still incomplete are credited early only while the reader keeps up: so a reader that
    // stopped bounds what the server sends, even in messages larger than the window.
    /// Bytes of the incomplete message credited already.
    @exclusivity(unchecked) private var partialCredited = 0
    /// Bytes of the incomplete message not credited yet (the reader was behind).
    @exclusivity(unchecked) private var withheld = 0
    /// Bytes credited early that the queue counts again when it releases its held bytes.
    @exclusivity(unchecked) private var prepaid = 0

    init(method: MethodDescriptor, metadata: Metadata, options: CallOptions, deadline: ContinuousClock.Instant?,
         outbound: OutboundBuffer)
    {
        self.method = method
        self.metadata = metadata
        self.deadline = deadline
        self.compression = options.compression
        self.waitForReady = options.waitForReady
        self.maxReceiveMessageSize = options.maxReceiveMessageSize
        self.outbound = outbound
        self.deframer = MessageDeframer(maxMessageSize: options.maxReceiveMessageSize)
        clientStreamsAlive.add(1, ordering: .relaxed)
    }

    deinit {
        clientStreamsAlive.subtract(1, ordering: .relaxed)
    }

    /// The request header block, with the time left until the deadline as `grpc-timeout`.
    func requestHeaders(authority: String) -> HeaderFields {
        var fields = HeaderFields()
        fields.add(":method", "POST")
        fields.add(":scheme", "http")
        fields.add(":path", method.path)
        fields.add(":authority", authority)
        fields.add("content-type", "application/grpc")
        fields.add("te", "trailers")
        if let deadline { fields.add("grpc-timeout", GRPCTimeout.encode(deadline - .now)) }
        if compression.compresses { fields.add("grpc-encoding", compression.name) }
        fields.add("grpc-accept-encoding", HTTP2Defaults.acceptEncoding)
        fields.add("user-agent", "grpc-swift-mini/0.1")
        fields.add(metadata)
        return fields
    }

    // MARK: loop side

    /// Arms the deadline on the loop: when it passes the call ends with DEADLINE_EXCEEDED.
    func armDeadline(on loop: EventLoop) {
        guard let deadline else { return }
        // Strong (a weak reference would give the stream a side table): `end` cancels the timer.
        deadlineTimer = loop.schedule(at: deadline) { [self] in
            cancel(RPCError(.deadlineExceeded, "deadline exceeded"))
        }
    }

    /// Ends the call with `error` and resets the stream if it is open.
    func cancel(_ error: RPCError) {
        guard !ended else { return }
        if id != 0, let connection { connection.reset(stream: id, code: NGHTTP2_CANCEL.rawValue) }
        end(error, trailers: Metadata())
        if id == 0 { manager?.dropPending(self) }
    }

    /// The call is over for the client: deliver the status once, stop the writers.
    func end(_ error: RPCError?, trailers: Metadata) {
        guard !ended else { return }
        ended = true
        if let deadlineTimer { manager?.loop.cancelTimer(deadlineTimer) }
        deadlineTimer = nil
        outbound.fail(error)
        delivery?.end(error, trailers)
        detachIfDone()
    }

    /// Once the call has ended and no connection holds the stream (nothing more arrives for it,
    /// and its closed callback has run), the closures of its buffer and queue have nothing left
    /// to do: emptying their reference breaks the cycles through them.
    func detachIfDone() {
        guard ended, connection == nil else { return }
        loopRef?.value = nil
        loopRef = nil
    }

    func beginHeaders() {
        received = ReceivedHeaders(limit: HTTP2Defaults.maxHeaderListSize)
    }

    /// A whole header block arrived: response headers, trailers-only, or trailers.
    func headersComplete(endStream: Bool) {
        let block = received
        received = ReceivedHeaders(limit: 0)
        guard !ended else { return }
        if block.overflowed {
            return cancel(RPCError(.resourceExhausted, "response header list larger than \(block.limit) bytes"))
        }
        if !gotHeaders {
            if let status = block.httpStatus.flatMap(Int.init), (100..<200).contains(status) {
                received = ReceivedHeaders(limit: HTTP2Defaults.maxHeaderListSize)
                return
            }
            gotHeaders = true
            outbound.commit()
            if let failure = Self.invalidResponse(block) { return cancel(failure) }
            if !endStream {
                if let name = block.grpcEncoding {
                    guard let algorithm = CompressionAlgorithm(name: name) else {
                        return cancel(RPCError(.internal, "response compressed with unsupported \(name)"))
                    }
                    deframer = MessageDeframer(maxMessageSize: maxReceiveMessageSize, compression: algorithm)
                }
                do throws(RPCError) { delivery?.headers(try block.metadata()) } catch { return cancel(error) }
                return
            }
        }
        // Trailers, or a trailers-only response.
        do throws(RPCError) {
            try deframer.finish()
            guard let (error, trailers) = try block.status() else {
                return cancel(RPCError(.unknown, "the response ended without grpc-status"))
            }
            end(error, trailers: trailers)
            connection?.stopSending(stream: id)
        } catch {
            cancel(error)
        }
    }

    /// Why a response header block is not a gRPC response, if it is not.
    private static func invalidResponse(_ block: ReceivedHeaders) -> RPCError? {
        let status = block.httpStatus.flatMap(Int.init) ?? 0
        if status != 200 {
            if let parsed = try? block.status(), let error = parsed.error { return error }
            return RPCError(statusCode(forHTTPStatus: status), "HTTP status \(status) is not a gRPC response")
        }
        guard let type = block.contentType, type.hasPrefix("application/grpc") else {
            return RPCError(.unknown, "content-type \(block.contentType ?? "none") is not gRPC")
        }
        return nil
    }

    /// DATA bytes of the response.
    func received(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard !ended, let delivery else { return bytes.count }
        var count = 0
        var flags: [Bool] = []
        do throws(RPCError) {
            // Each message is decoded from the chunk, or from the deframer's buffer when it
            // spans chunks, never copied out first.
            let records = delivery.recordsCompression
            try deframer.append(bytes) { (message, compressed) throws(RPCError) in
                try delivery.decode(message)
                count += 1
                if records { flags.append(compressed) }
            }
            if count == 0 { return partial(bytes.count, delivery) }
            if delivery.recordsCompression { delivery.compressedFlags(flags) }
            // The messages took every earlier partial byte and this chunk up to its tail.
            let tail = deframer.bufferedByteCount
            let wire = partialCredited + withheld + bytes.count - tail
            let early = partialCredited
            partialCredited = 0
            withheld = 0
            var credit = delivery.push(wire, HTTP2Defaults.creditLimit)
            if credit > 0 {
                credit -= early
            } else {
                prepaid += early
            }
            return credit + (tail > 0 ? partial(tail, delivery) : 0)
        } catch {
            cancel(error)
            return bytes.count
        }
    }

    /// nghttp2 closed the stream; `errorCode` is from RST_STREAM or GOAWAY (0 after trailers).
    /// A stream the server refused before processing it (REFUSED_STREAM, or above a GOAWAY's
    /// last stream id) is opened again, transparently, a few times.
    func closed(errorCode: UInt32) -> Int {
        let held = max(0, (delivery?.releaseHeld() ?? 0) - prepaid) + withheld
        prepaid = 0
        withheld = 0
        if !ended, errorCode == NGHTTP2_REFUSED_STREAM.rawValue, !gotHeaders, let manager {
            manager.retry(self)
            return held
        }
        if !ended {
            let code = errorCode == 0 ? StatusCode.internal : statusCode(forHTTP2Error: errorCode)
            end(RPCError(code, "the server closed the stream without a status (HTTP/2 error \(errorCode))"), trailers: Metadata())
        }
        return held
    }

    /// Bytes of an incomplete message arrived: credited now unless the reader is behind.
    private func partial(_ bytes: Int, _ delivery: any ResponseDelivery) -> Int {
        if delivery.isHolding {
            withheld += bytes
            return 0
        }
        partialCredited += bytes
        return bytes
    }

    /// The queue released `bytes` it held (its reader caught up): what to credit now, less
    /// what was credited early, plus the incomplete message's withheld bytes.
    func released(_ bytes: Int) -> Int {
        let early = min(prepaid, bytes)
        prepaid -= early
        let late = withheld
        partialCredited += withheld
        withheld = 0
        return bytes - early + late
    }

    /// nghttp2 asks `connection` (this stream's) for request body bytes.
    func readBody(_ connection: HTTP2Connection, length: Int, flags: UnsafeMutablePointer<UInt32>) -> Int {
        switch connection.stageData(from: outbound, length: length) {
        case .bytes(let n):
            flags.pointee |= NGHTTP2_DATA_FLAG_NO_COPY.rawValue
            return n
        case .wait:
            return Int(NGHTTP2_ERR_DEFERRED.rawValue)
        case .end(let n, _):
            flags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue | NGHTTP2_DATA_FLAG_NO_COPY.rawValue
            return n
        }
    }
}

/// What a call's typed side provides its stream: decode and queue responses, headers, the end.
/// One object per call (not six closures: five allocations fewer per call).
protocol ResponseDelivery: AnyObject, Sendable {
    /// Decodes one message (from bytes valid only during the call) and keeps it for `push`;
    /// throws when it does not decode.
    func decode(_ message: UnsafeRawBufferPointer) throws(RPCError)
    /// Queues the messages decoded since the last push (`wireBytes` on the wire in all);
    /// returns bytes to credit now.
    func push(_ wireBytes: Int, _ creditLimit: Int) -> Int
    func headers(_ headers: Metadata)
    func end(_ error: RPCError?, _ trailers: Metadata)
    /// Held credit when the stream closes.
    func releaseHeld() -> Int
    /// Whether the queue holds credit back (its reader is behind).
    var isHolding: Bool { get }
    /// Whether the call asked for the wire compression flag of each message.
    var recordsCompression: Bool { get }
    /// Records the wire compression flags of messages about to be queued.
    func compressedFlags(_ flags: [Bool])
}
