import CNGHTTP2
import GRPCCore

/// A server side HTTP/2 connection: routes nghttp2's callbacks to its streams. Loop-owned.
final class ServerConnection: HTTP2Connection, @unchecked Sendable {
    let owner: HTTP2ServerCore
    let peer: String
    // Loop-confined and touched by one nghttp2 callback at a time, never re-entered: the
    // run-time exclusivity checks of these per-header and per-frame accesses (1-2% of the CPU
    // of a unary call under load) find nothing.
    @exclusivity(unchecked) private var streams: [Int32: ServerStream] = [:]
    /// The stream of the last look-up (a request's HEADERS and DATA mostly arrive back to
    /// back, and its response is submitted next): no hashing for those. Cleared when it closes.
    @exclusivity(unchecked) private var lastStream: ServerStream?
    /// Graceful shutdown (ServerDrain.swift).
    var drain = DrainState.serving
    var drainTimer: UInt64?
    /// Response bytes buffered across this connection's streams.
    let sendBudget = SendBudget(limit: HTTP2Defaults.connectionSendBudget)

    /// Decoded request bytes a stream may hold unread and still credit to the client: 1 MiB
    /// while few streams are open, an equal share of 8 MiB once more than 8 are. Credited bytes
    /// escape the connection window, so without the share a client that stalls many handlers
    /// (say, by never reading their responses) made the server buffer 1 MiB for each (measured:
    /// 100 stalled Echo streams, +104 MiB); past it, requests wait behind the 8 MiB connection
    /// window. A share may be 0: each message is then credited once its handler takes it.
    var creditLimit: Int {
        min(HTTP2Defaults.creditLimit, HTTP2Defaults.connectionCreditBudget / max(streams.count, 1))
    }
    /// Streams that may credit bytes of an incomplete request message as they arrive: as many
    /// as 16 MiB holds messages of the largest size accepted (4 for 4 MiB), at least one.
    private lazy var partialSlots = max(1, HTTP2Defaults.connectionPartialBudget / max(owner.server.maxReceiveMessageSize, 1))
    /// Streams waiting for a slot, first come first served.
    private var partialWaiters: [ServerStream] = []
    /// The slowloris guard (`HTTP2Server.Configuration.handshakeTimeout`): armed from accept
    /// until the client's SETTINGS arrive, and while a header block is open.
    private var guardTimer: UInt64?
    /// The buffers of the last header block submitted, for `makeFields`.
    private var spareFields: HeaderFields?
    private var prefaceReceived = false
    /// The stream whose header block began and has not ended (one at most: HTTP/2 forbids
    /// interleaving other frames with CONTINUATIONs).
    private var openHeaderBlock: Int32?
    /// The stream whose request header block is open, if one is (no table look-up per field).
    @exclusivity(unchecked) private var requestBlockStream: ServerStream?
    /// The request header block being received (see `header`), emptied when the next one
    /// begins; as `streams`.
    @exclusivity(unchecked) private var requestHeaders = ReceivedHeaders(limit: HTTP2Defaults.maxHeaderListSize)
    /// Idle and age limits, server pings, the client-ping policy (ServerKeepalive.swift).
    private(set) lazy var keepalive = ServerConnectionKeepalive(connection: self, settings: owner.keepalive)

    init(loop: EventLoop, fd: Int32, owner: HTTP2ServerCore, peer: String) {
        self.owner = owner
        self.peer = peer
        super.init(loop: loop, fd: fd)
    }

