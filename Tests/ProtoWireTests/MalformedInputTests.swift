import ProtoWire
import Testing

/// Each malformation yields the error that names it, for known and unknown fields alike.
@Suite("Malformed input")
struct MalformedInputTests {
    @Test("truncated varint")
    func truncatedVarint() {
        #expect(throws: ProtoDecodingError.truncatedVarint) { try Scalars(serializedBytes: [0x08, 0x80]) }
        #expect(throws: ProtoDecodingError.truncatedVarint) { try EmptyMessage(serializedBytes: [0x08, 0xFF, 0xFF]) }
        #expect(throws: ProtoDecodingError.truncatedVarint) { try EmptyMessage(serializedBytes: [0x80]) }
        // The varint runs past the end of its enclosing message, though not past the buffer.
        #expect(throws: ProtoDecodingError.truncatedVarint) { try Nested(serializedBytes: [0x12, 0x02, 0x08, 0x80, 0x01]) }
    }

    @Test("varint over ten bytes")
    func varintTooLong() {
        let eleven: [UInt8] = Array(repeating: 0xFF, count: 10) + [0x01]
        #expect(throws: ProtoDecodingError.varintTooLong) { try Scalars(serializedBytes: [0x08] + eleven) }
        #expect(throws: ProtoDecodingError.varintTooLong) { try EmptyMessage(serializedBytes: [0x08] + eleven) }
        #expect(throws: ProtoDecodingError.varintTooLong) { try EmptyMessage(serializedBytes: eleven) }
        // Near the end of the buffer (the bounds-checked path) too.
        #expect(throws: ProtoDecodingError.varintTooLong) {
            try Scalars(serializedBytes: [0x08] + Array(repeating: 0x80, count: 10))
        }
    }

    @Test("length past the end")
    func lengthPastEnd() {
        #expect(throws: ProtoDecodingError.lengthPastEnd(length: 5, available: 1)) {
            try Scalars(serializedBytes: [0x72, 0x05, 0x61])
        }
        #expect(throws: ProtoDecodingError.lengthPastEnd(length: 5, available: 1)) {
            try EmptyMessage(serializedBytes: [0x72, 0x05, 0x61])
        }
        // Past the enclosing message, though inside the buffer.
        #expect(throws: ProtoDecodingError.lengthPastEnd(length: 3, available: 1)) {
            try Nested(serializedBytes: [0x12, 0x03, 0x12, 0x03, 0x61, 0x62, 0x63])
        }
        // A length that does not fit in Int.
        #expect(throws: ProtoDecodingError.lengthPastEnd(length: .max, available: 0)) {
            try EmptyMessage(serializedBytes: [0x0A] + Array(repeating: 0xFF, count: 9) + [0x01])
        }
    }

    @Test("wire types 6 and 7")
    func invalidWireType() {
        #expect(throws: ProtoDecodingError.invalidWireType(6)) { try Scalars(serializedBytes: [0x0E, 0x00]) }
        #expect(throws: ProtoDecodingError.invalidWireType(7)) { try EmptyMessage(serializedBytes: [0x0F, 0x00]) }
        #expect(throws: ProtoDecodingError.invalidWireType(6)) { try Nested(serializedBytes: [0x12, 0x01, 0x0E]) }
    }

    @Test("field number 0 or above 2^29 - 1")
    func invalidFieldNumber() {
        #expect(throws: ProtoDecodingError.invalidFieldNumber(0)) { try Scalars(serializedBytes: [0x00, 0x00]) }
        #expect(throws: ProtoDecodingError.invalidFieldNumber(0)) { try EmptyMessage(serializedBytes: [0x02, 0x00]) }
        // (2^29) << 3 | 0 = 2^32.
        #expect(throws: ProtoDecodingError.invalidFieldNumber(536_870_912)) {
            try EmptyMessage(serializedBytes: [0x80, 0x80, 0x80, 0x80, 0x10, 0x00])
        }
        #expect(throws: ProtoDecodingError.invalidFieldNumber(UInt64.max >> 3)) {
            try EmptyMessage(serializedBytes: [0xF8] + Array(repeating: 0xFF, count: 8) + [0x01])
        }
        // The largest valid number is accepted.
        #expect(throws: Never.self) { try EmptyMessage(serializedBytes: [0xF8, 0xFF, 0xFF, 0xFF, 0x0F, 0x00]) }
    }

    @Test("invalid UTF-8 in a string field", arguments: [
        [0xC3, 0x28],  // bad continuation
        [0xC0, 0x80],  // overlong NUL
        [0xED, 0xA0, 0x80],  // UTF-16 surrogate
        [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
        [0xE2, 0x9C],  // truncated sequence
        [0x61, 0xFF],  // never valid
    ] as [[UInt8]])
    func invalidUTF8(_ bad: [UInt8]) {
        let field: [UInt8] = [UInt8(bad.count)] + bad
        #expect(throws: ProtoDecodingError.invalidUTF8(fieldNumber: 14)) { try Scalars(serializedBytes: [0x72] + field) }
        #expect(throws: ProtoDecodingError.invalidUTF8(fieldNumber: 1)) { try ListResponse(serializedBytes: [0x0A] + field) }
        #expect(throws: ProtoDecodingError.invalidUTF8(fieldNumber: 5)) {
            try Containers(serializedBytes: [0x2A, UInt8(field.count + 1), 0x0A] + field)
        }
        // The same bytes are fine in a bytes field and in an unknown field.
        #expect(throws: Never.self) { try Scalars(serializedBytes: [0x7A] + field) }
        #expect(throws: Never.self) { try EmptyMessage(serializedBytes: [0x72] + field) }
    }

    @Test("mismatched group end")
    func mismatchedGroupEnd() {
        // Unknown group 2 closed by end-group 3.
        #expect(throws: ProtoDecodingError.mismatchedGroupEnd(expected: 2, found: 3)) {
            try EmptyMessage(serializedBytes: [0x13, 0x08, 0x01, 0x1C])
        }
        // Known group Item = 2 closed by end-group 7; nested unknown group 10 closed by 11.
        #expect(throws: ProtoDecodingError.mismatchedGroupEnd(expected: 2, found: 7)) {
            try WithGroup(serializedBytes: [0x13, 0x18, 0x01, 0x3C])
        }
        #expect(throws: ProtoDecodingError.mismatchedGroupEnd(expected: 10, found: 11)) {
            try WithGroup(serializedBytes: [0x13, 0x53, 0x5C, 0x14])
        }
    }

    @Test("end-group tag outside any group")
    func unexpectedGroupEnd() {
        #expect(throws: ProtoDecodingError.unexpectedGroupEnd(fieldNumber: 2)) { try EmptyMessage(serializedBytes: [0x14]) }
        #expect(throws: ProtoDecodingError.unexpectedGroupEnd(fieldNumber: 1)) { try Nested(serializedBytes: [0x12, 0x01, 0x0C]) }
        // Inside a map entry.
        #expect(throws: ProtoDecodingError.unexpectedGroupEnd(fieldNumber: 1)) {
            try Containers(serializedBytes: [0x2A, 0x01, 0x0C])
        }
    }

    @Test("unterminated group")
    func unterminatedGroup() {
        #expect(throws: ProtoDecodingError.unterminatedGroup(fieldNumber: 2)) {
            try EmptyMessage(serializedBytes: [0x13, 0x18, 0x01])
        }
        #expect(throws: ProtoDecodingError.unterminatedGroup(fieldNumber: 2)) {
            try WithGroup(serializedBytes: [0x13, 0x18, 0x01])
        }
        // The group's end tag lies outside the length-delimited message that opened it.
        #expect(throws: ProtoDecodingError.unterminatedGroup(fieldNumber: 5)) {
            try Nested(serializedBytes: [0x12, 0x01, 0x2B, 0x2C])
        }
    }

    @Test("nesting deeper than 100")
    func nestingTooDeep() {
        let limit = ProtoReader.defaultRecursionLimit
        #expect(throws: ProtoDecodingError.nestingTooDeep(limit: 100)) {
            try Node(serializedBytes: Node.chain(depth: limit + 1).serializedBytes())
        }
        // The same bytes as unknown fields are not parsed, so they are fine.
        #expect(throws: Never.self) { try EmptyMessage(serializedBytes: Node.chain(depth: limit + 1).serializedBytes()) }
        // Unknown groups count too: 100 nested groups are fine, 101 are not.
        func groups(_ depth: Int) -> [UInt8] {
            Array(repeating: 0x0B, count: depth) + Array(repeating: 0x0C, count: depth)
        }
        #expect(throws: Never.self) { try EmptyMessage(serializedBytes: groups(limit)) }
        #expect(throws: ProtoDecodingError.nestingTooDeep(limit: 100)) { try EmptyMessage(serializedBytes: groups(limit + 1)) }
        // Messages and groups add up: 60 messages holding 40 groups are fine, holding 41 are not.
        #expect(throws: Never.self) { try Node(serializedBytes: wrapped(60, around: groups(limit - 60))) }
        #expect(throws: ProtoDecodingError.nestingTooDeep(limit: 100)) {
            try Node(serializedBytes: wrapped(60, around: groups(limit - 59)))
        }
    }

    @Test("truncated fixed-width values")
    func truncatedFixed() {
        #expect(throws: ProtoDecodingError.truncatedFixed32) { try Scalars(serializedBytes: [0x3D, 0x01, 0x02]) }
        #expect(throws: ProtoDecodingError.truncatedFixed32) { try EmptyMessage(serializedBytes: [0x3D, 0x01, 0x02]) }
        #expect(throws: ProtoDecodingError.truncatedFixed64) { try Scalars(serializedBytes: [0x41, 0x01, 0x02, 0x03]) }
        #expect(throws: ProtoDecodingError.truncatedFixed64) { try EmptyMessage(serializedBytes: [0x41]) }
        // A packed fixed32 payload that is not a multiple of four bytes.
        #expect(throws: ProtoDecodingError.truncatedFixed32) { try Packed(serializedBytes: [0x3A, 0x05, 1, 0, 0, 0, 2]) }
    }

    @Test("a truncated packed varint payload")
    func truncatedPackedVarint() {
        #expect(throws: ProtoDecodingError.truncatedVarint) { try Packed(serializedBytes: [0x0A, 0x02, 0x01, 0x80, 0x01]) }
    }

    private func lengthPrefix(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        var value = count
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        return bytes + [UInt8(value)]
    }

    /// `depth` Node messages, each holding the next as field 1, around `inner`.
    private func wrapped(_ depth: Int, around inner: [UInt8]) -> [UInt8] {
        var bytes = inner
        for _ in 0..<depth { bytes = [0x0A] + lengthPrefix(bytes.count) + bytes }
        return bytes
    }
}
