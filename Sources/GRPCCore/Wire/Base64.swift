/// Base64 with the standard alphabet (RFC 4648 §4), as gRPC uses for binary `-bin` metadata values.
public enum Base64 {
    private static let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    /// Marks a byte outside the alphabet in ``decodingTable``.
    private static let invalid: UInt8 = 0xFF
    private static let decodingTable: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        alphabet.withUTF8Buffer { letters in
            for (value, letter) in letters.enumerated() { table[Int(letter)] = UInt8(value) }
        }
        return table
    }()

    /// Encodes `bytes` without padding, as gRPC senders should.
    public static func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { encode(UnsafeRawBufferPointer($0)) }
    }

    /// Encodes `bytes` without padding, as gRPC senders should.
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        let fullGroups = bytes.count / 3
        let tail = bytes.count % 3
        let count = fullGroups * 4 + (tail == 0 ? 0 : tail + 1)
        return alphabet.withUTF8Buffer { letters in
            String(unsafeUninitializedCapacity: count) { output in
                var read = 0
                var written = 0
                for _ in 0..<fullGroups {
                    let group = UInt32(bytes[read]) << 16 | UInt32(bytes[read + 1]) << 8 | UInt32(bytes[read + 2])
                    output[written] = letters[Int(group >> 18)]
                    output[written + 1] = letters[Int(group >> 12 & 0x3F)]
                    output[written + 2] = letters[Int(group >> 6 & 0x3F)]
                    output[written + 3] = letters[Int(group & 0x3F)]
                    read += 3
                    written += 4
                }
                if tail == 1 {
                    let group = UInt32(bytes[read]) << 16
                    output[written] = letters[Int(group >> 18)]
                    output[written + 1] = letters[Int(group >> 12 & 0x3F)]
                    written += 2
                } else if tail == 2 {
                    let group = UInt32(bytes[read]) << 16 | UInt32(bytes[read + 1]) << 8
                    output[written] = letters[Int(group >> 18)]
                    output[written + 1] = letters[Int(group >> 12 & 0x3F)]
                    output[written + 2] = letters[Int(group >> 6 & 0x3F)]
                    written += 3
                }
                return written
            }
        }
    }

    /// Decodes one value, padded or unpadded; throws INTERNAL if it is not valid base64.
    public static func decode(_ value: String) throws(RPCError) -> [UInt8] {
        var value = value
        return try value.withUTF8 { decode(UnsafeRawBufferPointer($0)) }.get()
    }

    /// Splits a received header value on "," (a transport may join duplicate headers that way),
    /// ignoring spaces and tabs around each element, and decodes every element.
    /// Throws INTERNAL if any element is not valid base64.
    public static func decodeValues(_ headerValue: String) throws(RPCError) -> [[UInt8]] {
        var headerValue = headerValue
        return try headerValue.withUTF8 { utf8 -> Result<[[UInt8]], RPCError> in
            let bytes = UnsafeRawBufferPointer(utf8)
            var values: [[UInt8]] = []
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: ",") { end += 1 }
                var first = start
                var last = end
                while first < last, isWhitespace(bytes[first]) { first += 1 }
                while last > first, isWhitespace(bytes[last - 1]) { last -= 1 }
                switch decode(UnsafeRawBufferPointer(rebasing: bytes[first..<last])) {
                case .success(let value): values.append(value)
                case .failure(let error): return .failure(error)
                }
                start = end + 1
            }
            return .success(values)
        }.get()
    }

    private static func decode(_ input: UnsafeRawBufferPointer) -> Result<[UInt8], RPCError> {
        var length = input.count
        if length % 4 == 0, length > 0, input[length - 1] == UInt8(ascii: "=") {
            length -= input[length - 2] == UInt8(ascii: "=") ? 2 : 1
        }
        let fullGroups = length / 4
        let tail = length % 4
        guard tail != 1 else { return .failure(malformed(input)) }
        let count = fullGroups * 3 + (tail == 0 ? 0 : tail - 1)

        var valid = true
        let output = decodingTable.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: count) { output, initialized in
                var read = 0
                var written = 0
                for _ in 0..<fullGroups {
                    let a = table[Int(input[read])], b = table[Int(input[read + 1])]
                    let c = table[Int(input[read + 2])], d = table[Int(input[read + 3])]
                    guard (a | b | c | d) & 0xC0 == 0 else { valid = false; break }
                    let group = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    output[written] = UInt8(truncatingIfNeeded: group >> 16)
                    output[written + 1] = UInt8(truncatingIfNeeded: group >> 8)
                    output[written + 2] = UInt8(truncatingIfNeeded: group)
                    read += 4
                    written += 3
                }
                if valid && tail >= 2 {
                    let a = table[Int(input[read])], b = table[Int(input[read + 1])]
                    let c = tail == 3 ? table[Int(input[read + 2])] : 0
                    if (a | b | c) & 0xC0 == 0 {
                        let group = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6
                        output[written] = UInt8(truncatingIfNeeded: group >> 16)
                        written += 1
                        if tail == 3 {
                            output[written] = UInt8(truncatingIfNeeded: group >> 8)
                            written += 1
                        }
                    } else {
                        valid = false
                    }
                }
                initialized = valid ? written : 0
            }
        }
        return valid ? .success(output) : .failure(malformed(input))
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    private static func malformed(_ input: UnsafeRawBufferPointer) -> RPCError {
        RPCError(.internal, "malformed base64 in binary metadata value (\(input.count) bytes)")
    }
}
