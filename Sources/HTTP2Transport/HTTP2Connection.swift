import CLinuxShim
import CNGHTTP2
import GRPCCore
import Glibc

/// One socket and its nghttp2 session, driven by the event loop: bytes read go to
/// `nghttp2_session_mem_recv`, frames nghttp2 queues go out in one write per tick. Subclasses
/// (server, client) receive the session's callbacks. Used on the loop thread only.
class HTTP2Connection: LoopHandler, LoopFlushable, @unchecked Sendable {
    let loop: EventLoop
    private(set) var fd: Int32
    private(set) var session: OpaquePointer?
    // The output path's state, touched once per frame and never re-entered (nghttp2's
    // callbacks run between accesses, not inside one): no run-time exclusivity checks.
    @exclusivity(unchecked) private var output = OutputQueue()
    /// The DATA frame a stream's data source queued in `output` (`stageData`), waiting for
    /// nghttp2 to hand over its header (`sendData`).
    @exclusivity(unchecked) private var stagedData: (mark: OutputQueue.Mark, header: Int, length: Int)?
    @exclusivity(unchecked) private var watchingWritable = false
    private(set) var isClosed = false
    /// Keepalive (KeepalivePinger.swift) wants `lastRead` kept current: one clock read per socket read.
    var tracksReads = false
    /// When bytes last arrived, while `tracksReads` (else when the connection was made).
    private(set) var lastRead = ContinuousClock.now

    /// Output kept in our buffer before frames are left queued inside nghttp2 (backpressure).
    private static let outputHighWater = 256 * 1024

    /// The header list size the peer advertised (nghttp2 does not enforce it on what we send);
    /// unlimited until its SETTINGS arrive.
    var peerHeaderListLimit: Int {
        guard let session else { return Int.max }
        return Int(nghttp2_session_get_remote_settings(session, NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE))
    }

    /// The 8 opaque bytes of a PING.
    typealias PingPayload = (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)

    /// Queues a PING carrying `payload` and marks the connection for the next flush.
    func sendPing(_ payload: PingPayload) {
        guard let session else { return }
        var payload = payload
        withUnsafeBytes(of: &payload) { raw in
            _ = nghttp2_submit_ping(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), raw.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        markDirty()
    }

    init(loop: EventLoop, fd: Int32) {
        self.loop = loop
        self.fd = fd
    }

    /// Creates the nghttp2 session (server or client) and starts reading.
    func start(server: Bool, settings: [nghttp2_settings_entry], connectionWindow: Int32,
               resetRateLimit: HTTP2Server.RateLimit? = nil)
    {
        var options: OpaquePointer? = nil
        nghttp2_option_new(&options)
        if let resetRateLimit {
            nghttp2_option_set_stream_reset_rate_limit(options, resetRateLimit.burst, resetRateLimit.perSecond)
        }
        nghttp2_option_set_no_auto_window_update(options, 1)
        nghttp2_option_set_no_rfc9113_leading_and_trailing_ws_validation(options, 1)
        nghttp2_option_set_no_closed_streams(options, 1)
        let me = Unmanaged.passUnretained(self).toOpaque()
        if server {
            nghttp2_session_server_new2(&session, HTTP2Callbacks.shared.pointer, me, options)
        } else {
            nghttp2_session_client_new2(&session, HTTP2Callbacks.shared.pointer, me, options)
        }
        nghttp2_option_del(options)
        settings.withUnsafeBufferPointer { entries in
            _ = nghttp2_submit_settings(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), entries.baseAddress, entries.count)
        }
        if connectionWindow > 65_535 {
            nghttp2_session_set_local_window_size(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0, connectionWindow)
        }
        loop.register(fd, events: EPOLLIN.rawValue, handler: self)
        markDirty()
    }

    /// Asks for a flush at the end of this loop tick.
    final func markDirty() {
        if !isClosed { loop.flushAtEndOfTick(self) }
    }

    // MARK: I/O

    func handle(events: UInt32) {
        if events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 { readAvailable() }
        if !isClosed && events & EPOLLOUT.rawValue != 0 { flush() }
    }

    private func readAvailable() {
        // At most 4 reads per tick, so one busy connection cannot starve the others.
        var budget = 4
        let buffer = loop.readBuffer
        while budget > 0, !isClosed {
            budget -= 1
            let n = Glibc.read(fd, buffer, EventLoop.readChunk)
            if n > 0 {
                if tracksReads { lastRead = .now }
                let consumed = nghttp2_session_mem_recv(session, buffer.assumingMemoryBound(to: UInt8.self), n)
                if consumed < 0 {
                    protocolFailure(String(cString: nghttp2_strerror(Int32(consumed))))
                    return
                }
                if n < EventLoop.readChunk { break }
            } else if n == 0 {
                close(reason: RPCError(.unavailable, "the peer closed the connection"))
                return
            } else {
                if errno == EAGAIN || errno == EINTR { break }
                close(reason: RPCError(.unavailable, "read failed: \(Socket.error())"))
                return
            }
        }
        markDirty()
    }

