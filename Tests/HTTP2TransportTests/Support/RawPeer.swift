import CNGHTTP2
import GRPCCore
import Glibc
import HTTP2Transport

/// Why a raw peer gave up.
struct PeerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One HTTP/2 frame the raw peer received, as the test inspects it.
struct Frame: CustomStringConvertible {
    var type: UInt8
    var flags: UInt8
    var stream: Int32
    /// HEADERS: the fields in order (CONTINUATION folded in).
    var headers: [(name: String, value: String)] = []
    /// DATA: the payload, without padding.
    var data: [UInt8] = []
    /// RST_STREAM and GOAWAY: the error code.
    var errorCode: UInt32 = 0
    /// GOAWAY: the last stream id.
    var lastStreamID: Int32 = 0
    /// GOAWAY: the debug data.
    var debugData: [UInt8] = []
    /// When the peer processed the frame.
    var received = ContinuousClock.now

    static let data: UInt8 = 0, headersType: UInt8 = 1, rstStream: UInt8 = 3, settings: UInt8 = 4
    static let ping: UInt8 = 6, goaway: UInt8 = 7, windowUpdate: UInt8 = 8

    var endStream: Bool { (type == Frame.data || type == Frame.headersType) && flags & 0x1 != 0 }
    func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }
    /// RFC 9113's header list size: every name and value plus 32 bytes a field.
    var headerListSize: Int { headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 32 } }
    func all(_ name: String) -> [String] { headers.filter { $0.name == name }.map(\.value) }

    var description: String {
        let names = ["DATA", "HEADERS", "PRIORITY", "RST_STREAM", "SETTINGS", "PUSH_PROMISE", "PING", "GOAWAY", "WINDOW_UPDATE"]
        let name = Int(type) < names.count ? names[Int(type)] : "type\(type)"
        var text = "\(name)(stream \(stream), flags \(flags)"
        if type == Frame.headersType { text += ", \(headers.map { "\($0.name): \($0.value)" })" }
        if type == Frame.data { text += ", \(data.count) bytes" }
        if type == Frame.rstStream || type == Frame.goaway { text += ", code \(errorCode)" }
        return text + ")"
    }
}

/// A blocking-socket HTTP/2 peer driven by nghttp2's session API (client or server role), for
/// tests: it sends exactly what the test submits and records every frame it receives. HTTP
/// messaging checks are off so it can send and accept what a broken peer would. Use it from
/// one thread at a time (see `onThread`): its calls block.
final class RawPeer: @unchecked Sendable {
    let fd: Int32
    let isServer: Bool
    private(set) var session: OpaquePointer?
    /// Every frame received, in order.
    private(set) var frames: [Frame] = []
    /// Streams nghttp2 closed, with the error code.
    private(set) var closedStreams: [Int32: UInt32] = [:]
    /// The socket reached end of file (or failed).
    private(set) var eof = false
    /// An error nghttp2 reported on received bytes.
    private(set) var receiveError: String?
    private var pendingHeaders: [Int32: [(name: String, value: String)]] = [:]
    private var pendingData: [Int32: [UInt8]] = [:]
    private var outgoing: [Int32: DataSource] = [:]

    /// Bytes waiting to go out for one stream, read by nghttp2's data provider.
    final class DataSource {
        var bytes: [UInt8] = []
        var offset = 0
        var end = false
        var active = false
    }

