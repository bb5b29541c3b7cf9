/// A message compression algorithm gRPC peers can negotiate (`grpc-encoding`, `grpc-accept-encoding`).
public enum CompressionAlgorithm: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// No compression.
    case identity
    /// gzip (RFC 1952), the algorithm every gRPC implementation supports.
    case gzip
    /// zlib-wrapped deflate (RFC 1950), not raw deflate.
    case deflate

    /// The name used on the wire, e.g. `gzip`.
    public var name: String {
        switch self {
        case .identity: "identity"
        case .gzip: "gzip"
        case .deflate: "deflate"
        }
    }

    /// The wire name.
    public var description: String { name }

    /// Whether this algorithm actually compresses, i.e. is not `identity`.
    public var compresses: Bool { self != .identity }

    /// Parses one encoding name, ignoring surrounding spaces/tabs and ASCII case; nil if unknown.
    public init?(name: some StringProtocol) {
        var utf8 = Substring(name).utf8[...]
        CompressionAlgorithm.trimWhitespace(&utf8)
        if CompressionAlgorithm.equalsIgnoringCase(utf8, "gzip") {
            self = .gzip
        } else if CompressionAlgorithm.equalsIgnoringCase(utf8, "deflate") {
            self = .deflate
        } else if CompressionAlgorithm.equalsIgnoringCase(utf8, "identity") {
            self = .identity
        } else {
            return nil
        }
    }

    /// Parses a comma-separated `grpc-accept-encoding` (or `grpc-encoding`) value into the known
    /// algorithms, in order and without duplicates, and the unknown names, trimmed, for reporting.
    public static func parseList(_ value: String) -> (known: [CompressionAlgorithm], unknown: [String]) {
        var known: [CompressionAlgorithm] = []
        var unknown: [String] = []
        // A scan for commas, not `split`: every server call parses the client's list, and
        // `split` allocates an array of the pieces.
        let utf8 = value.utf8
        var start = utf8.startIndex
        while true {
            let end = utf8[start...].firstIndex(of: UInt8(ascii: ",")) ?? utf8.endIndex
            var token = utf8[start..<end]
            trimWhitespace(&token)
            if !token.isEmpty {
                if let algorithm = CompressionAlgorithm(name: Substring(token)) {
                    if known.isEmpty { known.reserveCapacity(3) }
                    if !known.contains(algorithm) { known.append(algorithm) }
                } else {
                    unknown.append(String(Substring(token)))
                }
            }
            if end == utf8.endIndex { break }
            start = utf8.index(after: end)
        }
        return (known, unknown)
    }

    /// The comma-separated header value naming `algorithms`, e.g. `identity,gzip`.
    public static func listValue(_ algorithms: some Sequence<CompressionAlgorithm>) -> String {
        var value = ""
        for algorithm in algorithms {
            if !value.isEmpty { value += "," }
            value += algorithm.name
        }
        return value
    }

    /// zlib's `windowBits` for this algorithm: 31 selects the gzip wrapper, 15 the zlib wrapper.
    var zlibWindowBits: Int32? {
        switch self {
        case .identity: nil
        case .gzip: 31
        case .deflate: 15
        }
    }

    private static func trimWhitespace(_ bytes: inout Substring.UTF8View) {
        while let first = bytes.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            bytes.removeFirst()
        }
        while let last = bytes.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
            bytes.removeLast()
        }
    }

    private static func equalsIgnoringCase(_ bytes: Substring.UTF8View, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        return lowercase.withUTF8Buffer { expected in
            var index = 0
            for byte in bytes {
                let folded = (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) ? byte | 0x20 : byte
                if folded != expected[index] { return false }
                index += 1
            }
            return true
        }
    }
}
