/// Percent-encoding of the `grpc-message` header (PROTOCOL-HTTP2.md, "Status-Message").
public enum PercentEncoding {
    /// Encodes `message` as UTF-8, keeping bytes 0x20...0x7E except `%` and writing every other
    /// byte as `%XX` in upper-case hex.
    public static func encode(_ message: String) -> String {
        var escapes = 0
        for byte in message.utf8 where !isUnreserved(byte) {
            escapes += 1
        }
        guard escapes > 0 else { return message }
        let count = message.utf8.count + 2 * escapes
        return String(unsafeUninitializedCapacity: count) { output in
            var index = 0
            for byte in message.utf8 {
                if isUnreserved(byte) {
                    output[index] = byte
                    index += 1
                } else {
                    output[index] = UInt8(ascii: "%")
                    output[index + 1] = hexDigit(byte >> 4)
                    output[index + 2] = hexDigit(byte & 0x0F)
                    index += 3
                }
            }
            return index
        }
    }

    /// Decodes a received value without ever failing: broken `%` sequences are kept as they are
    /// and invalid UTF-8 is repaired with U+FFFD.
    public static func decode(_ value: String) -> String {
        guard value.utf8.contains(UInt8(ascii: "%")) else { return value }
        var value = value
        return value.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    /// Decodes received header bytes without ever failing: broken `%` sequences are kept as they
    /// are and invalid UTF-8 is repaired with U+FFFD.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        // Decoding never lengthens the input.
        String(unsafeUninitializedCapacity: bytes.count) { output in
            var read = 0
            var written = 0
            while read < bytes.count {
                let byte = bytes[read]
                if byte == UInt8(ascii: "%"), read + 2 < bytes.count,
                   let high = hexValue(bytes[read + 1]), let low = hexValue(bytes[read + 2]) {
                    output[written] = high << 4 | low
                    read += 3
                } else {
                    output[written] = byte
                    read += 1
                }
                written += 1
            }
            return written
        }
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte <= 0x7E && byte != UInt8(ascii: "%")
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