    /// `autoPingAck`: nghttp2 answers PINGs (off: a peer that never acks them).
    init(fd: Int32, server: Bool, settings: [(Int32, UInt32)] = [], autoPingAck: Bool = true) {
        self.fd = fd
        self.isServer = server
        var callbacks: OpaquePointer? = nil
        nghttp2_session_callbacks_new(&callbacks)
        defer { nghttp2_session_callbacks_del(callbacks) }
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks) { _, frame, user in
            guard let frame else { return 0 }
            RawPeer.of(user).pendingHeaders[frame.pointee.hd.stream_id] = []
            return 0
        }
        nghttp2_session_callbacks_set_on_header_callback(callbacks) { _, frame, name, nameLength, value, valueLength, _, user in
            guard let frame, let name, let value else { return 0 }
            let n = String(decoding: UnsafeBufferPointer(start: name, count: nameLength), as: UTF8.self)
            let v = String(decoding: UnsafeBufferPointer(start: value, count: valueLength), as: UTF8.self)
            RawPeer.of(user).pendingHeaders[frame.pointee.hd.stream_id, default: []].append((n, v))
            return 0
        }
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks) { session, _, stream, data, length, user in
            guard let data else { return 0 }
            RawPeer.of(user).pendingData[stream, default: []].append(contentsOf: UnsafeBufferPointer(start: data, count: length))
            return 0
        }
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks) { _, frame, user in
            guard let frame else { return 0 }
            RawPeer.of(user).record(frame)
            return 0
        }
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks) { _, stream, code, user in
            RawPeer.of(user).closedStreams[stream] = code
            return 0
        }
        var options: OpaquePointer? = nil
        nghttp2_option_new(&options)
        defer { nghttp2_option_del(options) }
        nghttp2_option_set_no_http_messaging(options, 1)
        if !autoPingAck { nghttp2_option_set_no_auto_ping_ack(options, 1) }
        let me = Unmanaged.passUnretained(self).toOpaque()
        if server {
            nghttp2_session_server_new2(&session, callbacks, me, options)
        } else {
            nghttp2_session_client_new2(&session, callbacks, me, options)
        }
        let entries = settings.map { nghttp2_settings_entry(settings_id: $0.0, value: $0.1) }
        _ = entries.withUnsafeBufferPointer { nghttp2_submit_settings(session, 0, $0.baseAddress, $0.count) }
    }

    deinit {
        nghttp2_session_del(session)
        Glibc.close(fd)
    }

    private static func of(_ raw: UnsafeMutableRawPointer?) -> RawPeer {
        Unmanaged<RawPeer>.fromOpaque(raw!).takeUnretainedValue()
    }

    private func record(_ frame: UnsafePointer<nghttp2_frame>) {
        let hd = frame.pointee.hd
        var f = Frame(type: hd.type, flags: hd.flags, stream: hd.stream_id)
        switch hd.type {
        case Frame.headersType:
            f.headers = pendingHeaders.removeValue(forKey: hd.stream_id) ?? []
        case Frame.data:
            f.data = pendingData.removeValue(forKey: hd.stream_id) ?? []
        case Frame.rstStream:
            f.errorCode = frame.pointee.rst_stream.error_code
        case Frame.goaway:
            f.errorCode = frame.pointee.goaway.error_code
            f.lastStreamID = frame.pointee.goaway.last_stream_id
            f.debugData = Array(UnsafeBufferPointer(start: frame.pointee.goaway.opaque_data, count: frame.pointee.goaway.opaque_data_len))
        default:
            break
        }
        frames.append(f)
    }

    // MARK: connecting

    /// A blocking client socket connected to `address`, as a client peer.
    static func connect(to address: SocketAddress, settings: [(Int32, UInt32)] = [], autoPingAck: Bool = true) throws -> RawPeer {
        RawPeer(fd: try rawConnect(address), server: false, settings: settings, autoPingAck: autoPingAck)
    }

    // MARK: sending

    /// Opens a stream with `headers` (a client request); END_STREAM when `endStream`.
    @discardableResult
    func request(_ headers: [(String, String)], endStream: Bool = false) -> Int32 {
        let flags = UInt8(endStream ? NGHTTP2_FLAG_END_STREAM.rawValue : 0)
        let id = withNV(headers) { nghttp2_submit_headers(session, flags, -1, nil, $0, $1, nil) }
        // nghttp2 creates the stream when HEADERS goes out; DATA can be submitted only then.
        try? flush()
        return id
    }

    /// A gRPC request's headers for `path`, with `extra` fields after the usual ones.
    func grpcRequest(_ path: String, _ extra: [(String, String)] = [], replacing: Set<String> = [], endStream: Bool = false) -> Int32 {
        var fields: [(String, String)] = [
            (":method", "POST"), (":scheme", "http"), (":path", path), (":authority", "localhost"),
            ("content-type", "application/grpc"), ("te", "trailers"),
        ].filter { !replacing.contains($0.0) }
        fields += extra
        return request(fields, endStream: endStream)
    }

    /// Sends a header block on `stream` (response headers, trailers, 1xx); END_STREAM when asked.
    func headers(_ stream: Int32, _ headers: [(String, String)], endStream: Bool = false) {
        let flags = UInt8(endStream ? NGHTTP2_FLAG_END_STREAM.rawValue : 0)
        let rc = withNV(headers) { nghttp2_submit_headers(session, flags, stream, nil, $0, $1, nil) }
        precondition(rc >= 0, "submit_headers: \(rc)")
    }

    /// Queues DATA bytes on `stream`; END_STREAM on the last frame when `endStream`.
    func data(_ stream: Int32, _ bytes: [UInt8], endStream: Bool = false) {
        let source = outgoing[stream] ?? DataSource()
        outgoing[stream] = source
        source.bytes.append(contentsOf: bytes)
        source.end = source.end || endStream
        guard !source.active else { return }
        source.active = true
        var provider = nghttp2_data_provider()
        provider.source.ptr = Unmanaged.passUnretained(source).toOpaque()
        provider.read_callback = { _, _, buffer, length, flags, source, _ in
            let s = Unmanaged<DataSource>.fromOpaque(source!.pointee.ptr).takeUnretainedValue()
            let n = min(length, s.bytes.count - s.offset)
            s.bytes.withUnsafeBufferPointer { src in
                if n > 0 { buffer!.update(from: src.baseAddress! + s.offset, count: n) }
            }
            s.offset += n
            if s.offset == s.bytes.count {
                s.bytes = []
                s.offset = 0
                s.active = false
                flags!.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue
                if !s.end { flags!.pointee |= NGHTTP2_DATA_FLAG_NO_END_STREAM.rawValue }
            }
            return n
        }
        let flags = UInt8(source.end ? NGHTTP2_FLAG_END_STREAM.rawValue : 0)
        // Fails when the peer already closed the stream (e.g. a rejection): nothing to send then.
        if nghttp2_submit_data(session, flags, stream, &provider) != 0 { source.active = false }
    }

    /// Sends RST_STREAM.
    func reset(_ stream: Int32, code: UInt32) {
        nghttp2_submit_rst_stream(session, 0, stream, code)
    }

    /// Sends GOAWAY with `lastStreamID` (and `debugData`).
    func goaway(lastStreamID: Int32, code: UInt32 = 0, debugData: [UInt8] = []) {
        _ = debugData.withUnsafeBufferPointer { nghttp2_submit_goaway(session, 0, lastStreamID, code, $0.baseAddress, $0.count) }
    }

    /// Sends a PING (not an ack).
    func ping() {
        var payload: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (1, 2, 3, 4, 5, 6, 7, 8)
        _ = withUnsafeBytes(of: &payload) { nghttp2_submit_ping(session, 0, $0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
    }

    /// Writes bytes straight to the socket, outside HTTP/2.
    func writeRaw(_ bytes: [UInt8]) throws {
        try writeAll(bytes)
    }

    /// Writes every frame nghttp2 has ready (as far as flow control allows).
    func flush() throws {
        while true {
            var chunk: UnsafePointer<UInt8>? = nil
            let n = nghttp2_session_mem_send(session, &chunk)
            if n < 0 { throw PeerError("mem_send: \(String(cString: nghttp2_strerror(Int32(n))))") }
            guard n > 0, let chunk else { return }
            try writeAll(Array(UnsafeBufferPointer(start: chunk, count: n)))
        }
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                // The peer reset the connection (it closed with our bytes unread): it is over.
                if errno == EPIPE || errno == ECONNRESET { eof = true }
                throw PeerError("write: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }

    // MARK: receiving

    /// Flushes, then reads and processes frames until `done` holds. Throws if the connection
    /// ends or `timeout` passes first (generous: tests run on loaded machines).
    func pump(timeout: Duration = .seconds(30), until done: (RawPeer) -> Bool) throws {
        let end = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            try flush()
            if done(self) { return }
            if eof { throw PeerError("connection closed before the condition held; frames: \(frames)") }
            let left = end - .now
            if left <= .zero { throw PeerError("timed out; frames: \(frames)") }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ms = Int32(min(left.components.seconds * 1000 + 1, 1000))
            let ready = poll(&p, 1, ms)
            if ready <= 0 { continue }
            let n = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress!, $0.count, 0) }
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                eof = true
                continue
            }
            let rc = buffer.withUnsafeBufferPointer { nghttp2_session_mem_recv(session, $0.baseAddress!, n) }
            if rc < 0 {
                receiveError = String(cString: nghttp2_strerror(Int32(rc)))
                throw PeerError("mem_recv: \(receiveError!)")
            }
        }
    }

    /// Pumps until the connection ends (EOF); true if it did within `timeout`.
    func waitForClose(timeout: Duration = .seconds(30)) -> Bool {
        do {
            try pump(timeout: timeout) { $0.eof }
            return true
        } catch {
            return eof
        }
    }

    /// Frames of `stream` (excluding connection frames).
    func frames(on stream: Int32) -> [Frame] { frames.filter { $0.stream == stream } }

    /// Pumps until `stream` was closed by either side or ended by the peer (END_STREAM or RST).
    func waitForEnd(of stream: Int32, timeout: Duration = .seconds(30)) throws {
        try pump(timeout: timeout) { p in
            p.frames(on: stream).contains { $0.endStream || $0.type == Frame.rstStream }
        }
    }

    /// The HEADERS frames of `stream`.
    func headerFrames(_ stream: Int32) -> [Frame] { frames(on: stream).filter { $0.type == Frame.headersType } }

    /// The DATA bytes of `stream`, concatenated.
    func body(_ stream: Int32) -> [UInt8] { frames(on: stream).filter { $0.type == Frame.data }.flatMap(\.data) }

    private func withNV<R>(_ headers: [(String, String)], _ body: (UnsafePointer<nghttp2_nv>, Int) -> R) -> R {
        var storage: [[UInt8]] = []
        for (n, v) in headers {
            storage.append(Array(n.utf8))
            storage.append(Array(v.utf8))
        }
        let pointers = storage.map { bytes -> UnsafeMutablePointer<UInt8> in
            let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
            p.initialize(from: bytes, count: bytes.count)
            return p
        }
        defer { pointers.forEach { $0.deallocate() } }
        var nva: [nghttp2_nv] = []
        for i in 0..<headers.count {
            nva.append(nghttp2_nv(
                name: pointers[2 * i], value: pointers[2 * i + 1],
                namelen: storage[2 * i].count, valuelen: storage[2 * i + 1].count,
                flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue)))
        }
        return nva.withUnsafeBufferPointer { body($0.baseAddress!, $0.count) }
    }
}

