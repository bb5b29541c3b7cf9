import CNGHTTP2
import Glibc
import GRPCCore

/// An outgoing header block: fields in order, handed to nghttp2 as one `nghttp2_nv` array.
struct HeaderFields {
    private(set) var bytes: [UInt8] = []
    private var spans: [(name: Range<Int>, value: Range<Int>)] = []

    init() {
        bytes.reserveCapacity(256)
        spans.reserveCapacity(8)
    }

    /// Empties the block, keeping its buffers.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
    }

    mutating func add(_ name: String, _ value: String) {
        let nameStart = bytes.count
        bytes.append(contentsOf: name.utf8)
        let valueStart = bytes.count
        bytes.append(contentsOf: value.utf8)
        spans.append((nameStart..<valueStart, valueStart..<bytes.count))
    }

    /// Adds user metadata: text values as they are, binary values in unpadded base64.
    mutating func add(_ metadata: Metadata) {
        for entry in metadata {
            switch entry.value {
            case .string(let s): add(entry.key, s)
            case .binary(let b): add(entry.key, Base64.encode(b))
            }
        }
    }

    /// Adds `grpc-status`, `grpc-message`, `grpc-status-details-bin` and the trailers.
    mutating func addStatus(_ error: RPCError?, trailers: Metadata) {
        if let error {
            add("grpc-status", String(error.code.rawValue))
            if !error.message.isEmpty {
                // nghttp2 refuses header blocks over 64 KiB: keep the message well under it.
                let text = error.message.utf8.count > 8192 ? String(error.message.prefix(8192)) : error.message
                add("grpc-message", PercentEncoding.encode(text))
            }
            if let details = error.details { add("grpc-status-details-bin", Base64.encode(details)) }
        } else {
            add("grpc-status", "0")
        }
        add(trailers)
    }

    /// Calls `body` with the fields as nghttp2 name/value pairs (nghttp2 copies them).
    /// The header list size RFC 9113 counts against SETTINGS_MAX_HEADER_LIST_SIZE: every name
    /// and value plus 32 bytes a field.
    var listSize: Int { bytes.count + 32 * spans.count }

    func withNV<R>(_ body: (UnsafePointer<nghttp2_nv>, Int) -> R) -> R {
        // nghttp2 only reads the names and values (it copies them): no mutable copy of `bytes`
        // is needed, and the name/value array lives on the stack.
        bytes.withUnsafeBufferPointer { raw in
            let base = UnsafeMutablePointer(mutating: raw.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            return withUnsafeTemporaryAllocation(of: nghttp2_nv.self, capacity: spans.count) { nva in
                for (i, span) in spans.enumerated() {
                    nva.initializeElement(at: i, to: nghttp2_nv(
                        name: base + span.name.lowerBound, value: base + span.value.lowerBound,
                        namelen: span.name.count, valuelen: span.value.count,
                        flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue)))
                }
                return body(UnsafePointer(nva.baseAddress!), spans.count)
            }
        }
    }
}

/// A received header block, collected field by field with its size counted as HTTP/2 does
/// (name + value + 32 per field); fields past `limit` are dropped and the block is marked.
struct ReceivedHeaders {
    var fields: [(name: String, value: String)] = []
    var size = 0
    var overflowed = false
    let limit: Int

    init(limit: Int) {
        self.limit = limit
        // A request's block: pseudo-headers, content-type, te, user-agent and a few more.
        if limit > 0 { fields.reserveCapacity(12) }
    }

    mutating func add(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        size += name.count + value.count + 32
        if size > limit {
            overflowed = true
            return
        }
        // Nothing reads a peer's user-agent: it is counted against the limit, not kept.
        if Self.equal(name, "user-agent") { return }
        fields.append((Self.string(name), Self.string(value)))
    }

    /// Removes every field, keeping the storage, for the next block.
    mutating func removeAll() {
        fields.removeAll(keepingCapacity: true)
        size = 0
        overflowed = false
    }

    /// Names and values of 16 bytes or more (too long for a string stored inline) that gRPC
    /// peers send in every call: shared, not allocated and validated each time.
    private static let common = ["application/grpc", "grpc-accept-encoding", "identity,deflate,gzip", "application/grpc+proto"]

    private static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if bytes.count >= 16 {
            for candidate in common where equal(bytes, candidate) { return candidate }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ string: StaticString) -> Bool {
        bytes.count == string.utf8CodeUnitCount
            && memcmp(bytes.baseAddress!, string.utf8Start, bytes.count) == 0
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ string: String) -> Bool {
        var string = string
        return string.withUTF8 { $0.count == bytes.count && memcmp(bytes.baseAddress!, $0.baseAddress!, bytes.count) == 0 }
    }

    func first(_ name: String) -> String? {
        for f in fields where f.name == name { return f.value }
        return nil
    }

    /// The custom metadata: every field that is not a pseudo-header or reserved by gRPC/HTTP;
    /// `-bin` values base64-decoded (padded or not, comma-joined duplicates split).
    func metadata() throws(RPCError) -> Metadata {
        var metadata = Metadata()
        for f in fields where !Self.isTransportHeader(f.name) {
            if f.name.hasSuffix("-bin") {
                for value in try Base64.decodeValues(f.value) {
                    metadata.addValidated(f.name, .binary(value))
                }
            } else {
                metadata.addValidated(f.name, .string(f.value))
            }
        }
        return metadata
    }

    /// Headers the transport consumes itself and never shows as metadata.
    static func isTransportHeader(_ name: String) -> Bool {
        if name.hasPrefix(":") { return true }
        switch name {
        case "content-type", "te", "user-agent", "grpc-timeout", "grpc-encoding", "grpc-accept-encoding",
             "grpc-status", "grpc-message", "grpc-status-details-bin", "grpc-message-type", "content-length":
            return true
        default:
            return false
        }
    }

    /// The status these fields carry as trailers; nil when `grpc-status` is absent.
    func status() throws(RPCError) -> (error: RPCError?, trailers: Metadata)? {
        guard let raw = first("grpc-status") else { return nil }
        let trailers = try metadata()
        guard let value = Int(raw), let code = StatusCode(rawValue: value) else {
            return (RPCError(.unknown, "unparsable grpc-status \(raw)", trailers: trailers), trailers)
        }
        if code == .ok { return (nil, trailers) }
        let message = first("grpc-message").map { PercentEncoding.decode($0) } ?? ""
        var details: [UInt8]? = nil
        if let raw = first("grpc-status-details-bin") { details = try Base64.decode(raw) }
        return (RPCError(code, message, details: details, trailers: trailers), trailers)
    }
}

/// The gRPC code for an HTTP status of a response without `grpc-status` (http-grpc-status-mapping.md).
func statusCode(forHTTPStatus status: Int) -> StatusCode {
    switch status {
    case 400: .internal
    case 401: .unauthenticated
    case 403: .permissionDenied
    case 404: .unimplemented
    case 429, 502, 503, 504: .unavailable
    default: .unknown
    }
}

/// The gRPC code for an RST_STREAM or GOAWAY error code (PROTOCOL-HTTP2.md, "Errors").
func statusCode(forHTTP2Error code: UInt32) -> StatusCode {
    switch code {
    case 7: .unavailable  // REFUSED_STREAM: not processed, safe to retry
    case 8: .cancelled  // CANCEL
    case 11: .resourceExhausted  // ENHANCE_YOUR_CALM
    case 12: .permissionDenied  // INADEQUATE_SECURITY
    default: .internal
    }
}