    func start() {
        let settings = [
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS.rawValue), value: owner.maxConcurrentStreams),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue), value: HTTP2Defaults.streamWindow),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE.rawValue), value: UInt32(HTTP2Defaults.maxHeaderListSize)),
        ]
        start(server: true, settings: settings, connectionWindow: HTTP2Defaults.connectionWindow,
              resetRateLimit: owner.resetRateLimit)
        armGuard("no client preface and SETTINGS")
        keepalive.start()
    }

    /// Closes the connection (GOAWAY first) unless `disarmGuard` runs within the timeout.
    private func armGuard(_ missing: String) {
        guard guardTimer == nil, !isClosed else { return }
        let timeout = owner.handshakeTimeout
        // Strong: a weak reference would give the connection a side table, and every retain
        // and release of it (several per call) would take the runtime's slow path. Closing
        // cancels the timer.
        guardTimer = loop.schedule(at: .now + timeout) {
            self.guardTimer = nil
            self.closeGracefully(reason: RPCError(.unavailable, "\(missing) within \(timeout)"))
        }
    }

    private func disarmGuard() {
        guard let guardTimer else { return }
        loop.cancelTimer(guardTimer)
        self.guardTimer = nil
    }

    /// Arms the guard for a header block still open when this tick's input is processed (most
    /// blocks begin and end in one read: no timer for them).
    override func flush() {
        if openHeaderBlock != nil && guardTimer == nil { armGuard("an unfinished header block") }
        super.flush()
    }

    /// A header block ended (or its stream did): the guard stays only for a missing preface.
    private func headerBlockEnded() {
        openHeaderBlock = nil
        requestBlockStream = nil
        if prefaceReceived { disarmGuard() }
    }

    override func beginHeaders(stream: Int32, category: nghttp2_headers_category) -> Int32 {
        openHeaderBlock = stream
        if category == NGHTTP2_HCAT_REQUEST {
            let s = ServerStream(id: stream, connection: self)
            streams[stream] = s
            lastStream = s
            requestBlockStream = s
            requestHeaders.removeAll()
            keepalive.streamOpened()
        }
        return 0
    }

    override func header(stream: Int32, name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) -> Int32 {
        // Only a request's own block: HTTP/2 sends a header block whole, never interleaved
        // with another stream's, so one buffer serves every stream of the connection.
        if let s = requestBlockStream, s.id == stream {
            requestHeaders.add(name: name, value: value)
        }
        return 0
    }

    override func frameReceived(_ frame: UnsafePointer<nghttp2_frame>) -> Int32 {
        let id = frame.pointee.hd.stream_id
        let endStream = frame.pointee.hd.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
        switch UInt32(frame.pointee.hd.type) {
        case NGHTTP2_SETTINGS.rawValue:
            if !prefaceReceived && frame.pointee.hd.flags & UInt8(NGHTTP2_FLAG_ACK.rawValue) == 0 {
                prefaceReceived = true
                if openHeaderBlock == nil { disarmGuard() }
            }
        case NGHTTP2_HEADERS.rawValue:
            headerBlockEnded()
            guard let s = lookUp(id) else { return 0 }
            if frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST { s.dispatch(requestHeaders) }
            if endStream { s.endOfRequests() }
        case NGHTTP2_DATA.rawValue:
            if endStream { lookUp(id)?.endOfRequests() }
        case NGHTTP2_PING.rawValue where frame.pointee.hd.flags & UInt8(NGHTTP2_FLAG_ACK.rawValue) != 0:
            pingAcknowledged(frame)
        case NGHTTP2_PING.rawValue:
            keepalive.pingReceived(streamsOpen: !streams.isEmpty)
        default:
            break
        }
        return 0
    }

    override func dataReceived(stream: Int32, bytes: UnsafeRawBufferPointer) -> Int32 {
        if let s = lookUp(stream) {
            s.received(bytes)
        } else {
            consume(stream: stream, bytes: bytes.count)
        }
        return 0
    }

    override func streamClosed(stream: Int32, errorCode: UInt32) -> Int32 {
        // nghttp2 resets a stream whose header block it rejects without reporting the block's end.
        if stream == openHeaderBlock { headerBlockEnded() }
        if lastStream?.id == stream { lastStream = nil }
        if let s = streams.removeValue(forKey: stream) {
            s.closed(errorCode: errorCode)
            if streams.isEmpty { keepalive.streamsEnded() }
        }
        return 0
    }

    override func frameSent(_ frame: UnsafePointer<nghttp2_frame>) -> Int32 {
        // HEADERS or DATA sent lets the client ping again (the ping policy).
        if frame.pointee.hd.type <= UInt8(NGHTTP2_HEADERS.rawValue) { keepalive.dataSent = true }
        // Trailers went out before the client half-closed: tell it to stop sending
        // (PROTOCOL-HTTP2.md; nghttp2 does not do this itself).
        let id = frame.pointee.hd.stream_id
        if UInt32(frame.pointee.hd.type) == NGHTTP2_HEADERS.rawValue,
           frame.pointee.hd.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0,
           let session, nghttp2_session_get_stream_remote_close(session, id) == 0
        {
            nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), id, NGHTTP2_NO_ERROR.rawValue)
        }
        return 0
    }

    override func connectionClosed(reason: RPCError) {
        if let drainTimer { loop.cancelTimer(drainTimer) }
        drainTimer = nil
        disarmGuard()
        keepalive.stop()
        partialWaiters = []
        let open = streams.values
        streams = [:]
        lastStream = nil
        requestBlockStream = nil
        for s in open { s.closed(errorCode: NGHTTP2_CANCEL.rawValue) }
        owner.connectionClosed(self)
    }

    private func lookUp(_ id: Int32) -> ServerStream? {
        if let s = lastStream, s.id == id { return s }
        let s = streams[id]
        if s != nil { lastStream = s }
        return s
    }

    // MARK: for streams

    /// A slot for `stream` now (true), or a place in the queue for one (`grantPartialSlot`).
    func requestPartialSlot(_ stream: ServerStream) -> Bool {
        if partialSlots > 0 && partialWaiters.isEmpty {
            partialSlots -= 1
            return true
        }
        if !stream.waitsForPartialSlot {
            stream.waitsForPartialSlot = true
            partialWaiters.append(stream)
        }
        return false
    }

    /// A stream gives its slot back: the first waiting stream that still wants one gets it.
    func releasePartialSlot() {
        partialSlots += 1
        while partialSlots > 0 && !partialWaiters.isEmpty {
            let next = partialWaiters.removeFirst()
            partialSlots -= 1
            if !next.grantPartialSlot() { partialSlots += 1 }
        }
    }

    /// A header block to fill, reusing the buffers of the last one submitted: response
    /// headers and trailers are built and submitted on the loop, and nghttp2 copies them.
    func makeFields() -> HeaderFields {
        guard var fields = spareFields else { return HeaderFields() }
        spareFields = nil
        fields.removeAll()
        return fields
    }

    func submitResponse(stream: Int32, fields: consuming HeaderFields, withBody: Bool) {
        defer { spareFields = fields }
        guard let session else { return }
        let rc: Int32
        if withBody, let s = lookUp(stream) {
            var provider = nghttp2_data_provider()
            provider.source.ptr = Unmanaged.passUnretained(s).toOpaque()
            provider.read_callback = { _, _, _, length, flags, source, _ in
                guard let source, let flags else { return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue) }
                // The stream is in `streams` until nghttp2 closes it: no retain needed.
                return Unmanaged<ServerStream>.fromOpaque(source.pointee.ptr)._withUnsafeGuaranteedRef {
                    $0.readBody(length: length, flags: flags)
                }
            }
            rc = fields.withNV { nghttp2_submit_response(session, stream, $0, $1, &provider) }
        } else {
            rc = fields.withNV { nghttp2_submit_response(session, stream, $0, $1, nil) }
        }
        if rc != 0 { nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), stream, NGHTTP2_INTERNAL_ERROR.rawValue) }
        markDirty()
    }

    func submitTrailer(stream: Int32, fields: consuming HeaderFields) {
        defer { spareFields = fields }
        guard let session else { return }
        _ = fields.withNV { nghttp2_submit_trailer(session, stream, $0, $1) }
    }

    func resume(stream: Int32) {
        guard let session else { return }
        nghttp2_session_resume_data(session, stream)
        markDirty()
    }

    func consume(stream: Int32, bytes: Int) {
        guard let session, bytes > 0 else { return }
        nghttp2_session_consume(session, stream, bytes)
        markDirty()
    }

    /// Credits received bytes to the connection window only.
    func consumeConnection(bytes: Int) {
        guard let session, bytes > 0 else { return }
        nghttp2_session_consume_connection(session, bytes)
        markDirty()
    }

    /// Credits bytes already credited to the connection to `stream`'s window.
    func consumeStream(stream: Int32, bytes: Int) {
        guard let session, bytes > 0 else { return }
        nghttp2_session_consume_stream(session, stream, bytes)
        markDirty()
    }
}
