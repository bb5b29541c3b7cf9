import ProtoWire
import Testing

@Suite("Unknown fields")
struct UnknownFieldsTests {
    @Test("an older message keeps the fields it does not know, byte for byte", arguments: [
        "scalars_zero", "scalars_minus_one", "scalars_min", "scalars_max", "floats_nan", "strings_multibyte",
        "bytes_binary", "max_field_number",
    ])
    func olderMessageKeepsNewerFields(_ name: String) throws {
        let bytes = try #require(ProtocCases.all.first { $0.name == name }).expected
        let older = try ScalarsFirstField(serializedBytes: bytes)
        #expect(older.serializedBytes() == bytes)
        #expect(older.unknownFields.count == bytes.count - (older.oInt32.map { 1 + ProtoInt32.encodedSize(of: $0) } ?? 0))
    }

    @Test("unknown fields are re-emitted after the known ones, unchanged")
    func unknownBytesAreExact() throws {
        let full = Scalars(oInt32: 3, oUInt64: .max, oString: "new", oEnum: .negative, iSInt64: -2)
        let older = try ScalarsFirstField(serializedBytes: full.serializedBytes())
        #expect(older.oInt32 == 3)
        let tail = Scalars(oUInt64: .max, oString: "new", oEnum: .negative, iSInt64: -2).serializedBytes()
        #expect(older.unknownFields.bytes == tail)
        #expect(try Scalars(serializedBytes: older.serializedBytes()) == full)
    }

    @Test("unknown groups, nested groups included, are kept whole")
    func unknownGroupsAreKept() throws {
        let bytes = try #require(ProtocCases.all.first { $0.name == "proto2_groups" }).expected
        let empty = try EmptyMessage(serializedBytes: bytes)
        #expect(empty.unknownFields.bytes == bytes)
        #expect(empty.serializedBytes() == bytes)
        // A type that knows the scalars but not the groups keeps the groups verbatim.
        let scalarsOnly = try ScalarsFirstField(serializedBytes: bytes)
        #expect(scalarsOnly.oInt32 == 1)
        #expect(scalarsOnly.serializedBytes() == bytes)
    }

    @Test("a known field with an unexpected wire type is kept as unknown, as protobuf C++ does")
    func wrongWireTypeBecomesUnknown() throws {
        // o_int32 = 1 sent as fixed32, o_string = 14 sent as varint, leaf = 2 of Nested sent as varint.
        let bytes: [UInt8] = [0x0D, 0x01, 0x02, 0x03, 0x04, 0x70, 0x05]
        let scalars = try Scalars(serializedBytes: bytes)
        #expect(scalars.oInt32 == nil)
        #expect(scalars.oString == nil)
        #expect(scalars.unknownFields.bytes == bytes)
        #expect(scalars.serializedBytes() == bytes)
        let nested = try Nested(serializedBytes: [0x10, 0x01])
        #expect(nested.leaf == nil)
        #expect(nested.unknownFields.bytes == [0x10, 0x01])
    }

    @Test("non-canonical encodings of unknown fields are kept as they were")
    func nonCanonicalBytesAreKept() throws {
        // Field 5 varint 1 with an over-long tag and value, then field 6 length 0.
        let bytes: [UInt8] = [0xA8, 0x80, 0x00, 0x81, 0x80, 0x80, 0x00, 0x32, 0x00]
        #expect(try EmptyMessage(serializedBytes: bytes).serializedBytes() == bytes)
    }

    @Test("unknown fields take part in equality and can be cleared")
    func equalityAndClearing() throws {
        var withUnknown = try ScalarsFirstField(serializedBytes: [0x08, 0x01, 0x10, 0x02])
        #expect(withUnknown != ScalarsFirstField(oInt32: 1))
        withUnknown.unknownFields.removeAll()
        #expect(withUnknown == ScalarsFirstField(oInt32: 1))
        #expect(withUnknown.unknownFields.isEmpty)
    }
}