// MARK: sockets

/// A blocking stream socket connected to `address`.
func rawConnect(_ address: SocketAddress) throws -> Int32 {
    switch address {
    case .unix(let path):
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var un = sockaddrUn(path)
        let rc = withUnsafePointer(to: &un) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else {
            Glibc.close(fd)
            throw PeerError("connect \(path): \(String(cString: strerror(errno)))")
        }
        return fd
    case .tcp(let host, let port):
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>? = nil
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { throw PeerError("resolve \(host)") }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard Glibc.connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            Glibc.close(fd)
            throw PeerError("connect \(address): \(String(cString: strerror(errno)))")
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }
}

func sockaddrUn(_ path: String) -> sockaddr_un {
    var un = sockaddr_un()
    un.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &un.sun_path) { raw in
        for (i, b) in path.utf8.enumerated() { raw[i] = b }
        raw[path.utf8.count] = 0
    }
    return un
}

/// The local port of a connected or bound IPv4/IPv6 socket.
func localPort(_ fd: Int32) -> Int {
    var storage = sockaddr_storage()
    var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
    withUnsafeMutablePointer(to: &storage) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
    }
    return withUnsafeBytes(of: storage) { raw in
        let port = raw.load(fromByteOffset: 2, as: UInt16.self)  // sin_port and sin6_port sit at 2
        return Int(UInt16(bigEndian: port))
    }
}

