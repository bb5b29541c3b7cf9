import WellKnownTypes

/// Swift expressions for proto2 `[default = ...]` values, parsed from descriptor text.
enum DefaultValue {
    /// The Swift expression of `text` as a value of a scalar field of `type`; nil if the text does not parse.
    static func scalar(_ text: String, type: Google_Protobuf_FieldDescriptorProto.TypeEnum) -> String? {
        switch type {
        case .int32, .sint32, .sfixed32: return Int32(text).map { "\($0)" }
        case .int64, .sint64, .sfixed64: return Int64(text).map { "\($0)" }
        case .uint32, .fixed32: return UInt32(text).map { "\($0)" }
        case .uint64, .fixed64: return UInt64(text).map { "\($0)" }
        case .bool: return text == "true" || text == "false" ? text : nil
        case .string: return Naming.stringLiteral(text)
        case .bytes: return unescapeC(text).map { "[" + $0.map { "0x" + hex($0, width: 2) }.joined(separator: ", ") + "]" }
        case .double: return floating(text, swift: "Swift.Double", bits: Double(text)?.bitPattern, width: 16)
        case .float: return floating(text, swift: "Swift.Float", bits: Float(text).map { UInt64($0.bitPattern) }, width: 8)
        case .enum, .message, .group: return nil
        }
    }

    private static func floating(_ text: String, swift: String, bits: UInt64?, width: Int) -> String? {
        switch text {
        case "inf": return "\(swift).infinity"
        case "-inf": return "-\(swift).infinity"
        case "nan": return "\(swift).nan"
        default: return bits.map { "\(swift)(bitPattern: 0x\(hex($0, width: width)))" }
        }
    }

    private static func hex(_ value: some BinaryInteger, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Undoes protoc's C escaping of bytes defaults (`\ooo`, `\xHH`, `\n`, `\\`...).
    static func unescapeC(_ text: String) -> [UInt8]? {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        func isOctal(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x37 }
        while i < bytes.count {
            let b = bytes[i]
            guard b == UInt8(ascii: "\\") else {
                out.append(b)
                i += 1
                continue
            }
            i += 1
            guard i < bytes.count else { return nil }
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "n"): out.append(0x0A); i += 1
            case UInt8(ascii: "r"): out.append(0x0D); i += 1
            case UInt8(ascii: "t"): out.append(0x09); i += 1
            case UInt8(ascii: "a"): out.append(0x07); i += 1
            case UInt8(ascii: "b"): out.append(0x08); i += 1
            case UInt8(ascii: "f"): out.append(0x0C); i += 1
            case UInt8(ascii: "v"): out.append(0x0B); i += 1
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "?"): out.append(c); i += 1
            case UInt8(ascii: "x"):
                i += 1
                var value = 0
                var n = 0
                while i < bytes.count, n < 2, let d = Int(String(UnicodeScalar(bytes[i])), radix: 16) {
                    value = value * 16 + d
                    i += 1
                    n += 1
                }
                guard n > 0 else { return nil }
                out.append(UInt8(value))
            default:
                guard isOctal(c) else { return nil }
                var value = 0
                var n = 0
                while i < bytes.count, n < 3, isOctal(bytes[i]) {
                    value = value * 8 + Int(bytes[i] - 0x30)
                    i += 1
                    n += 1
                }
                guard value <= 255 else { return nil }
                out.append(UInt8(value))
            }
        }
        return out
    }
}
