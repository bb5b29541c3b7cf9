import ProtoWire

/// An older version of Scalars that knows only `optional int32 o_int32 = 1`.
struct ScalarsFirstField: ProtoMessage {
    var oInt32: Int32?
    var unknownFields = UnknownFields()

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var size = sizer.sizeUnknownFields(unknownFields)
        if let oInt32 { size += sizer.size(oInt32, as: ProtoInt32.self, field: 1) }
        return size
    }

    func encode(to writer: inout ProtoWriter) {
        if let oInt32 { writer.write(oInt32, as: ProtoInt32.self, field: 1) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: try reader.read(&oInt32, as: ProtoInt32.self, tag: tag)
        default: false
        }
    }
}
