// Minimal protobuf wire format for the benchmark's messages, all of which hold only
// `string` fields numbered 1 (field 1, wire type 2: tag 0x0A, varint length, UTF-8 bytes).
// The public twin of Benchmarks/Sources/ListStringsBench/ProtobufWire.swift, for the peers.

public enum ProtobufWire {
    public struct DecodingError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func varintSize(_ value: Int) -> Int {
        var value = UInt64(value)
        var size = 1
        while value >= 0x80 {
            value >>= 7
            size += 1
        }
        return size
    }

    /// Encoded size of `strings` as repeated field 1.
    public static func encodedSize(ofStringField1 strings: [String]) -> Int {
        var size = 0
        for string in strings {
            let count = string.utf8.count
            size += 1 + varintSize(count) + count
        }
        return size
    }

    /// Writes `strings` as repeated field 1 into `out`, which must have exactly the encoded size.
    public static func encode(stringField1 strings: [String], into out: UnsafeMutableRawBufferPointer) {
        var index = 0
        for var string in strings {
            out[index] = 0x0A
            index += 1
            var length = UInt64(string.utf8.count)
            while length >= 0x80 {
                out[index] = UInt8(truncatingIfNeeded: length) | 0x80
                length >>= 7
                index += 1
            }
            out[index] = UInt8(length)
            index += 1
            string.withUTF8 { utf8 in
                UnsafeMutableRawBufferPointer(rebasing: out[index..<(index + utf8.count)])
                    .copyMemory(from: UnsafeRawBufferPointer(utf8))
                index += utf8.count
            }
        }
        precondition(index == out.count, "encoded size mismatch")
    }

    /// Decodes every occurrence of string field 1, in order; skips other fields.
    public static func decodeStringField1(_ bytes: UnsafeRawBufferPointer) throws -> [String] {
        var strings: [String] = []
        try forEachStringField1(bytes) { strings.append($0) }
        return strings
    }

    /// Calls `body` with each occurrence of string field 1, in order; skips other fields.
    public static func forEachStringField1(
        _ bytes: UnsafeRawBufferPointer, _ body: (String) -> Void
    ) throws {
        var index = 0
        while index < bytes.count {
            let tag = try readVarint(bytes, &index)
            let fieldNumber = tag >> 3
            switch tag & 7 {
            case 0:
                _ = try readVarint(bytes, &index)
            case 1:
                index += 8
            case 2:
                let length = try readVarint(bytes, &index)
                guard length <= UInt64(bytes.count - index) else {
                    throw DecodingError(description: "truncated length-delimited field")
                }
                let end = index + Int(length)
                if fieldNumber == 1 {
                    let utf8 = UnsafeRawBufferPointer(rebasing: bytes[index..<end])
                    guard let string = String(validating: utf8, as: UTF8.self) else {
                        throw DecodingError(description: "string field is not valid UTF-8")
                    }
                    body(string)
                }
                index = end
            case 5:
                index += 4
            default:
                throw DecodingError(description: "unsupported wire type in tag \(tag)")
            }
            guard index <= bytes.count else {
                throw DecodingError(description: "truncated fixed-size field")
            }
        }
    }

    private static func readVarint(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count, shift < 64 {
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        throw DecodingError(description: "truncated or overlong varint")
    }
}
