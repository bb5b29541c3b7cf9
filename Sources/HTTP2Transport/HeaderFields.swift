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
        append(name)
        let valueStart = bytes.count
        append(value)
        spans.append((nameStart..<valueStart, valueStart..<bytes.count))
    }

    /// Copies the string's UTF-8 in one move (appending its `utf8` view goes byte by byte).
    private mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { bytes.append(contentsOf: $0) }
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
/// The fields the transport reads are picked out by their bytes as they arrive (the first of
/// each counts), the other reserved ones are dropped, and the rest kept as metadata.
struct ReceivedHeaders {
    /// The fields that are not reserved by HTTP/2, HTTP or gRPC: the metadata, in order.
    private(set) var custom: [(name: String, value: String)] = []
    private(set) var method: String?
    private(set) var path: String?
    /// `:status`, of a response.
    private(set) var httpStatus: String?
    private(set) var contentType: String?
    private(set) var grpcEncoding: String?
    private(set) var grpcAcceptEncoding: String?
    private(set) var grpcTimeout: String?
    private(set) var grpcStatus: String?
    private(set) var grpcMessage: String?
    private(set) var grpcStatusDetails: String?
    var size = 0
    var overflowed = false
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    mutating func add(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        size += name.count + value.count + 32
        if size > limit {
            overflowed = true
            return
        }
        switch Self.field(name) {
        case .custom: custom.append((Self.string(name), Self.string(value)))
        case .ignored: break
        case .method: Self.keepFirst(&method, value)
        case .path: Self.keepFirst(&path, value)
        case .httpStatus: Self.keepFirst(&httpStatus, value)
        case .contentType: Self.keepFirst(&contentType, value)
        case .grpcEncoding: Self.keepFirst(&grpcEncoding, value)
        case .grpcAcceptEncoding: Self.keepFirst(&grpcAcceptEncoding, value)
        case .grpcTimeout: Self.keepFirst(&grpcTimeout, value)
        case .grpcStatus: Self.keepFirst(&grpcStatus, value)
        case .grpcMessage: Self.keepFirst(&grpcMessage, value)
        case .grpcStatusDetails: Self.keepFirst(&grpcStatusDetails, value)
        }
    }

    /// The first occurrence of a field counts.
    private static func keepFirst(_ slot: inout String?, _ value: UnsafeBufferPointer<UInt8>) {
        if slot == nil { slot = string(value) }
    }

    /// Removes every field, keeping the storage, for the next block.
    mutating func removeAll() {
        custom.removeAll(keepingCapacity: true)
        (method, path, httpStatus, contentType) = (nil, nil, nil, nil)
        (grpcEncoding, grpcAcceptEncoding, grpcTimeout) = (nil, nil, nil)
        (grpcStatus, grpcMessage, grpcStatusDetails) = (nil, nil, nil)
        size = 0
        overflowed = false
    }

    private enum Field {
        case custom, ignored
        case method, path, httpStatus, contentType, grpcEncoding, grpcAcceptEncoding, grpcTimeout
        case grpcStatus, grpcMessage, grpcStatusDetails
    }

    /// What a field is, by its name's bytes (HTTP/2 names are lower-case): a pseudo-header or
    /// a header reserved by HTTP or gRPC is never metadata.
    private static func field(_ name: UnsafeBufferPointer<UInt8>) -> Field {
        guard let first = name.first else { return .custom }
        if first == UInt8(ascii: ":") {
            if equal(name, ":method") { return .method }
            if equal(name, ":path") { return .path }
            if equal(name, ":status") { return .httpStatus }
            return .ignored
        }
        switch name.count {
        case 2: return equal(name, "te") ? .ignored : .custom
        case 10: return equal(name, "user-agent") ? .ignored : .custom
        case 11: return equal(name, "grpc-status") ? .grpcStatus : .custom
        case 12:
            if equal(name, "content-type") { return .contentType }
            if equal(name, "grpc-timeout") { return .grpcTimeout }
            return equal(name, "grpc-message") ? .grpcMessage : .custom
        case 13: return equal(name, "grpc-encoding") ? .grpcEncoding : .custom
        case 14: return equal(name, "content-length") ? .ignored : .custom
        case 17: return equal(name, "grpc-message-type") ? .ignored : .custom
        case 20: return equal(name, "grpc-accept-encoding") ? .grpcAcceptEncoding : .custom
        case 23: return equal(name, "grpc-status-details-bin") ? .grpcStatusDetails : .custom
        default: return .custom
        }
    }

    /// Values of 16 bytes or more (too long for a string stored inline) that gRPC peers send
    /// in every call: string literals (immortal, so never allocated, validated, retained or
    /// released), not made each time.
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        switch bytes.count {
        case 16 where equal(bytes, "application/grpc"): return "application/grpc"
        case 21 where equal(bytes, "identity,deflate,gzip"): return "identity,deflate,gzip"
        case 22 where equal(bytes, "application/grpc+proto"): return "application/grpc+proto"
        default: return String(decoding: bytes, as: UTF8.self)
        }
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ string: StaticString) -> Bool {
        bytes.count == string.utf8CodeUnitCount
            && memcmp(bytes.baseAddress!, string.utf8Start, bytes.count) == 0
    }

    /// The custom metadata; `-bin` values base64-decoded (padded or not, comma-joined
    /// duplicates split).
    func metadata() throws(RPCError) -> Metadata {
        var metadata = Metadata()
        for f in custom {
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

    /// The status these fields carry as trailers; nil when `grpc-status` is absent.
    func status() throws(RPCError) -> (error: RPCError?, trailers: Metadata)? {
        guard let raw = grpcStatus else { return nil }
        let trailers = try metadata()
        guard let value = Int(raw), let code = StatusCode(rawValue: value) else {
            return (RPCError(.unknown, "unparsable grpc-status \(raw)", trailers: trailers), trailers)
        }
        if code == .ok { return (nil, trailers) }
        let message = grpcMessage.map { PercentEncoding.decode($0) } ?? ""
        var details: [UInt8]? = nil
        if let raw = grpcStatusDetails { details = try Base64.decode(raw) }
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
