import GRPCCore
import ProtoWire
import Testing

/// message Pair { string name = 1; repeated int32 values = 2; }
struct Pair: ProtoMessage {
    var name = ""
    var values: [Int32] = []
    var unknownFields = UnknownFields()

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        (name.isEmpty ? 0 : sizer.size(name, as: ProtoString.self, field: 1))
            + sizer.sizePacked(values, as: ProtoInt32.self, field: 2) + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if !name.isEmpty { writer.write(name, as: ProtoString.self, field: 1) }
        writer.writePacked(values, as: ProtoInt32.self, field: 2)
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: try reader.read(&name, as: ProtoString.self, tag: tag)
        case 2: try reader.readRepeated(&values, as: ProtoInt32.self, tag: tag)
        default: false
        }
    }
}

@Suite struct ProtobufCodecTests {
    @Test func roundTripsAndKnowsTheSizeWithoutEncoding() throws {
        let codec = Codec<Pair>.protobuf
        var pair = Pair()
        pair.name = "ab"
        pair.values = [1, -1, 300]
        let bytes = try codec.serialize(pair)
        #expect(codec.encodedSize?(pair) == bytes.count)
        #expect(try codec.deserialize(bytes) == pair)
    }

    @Test func malformedBytesThrow() {
        let codec = Codec<Pair>.protobuf
        #expect(throws: (any Error).self) { try codec.deserialize([0x0A, 0x05, 0x61]) }
    }
}
