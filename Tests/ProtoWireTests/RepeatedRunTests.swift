import ProtoWire
import Testing

/// A repeated string field's array is sized from the run of elements that follows its first
/// one; the run may be long, interrupted, use two-byte lengths, or end in a truncated element.
@Suite("Repeated runs")
struct RepeatedRunTests {
    /// `count` strings of `length` bytes as field 1, each framed by hand.
    static func run(_ count: Int, length: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for i in 0..<count {
            bytes.append(0x0A)
            bytes += lengthPrefix(length)
            bytes += Array(repeating: UInt8(ascii: "a") + UInt8(i % 26), count: length)
        }
        return bytes
    }

    /// A one- or two-byte varint length prefix (lengths under 16,384).
    static func lengthPrefix(_ length: Int) -> [UInt8] {
        length < 0x80 ? [UInt8(length)] : [UInt8(length & 0x7F) | 0x80, UInt8(length >> 7)]
    }

    static func strings(_ count: Int, length: Int, from start: Int = 0) -> [String] {
        (start..<start + count).map { String(repeating: Character(UnicodeScalar(UInt8(ascii: "a") + UInt8($0 % 26))), count: length) }
    }

    @Test("long runs, one- and two-byte lengths, empty strings")
    func runs() throws {
        for (count, length) in [(1, 5), (300, 3), (50, 200), (40, 0)] {
            let message = try Containers(serializedBytes: Self.run(count, length: length))
            #expect(message.strings == Self.strings(count, length: length))
        }
    }

    @Test("a run interrupted by another field, then resumed")
    func interrupted() throws {
        // strings "a", "b", then field 2 (bytes) [7], then "c" as field 1 again.
        let bytes: [UInt8] = [0x0A, 0x01, 0x61, 0x0A, 0x01, 0x62, 0x12, 0x01, 0x07, 0x0A, 0x01, 0x63]
        let message = try Containers(serializedBytes: bytes)
        #expect(message.strings == ["a", "b", "c"])
        #expect(message.blobs == [[7]])
    }

    @Test("a run whose last element is truncated fails")
    func truncated() {
        let bytes = Self.run(10, length: 4).dropLast(2)
        #expect(throws: ProtoDecodingError.lengthPastEnd(length: 4, available: 2)) {
            try Containers(serializedBytes: Array(bytes))
        }
    }

    @Test("repeated strings encode with one- and two-byte lengths, empty, small and non-ASCII ones mixed")
    func encodesMixedLengths() throws {
        // Short strings take the fast path; a 128-byte or longer one the general path, then
        // the fast path resumes at the right position.
        let strings = ["", "a", "héllo, wörld ✓", String(repeating: "x", count: 127),
                       String(repeating: "y", count: 128), "b", String(repeating: "z", count: 300), "🙂"]
        var expected: [UInt8] = []
        for s in strings {
            expected += [0x0A] + Self.lengthPrefix(s.utf8.count) + Array(s.utf8)
        }
        var message = Containers()
        message.strings = strings
        #expect(message.serializedBytes() == expected)
        #expect(try Containers(serializedBytes: expected).strings == strings)
    }
}
