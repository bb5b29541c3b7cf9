import ProtoWire

/// message ListResponse { repeated string strings = 1; }
struct ListResponse: ProtoMessage {
    var strings: [String] = []
    var unknownFields = UnknownFields()

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        sizer.sizeRepeated(strings, as: ProtoString.self, field: 1) + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        writer.writeRepeated(strings, as: ProtoString.self, field: 1)
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: try reader.readRepeated(&strings, as: ProtoString.self, tag: tag)
        default: false
        }
    }
}