    /// A server's connections flush at the end of the tick only (see `EventLoop.earlyFlushJobs`).
    var flushesEarly: Bool { false }

    /// Moves frames nghttp2 has queued into the output queue and writes what the socket takes.
    func flush() {
        guard !isClosed, let session else { return }
        var full = false
        while true {
            if output.count >= Self.outputHighWater {
                full = true
                break
            }
            var chunk: UnsafePointer<UInt8>? = nil
            let n = nghttp2_session_mem_send(session, &chunk)
            dropUnsentData()
            if n < 0 {
                protocolFailure(String(cString: nghttp2_strerror(Int32(n))))
                return
            }
            guard n > 0, let chunk else { break }
            output.append(copying: UnsafeRawBufferPointer(start: chunk, count: n))
        }
        switch output.write(to: fd) {
        case .drained:
            // More frames may have waited for room in the queue.
            if full && nghttp2_session_want_write(session) != 0 { return flush() }
        case .blocked:
            break
        case .failed:
            close(reason: RPCError(.unavailable, "write failed: \(Socket.error())"))
            return
        }
        let pending = !output.isEmpty
        if pending != watchingWritable {
            watchingWritable = pending
            loop.modify(fd, events: EPOLLIN.rawValue | (pending ? EPOLLOUT.rawValue : 0))
        }
        if !pending && nghttp2_session_want_read(session) == 0 && nghttp2_session_want_write(session) == 0 {
            close(reason: RPCError(.unavailable, "the connection was closed"))
        }
    }

    /// For a stream's data source (nghttp2's read callback, which then returns
    /// `NGHTTP2_DATA_FLAG_NO_COPY`): queues room for the DATA frame's header and up to `length`
    /// bytes of `outbound` behind it, shared rather than copied where they are long. nghttp2
    /// calls `sendData` with the header next.
    final func stageData(from outbound: OutboundBuffer, length: Int) -> OutboundBuffer.ReadResult {
        dropUnsentData()
        let mark = output.mark
        let header = output.reserve(Self.frameHeaderLength)
        let result = outbound.read(into: &output, length: length)
        switch result {
        case .wait:
            output.truncate(to: mark)
        case .bytes(let n), .end(let n, _):
            stagedData = (mark, header, n)
        }
        return result
    }

    /// nghttp2's send_data callback for the frame `stageData` queued: fills in its header.
    final func sendData(header: UnsafePointer<UInt8>, length: Int) -> Int32 {
        guard let staged = stagedData, staged.length == length else { return NGHTTP2_ERR_CALLBACK_FAILURE.rawValue }
        output.overwrite(at: staged.header, with: UnsafeRawBufferPointer(start: header, count: Self.frameHeaderLength))
        stagedData = nil
        return 0
    }

    /// Drops a staged DATA frame nghttp2 did not send (its stream closed in between).
    private func dropUnsentData() {
        guard let staged = stagedData else { return }
        output.truncate(to: staged.mark)
        stagedData = nil
    }

    private static let frameHeaderLength = 9

    /// The peer broke HTTP/2: tell it (GOAWAY if nghttp2 queued one) and close.
    private func protocolFailure(_ reason: String) {
        if let session {
            var chunk: UnsafePointer<UInt8>? = nil
            let n = nghttp2_session_mem_send(session, &chunk)
            if n > 0, let chunk { _ = send(fd, chunk, n, Int32(MSG_NOSIGNAL)) }
        }
        close(reason: RPCError(.internal, "HTTP/2 protocol error: \(reason)"))
    }

    /// Tells the peer with GOAWAY (NO_ERROR unless `code` says otherwise, with `debugData`) that
    /// this side is going (and sends what is still queued, as far as the socket takes it now),
    /// then closes like `close`.
    func closeGracefully(reason: RPCError, code: UInt32 = NGHTTP2_NO_ERROR.rawValue, debugData: [UInt8] = []) {
        guard !isClosed, let session else { return }
        debugData.withUnsafeBufferPointer { debug in
            _ = nghttp2_submit_goaway(session, UInt8(NGHTTP2_FLAG_NONE.rawValue),
                                      nghttp2_session_get_last_proc_stream_id(session), code, debug.baseAddress, debug.count)
        }
        var chunk: UnsafePointer<UInt8>? = nil
        while output.count < 1 << 20 {
            let n = nghttp2_session_mem_send(session, &chunk)
            dropUnsentData()
            guard n > 0, let chunk else { break }
            output.append(copying: UnsafeRawBufferPointer(start: chunk, count: n))
        }
        _ = output.write(to: fd)
        close(reason: reason)
    }