/// A blocking TCP listener on 127.0.0.1 (a free port unless given one), for a fake server.
final class RawListener: @unchecked Sendable {
    let fd: Int32
    let port: Int

    init(port: Int = 0) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        self.fd = fd
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = UInt16(port).bigEndian
        sin.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let rc = withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0, listen(fd, 128) == 0 else {
            Glibc.close(fd)
            throw PeerError("listen: \(String(cString: strerror(errno)))")
        }
        self.port = localPort(fd)
    }

    deinit { Glibc.close(fd) }

    var address: SocketAddress { .tcp(host: "127.0.0.1", port: port) }

    /// Accepts one connection within `timeout` as a server peer (it sends its SETTINGS first).
    func accept(timeout: Duration = .seconds(30), settings: [(Int32, UInt32)] = [], autoPingAck: Bool = true) throws -> RawPeer {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ms = Int32(timeout.components.seconds * 1000)
        guard poll(&p, 1, ms) == 1 else { throw PeerError("no connection within \(timeout)") }
        let client = Glibc.accept(fd, nil, nil)
        guard client >= 0 else { throw PeerError("accept: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return RawPeer(fd: client, server: true, settings: settings, autoPingAck: autoPingAck)
    }

    /// Whether a connection is waiting to be accepted within `timeout`.
    func hasPendingConnection(within timeout: Duration) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)) == 1
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on now (bound, then released).
func freePort() throws -> Int {
    try RawListener().port
}

