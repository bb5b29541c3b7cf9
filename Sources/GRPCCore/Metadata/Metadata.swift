/// Ordered multimap of gRPC metadata: lower-case keys, ASCII values, binary values for `-bin` keys.
///
/// Keys are validated as the bytes given (ASCII only; `A-Z` are lower-cased) on insertion;
/// reserved gRPC and HTTP/2 header names cannot be added. Order is kept, and a key may appear
/// more than once.
public struct Metadata: Sendable, Hashable, Sequence, CustomStringConvertible {
    /// A metadata value: text for ordinary keys, bytes for keys ending in `-bin`.
    public enum Value: Sendable, Hashable, CustomStringConvertible {
        case string(String)
        case binary([UInt8])

        public var description: String {
            switch self {
            case .string(let s): s
            case .binary(let b): "<\(b.count) bytes>"
            }
        }
    }

    /// One key and value.
    public struct Entry: Sendable, Hashable {
        /// The lower-case key.
        public let key: String
        /// The value: binary for keys ending in `-bin`, text otherwise.
        public let value: Value
    }

    private var entries: [Entry] = []

    /// Empty metadata.
    public init() {}

    /// Number of entries, counting repeated keys.
    public var count: Int { entries.count }
    /// Whether there are no entries.
    public var isEmpty: Bool { entries.isEmpty }

    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }

    /// Appends a text value. Throws if the key is invalid or reserved, if it ends in `-bin`,
    /// or if the value holds characters outside printable ASCII (0x20...0x7E).
    public mutating func add(_ key: String, _ value: String) throws(MetadataError) {
        let key = try Metadata.validatedKey(key)
        guard !key.hasSuffix("-bin") else { throw .textValueForBinaryKey(key) }
        guard value.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else { throw .invalidValue(key) }
        entries.append(Entry(key: key, value: .string(value)))
    }

    /// Appends a binary value; the key must end in `-bin`.
    public mutating func add(_ key: String, _ value: [UInt8]) throws(MetadataError) {
        let key = try Metadata.validatedKey(key)
        guard key.hasSuffix("-bin") else { throw .binaryValueForTextKey(key) }
        entries.append(Entry(key: key, value: .binary(value)))
    }

    /// Appends an entry whose key and value a transport already validated (received from a peer).
    package mutating func addValidated(_ key: String, _ value: Value) {
        entries.append(Entry(key: key, value: value))
    }

    /// Appends every entry of `other`.
    public mutating func add(contentsOf other: Metadata) {
        entries.append(contentsOf: other.entries)
    }

    /// Removes every entry for `key`.
    public mutating func removeAll(_ key: String) {
        let key = Metadata.asciiLowercased(key)
        entries.removeAll { $0.key == key }
    }

    /// Every value for `key`, in order.
    public subscript(_ key: String) -> [Value] {
        let key = Metadata.asciiLowercased(key)
        return entries.compactMap { $0.key == key ? $0.value : nil }
    }

    /// The first text value for `key`, if any.
    public func first(_ key: String) -> String? {
        let key = Metadata.asciiLowercased(key)
        for e in entries where e.key == key {
            if case .string(let s) = e.value { return s }
        }
        return nil
    }

    /// The first binary value for `key` (which must end in `-bin`), if any.
    public func firstBinary(_ key: String) -> [UInt8]? {
        let key = Metadata.asciiLowercased(key)
        for e in entries where e.key == key {
            if case .binary(let b) = e.value { return b }
        }
        return nil
    }

    public var description: String {
        "[" + entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "]"
    }

    /// Checks `key` (ASCII only, `A-Z` lower-cased) against the key grammar and reserved names.
    public static func validatedKey(_ key: String) throws(MetadataError) -> String {
        let lowered = asciiLowercased(key)
        guard !lowered.isEmpty, lowered.utf8.allSatisfy(Metadata.isKeyByte) else {
            throw .invalidKey(key)
        }
        guard !isReserved(lowered) else { throw .reservedKey(lowered) }
        return lowered
    }

    /// `key` with only `A-Z` lower-cased: Unicode lower-casing turns U+212A KELVIN SIGN into "k".
    static func asciiLowercased(_ key: String) -> String {
        guard key.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return key }
        return String(decoding: key.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// Whether a key is reserved for gRPC or HTTP/2 and so cannot be set by users.
    public static func isReserved(_ key: String) -> Bool {
        if key.hasPrefix(":") { return true }
        if key.hasPrefix("grpc-") { return true }
        switch key {
        case "content-type", "te", "user-agent", "connection", "keep-alive", "proxy-connection",
             "transfer-encoding", "upgrade", "host":
            return true
        default:
            return false
        }
    }

    private static func isKeyByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D || b == 0x2E
    }
}

/// Why a metadata entry was refused.
public enum MetadataError: Error, Sendable, Hashable {
    /// The key is empty or has characters outside `0-9 a-z _ - .`.
    case invalidKey(String)
    /// The key belongs to gRPC or HTTP/2 (`grpc-*`, `:*`, `content-type`, `te`, ...).
    case reservedKey(String)
    /// A text value has characters outside printable ASCII.
    case invalidValue(String)
    /// A text value was given for a key ending in `-bin`.
    case textValueForBinaryKey(String)
    /// A binary value was given for a key not ending in `-bin`.
    case binaryValueForTextKey(String)
}