    /// Closes the socket and ends every stream with `reason`.
    func close(reason: RPCError) {
        guard !isClosed else { return }
        isClosed = true
        loop.deregister(fd)
        Glibc.close(fd)
        fd = -1
        connectionClosed(reason: reason)
        if let session { nghttp2_session_del(session) }
        session = nil
    }

    // MARK: for subclasses

    /// Called once when the connection is gone, after the socket is closed.
    func connectionClosed(reason: RPCError) {}
    /// A HEADERS frame begins on `stream`.
    func beginHeaders(stream: Int32, category: nghttp2_headers_category) -> Int32 { 0 }
    /// One header field; return non-zero (an nghttp2 error code) to reset the stream.
    func header(stream: Int32, name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) -> Int32 { 0 }
    /// A whole frame arrived.
    func frameReceived(_ frame: UnsafePointer<nghttp2_frame>) -> Int32 { 0 }
    /// DATA bytes for `stream`, valid only during the call.
    func dataReceived(stream: Int32, bytes: UnsafeRawBufferPointer) -> Int32 { 0 }
    /// A stream was closed by either side, with the RST_STREAM/GOAWAY error code.
    func streamClosed(stream: Int32, errorCode: UInt32) -> Int32 { 0 }
    /// A frame went out.
    func frameSent(_ frame: UnsafePointer<nghttp2_frame>) -> Int32 { 0 }
    /// A queued frame could not be sent (`error` is nghttp2's reason).
    func frameNotSent(_ frame: UnsafePointer<nghttp2_frame>, error: Int32) -> Int32 { 0 }
}

/// The nghttp2 callbacks, shared by every session; each finds its connection in `user_data`.
final class HTTP2Callbacks: @unchecked Sendable {
    static let shared = HTTP2Callbacks()
    let pointer: OpaquePointer

    /// Calls `body` with the connection a session callback's `user_data` points to, without
    /// retaining it: the connection is inside one of its own calls into its session, which
    /// holds it (a retain and a release per callback were 1-2% of a unary call's CPU).
    @inline(__always)
    static func connection<R>(_ raw: UnsafeMutableRawPointer?, _ body: (HTTP2Connection) -> R) -> R {
        Unmanaged<HTTP2Connection>.fromOpaque(raw!)._withUnsafeGuaranteedRef(body)
    }

    private init() {
        var callbacks: OpaquePointer? = nil
        nghttp2_session_callbacks_new(&callbacks)
        pointer = callbacks!
        nghttp2_session_callbacks_set_on_begin_headers_callback(pointer) { _, frame, user in
            guard let frame else { return 0 }
            return HTTP2Callbacks.connection(user) {
                $0.beginHeaders(stream: frame.pointee.hd.stream_id, category: frame.pointee.headers.cat)
            }
        }
        nghttp2_session_callbacks_set_on_header_callback(pointer) { _, frame, name, nameLength, value, valueLength, _, user in
            guard let frame else { return 0 }
            return HTTP2Callbacks.connection(user) {
                $0.header(
                    stream: frame.pointee.hd.stream_id,
                    name: UnsafeBufferPointer(start: name, count: nameLength),
                    value: UnsafeBufferPointer(start: value, count: valueLength))
            }
        }
        nghttp2_session_callbacks_set_on_frame_recv_callback(pointer) { _, frame, user in
            guard let frame else { return 0 }
            return HTTP2Callbacks.connection(user) { $0.frameReceived(frame) }
        }
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(pointer) { _, _, stream, data, length, user in
            HTTP2Callbacks.connection(user) {
                $0.dataReceived(stream: stream, bytes: UnsafeRawBufferPointer(start: data, count: length))
            }
        }
        nghttp2_session_callbacks_set_on_stream_close_callback(pointer) { _, stream, errorCode, user in
            HTTP2Callbacks.connection(user) { $0.streamClosed(stream: stream, errorCode: errorCode) }
        }
        nghttp2_session_callbacks_set_send_data_callback(pointer) { _, _, header, length, _, user in
            guard let header else { return NGHTTP2_ERR_CALLBACK_FAILURE.rawValue }
            return HTTP2Callbacks.connection(user) { $0.sendData(header: header, length: length) }
        }
        nghttp2_session_callbacks_set_on_frame_send_callback(pointer) { _, frame, user in
            guard let frame else { return 0 }
            return HTTP2Callbacks.connection(user) { $0.frameSent(frame) }
        }
        nghttp2_session_callbacks_set_on_frame_not_send_callback(pointer) { _, frame, error, user in
            guard let frame else { return 0 }
            return HTTP2Callbacks.connection(user) { $0.frameNotSent(frame, error: error) }
        }
        // Ignore a field nghttp2 finds invalid instead of resetting the stream (gRPC: a value
        // that is legal HTTP but not legal metadata must not fail the call).
        nghttp2_session_callbacks_set_on_invalid_header_callback(pointer) { _, _, _, _, _, _, _, _ in 0 }
    }
}
