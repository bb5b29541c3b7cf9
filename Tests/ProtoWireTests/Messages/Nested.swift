import ProtoWire

/// message Nested { int32 a = 1; Leaf leaf = 2; repeated Leaf leaves = 3; }
struct Nested: ProtoMessage {
    var a: Int32 = 0
    var leaf: Leaf?
    var leaves: [Leaf] = []
    var unknownFields = UnknownFields()

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var size = 0
        if a != 0 { size += sizer.size(a, as: ProtoInt32.self, field: 1) }
        if let leaf { size += sizer.sizeMessage(leaf, field: 2) }
        size += sizer.sizeRepeatedMessage(leaves, field: 3)
        return size + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if a != 0 { writer.write(a, as: ProtoInt32.self, field: 1) }
        if let leaf { writer.writeMessage(leaf, field: 2) }
        writer.writeRepeatedMessage(leaves, field: 3)
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: try reader.read(&a, as: ProtoInt32.self, tag: tag)
        case 2: try reader.readMessage(&leaf, tag: tag)
        case 3: try reader.readRepeatedMessage(&leaves, tag: tag)
        default: false
        }
    }
}
