import ProtoWire

/// message Leaf { sint64 v = 1; string s = 2; }
struct Leaf: ProtoMessage {
    var v: Int64 = 0
    var s = ""
    var unknownFields = UnknownFields()

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var size = 0
        if v != 0 { size += sizer.size(v, as: ProtoSInt64.self, field: 1) }
        if !s.isEmpty { size += sizer.size(s, as: ProtoString.self, field: 2) }
        return size + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if v != 0 { writer.write(v, as: ProtoSInt64.self, field: 1) }
        if !s.isEmpty { writer.write(s, as: ProtoString.self, field: 2) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: try reader.read(&v, as: ProtoSInt64.self, tag: tag)
        case 2: try reader.read(&s, as: ProtoString.self, tag: tag)
        default: false
        }
    }
}