// MARK: threads

private final class ThreadBox {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// Runs blocking `body` on a thread of its own (never on the cooperative pool, which the
/// transport's handlers need), and returns its result.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
        let box = ThreadBox { c.resume(with: Result { try body() }) }
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            Unmanaged<ThreadBox>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, Unmanaged.passRetained(box).toOpaque())
        precondition(rc == 0)
        pthread_detach(thread)
    }
}

// MARK: gRPC bytes

/// One length-prefixed message.
func grpcFrame(_ message: [UInt8], compressed: Bool = false) -> [UInt8] {
    let n = UInt32(message.count)
    return [compressed ? 1 : 0, UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + message
}

/// Splits DATA bytes into (compressed flag, message) pairs; nil if they do not frame exactly.
func grpcMessages(_ bytes: [UInt8]) -> [(flag: UInt8, message: [UInt8])]? {
    var out: [(UInt8, [UInt8])] = []
    var i = 0
    while i < bytes.count {
        guard bytes.count - i >= 5 else { return nil }
        let n = Int(bytes[i + 1]) << 24 | Int(bytes[i + 2]) << 16 | Int(bytes[i + 3]) << 8 | Int(bytes[i + 4])
        guard bytes.count - i - 5 >= n else { return nil }
        out.append((bytes[i], Array(bytes[(i + 5)..<(i + 5 + n)])))
        i += 5 + n
    }
    return out
}
