import CNGHTTP2
import GRPCCore

/// A client side HTTP/2 connection: opens streams for calls and routes nghttp2's callbacks to
/// them. Loop-owned.
final class ClientConnection: HTTP2Connection, @unchecked Sendable {
    unowned let manager: ConnectionManager
    // Loop-confined, never re-entered: no run-time exclusivity checks.
    @exclusivity(unchecked) private var streams: [Int32: ClientStream] = [:]
    /// A GOAWAY arrived: no new streams go here.
    private(set) var draining = false
    /// Keepalive pings, when the channel asks for them (KeepalivePinger.swift).
    private var pinger: KeepalivePinger?
    /// Closes the connection after the channel's idle timeout without a call.
    private var idleTimer: ClientIdleTimer?
    /// When the last call on this connection ended; nil while calls are open.
    @exclusivity(unchecked) private(set) var idleSince: ContinuousClock.Instant? = .now

    /// Requests go out every few jobs of a tick, so the server starts on them sooner.
    override var flushesEarly: Bool { true }

    init(loop: EventLoop, fd: Int32, manager: ConnectionManager) {
        self.manager = manager
        super.init(loop: loop, fd: fd)
    }

    func start() {
        let settings = [
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_ENABLE_PUSH.rawValue), value: 0),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue), value: HTTP2Defaults.streamWindow),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE.rawValue), value: UInt32(HTTP2Defaults.maxHeaderListSize)),
        ]
        start(server: false, settings: settings, connectionWindow: HTTP2Defaults.connectionWindow)
        let keepalive = manager.keepalive
        if let time = keepalive.time {
            let pinger = KeepalivePinger(
                connection: self, time: time, timeout: keepalive.timeout,
                mayPing: { [unowned self] in keepalive.permitWithoutCalls || !self.streams.isEmpty },
                timedOut: { [unowned self] in
                    self.closeGracefully(reason: RPCError(.unavailable, "keepalive ping not answered within \(keepalive.timeout)"))
                })
            self.pinger = pinger
            pinger.start()
        }
        if let timeout = manager.idleTimeout {
            let idleTimer = ClientIdleTimer(connection: self, timeout: timeout)
            self.idleTimer = idleTimer
            idleTimer.start()
        }
    }

    /// A call's stream left `streams`: the connection is idle from now if it was the last.
    private func streamLeft() {
        if streams.isEmpty, idleTimer != nil { idleSince = .now }
    }

    var isUsable: Bool { !isClosed && !draining }

    /// Opens a stream for `stream`'s call.
    func open(_ stream: ClientStream) {
        guard let session else {
            return stream.end(RPCError(.unavailable, "the connection is closed"), trailers: Metadata())
        }
        stream.connection = self
        var provider = nghttp2_data_provider()
        let me = Unmanaged.passUnretained(stream).toOpaque()
        provider.source.ptr = me
        provider.read_callback = { _, _, _, length, flags, source, user in
            guard let source, let flags else { return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue) }
            let s = Unmanaged<ClientStream>.fromOpaque(source.pointee.ptr).takeUnretainedValue()
            return HTTP2Callbacks.connection(user) { s.readBody($0, length: length, flags: flags) }
        }
        let fields = stream.requestHeaders(authority: manager.authority)
        // The server's advertised limit (unlimited until its SETTINGS arrive): a request over
        // it would only be refused there, so it fails here, before anything is sent.
        let limit = peerHeaderListLimit
        if fields.listSize > limit {
            stream.connection = nil
            return stream.end(
                RPCError(.resourceExhausted, "request headers of \(fields.listSize) bytes exceed the server's limit of \(limit) bytes"),
                trailers: Metadata())
        }
        let id = fields.withNV { nghttp2_submit_request(session, nil, $0, $1, &provider, me) }
        guard id > 0 else {
            let reason = String(cString: nghttp2_strerror(id))
            stream.connection = nil
            return stream.end(RPCError(.unavailable, "cannot open a stream: \(reason)"), trailers: Metadata())
        }
        stream.id = id
        stream.attempts += 1
        streams[id] = stream
        idleSince = nil
        markDirty()
    }

    /// Looks at a stream's request buffer again.
    func resume(stream: Int32) {
        guard let session, streams[stream] != nil else { return }
        nghttp2_session_resume_data(session, stream)
        markDirty()
    }

    func reset(stream: Int32, code: UInt32) {
        guard let session else { return }
        nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), stream, code)
        markDirty()
    }

    /// The server ended the call: if requests are still flowing, tell it we stop
    /// (RST_STREAM NO_ERROR, PROTOCOL-HTTP2.md).
    func stopSending(stream: Int32) {
        guard let session, stream != 0, nghttp2_session_get_stream_local_close(session, stream) == 0 else { return }
        reset(stream: stream, code: NGHTTP2_NO_ERROR.rawValue)
    }

    func consume(stream: Int32, bytes: Int) {
        guard let session, bytes > 0 else { return }
        nghttp2_session_consume(session, stream, bytes)
        markDirty()
    }

    // MARK: nghttp2 callbacks

    override func beginHeaders(stream: Int32, category: nghttp2_headers_category) -> Int32 {
        streams[stream]?.beginHeaders()
        return 0
    }

    override func header(stream: Int32, name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) -> Int32 {
        streams[stream]?.received.add(name: name, value: value)
        return 0
    }

    override func frameReceived(_ frame: UnsafePointer<nghttp2_frame>) -> Int32 {
        let id = frame.pointee.hd.stream_id
        switch UInt32(frame.pointee.hd.type) {
        case NGHTTP2_HEADERS.rawValue:
            let endStream = frame.pointee.hd.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
            streams[id]?.headersComplete(endStream: endStream)
        case NGHTTP2_DATA.rawValue:
            if frame.pointee.hd.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0, let s = streams[id], !s.ended {
                // END_STREAM on DATA: the server never sent trailers.
                s.cancel(RPCError(.internal, "the response ended without trailers"))
            }
        case NGHTTP2_GOAWAY.rawValue:
            let goaway = frame.pointee.goaway
            if goaway.error_code == NGHTTP2_ENHANCE_YOUR_CALM.rawValue,
               UnsafeBufferPointer(start: goaway.opaque_data, count: goaway.opaque_data_len).elementsEqual("too_many_pings".utf8)
            {
                manager.pingedTooOften()
            }
            draining = true
            manager.connectionDraining(self)
        default:
            break
        }
        return 0
    }

    override func dataReceived(stream: Int32, bytes: UnsafeRawBufferPointer) -> Int32 {
        if let s = streams[stream] {
            consume(stream: stream, bytes: s.received(bytes))
        } else {
            consume(stream: stream, bytes: bytes.count)
        }
        return 0
    }

    override func streamClosed(stream: Int32, errorCode: UInt32) -> Int32 {
        if let s = streams.removeValue(forKey: stream) {
            s.connection = nil
            consume(stream: stream, bytes: s.closed(errorCode: errorCode))
            s.detachIfDone()
            streamLeft()
        }
        if draining && streams.isEmpty, let session {
            nghttp2_session_terminate_session(session, NGHTTP2_NO_ERROR.rawValue)
            markDirty()
        }
        return 0
    }

    /// nghttp2 could not send a request's HEADERS (typically: a GOAWAY arrived while the request
    /// waited for a free stream): the server never saw it, so it is retried elsewhere.
    override func frameNotSent(_ frame: UnsafePointer<nghttp2_frame>, error: Int32) -> Int32 {
        let id = frame.pointee.hd.stream_id
        guard UInt32(frame.pointee.hd.type) == NGHTTP2_HEADERS.rawValue, let s = streams.removeValue(forKey: id) else { return 0 }
        s.connection = nil
        _ = s.closed(errorCode: NGHTTP2_REFUSED_STREAM.rawValue)
        s.detachIfDone()
        streamLeft()
        return 0
    }

    /// Credits bytes a call's reader has taken.
    func credit(stream: Int32, bytes: Int) {
        guard let s = streams[stream] else { return }
        consume(stream: stream, bytes: s.released(bytes))
    }

    override func connectionClosed(reason: RPCError) {
        pinger?.stop()
        pinger = nil
        idleTimer?.stop()
        idleTimer = nil
        let open = streams.values
        streams = [:]
        for s in open {
            s.connection = nil
            s.end(RPCError(.unavailable, "connection lost: \(reason.message)"), trailers: Metadata())
        }
        manager.connectionClosed(self)
    }
}
