import ProtoWire

/// proto2 message WithGroup {
///   optional int32 a = 1;
///   optional group Item = 2 { optional int32 x = 3; optional string y = 4; repeated group Inner = 5 { optional sint32 z = 6; } }
///   repeated group Many = 7 { optional fixed32 w = 8; }
///   optional int32 b = 9;
/// }
struct WithGroup: ProtoMessage {
    struct Item: ProtoMessage {
        struct Inner: ProtoMessage {
            var z: Int32?
            var unknownFields = UnknownFields()

            func encodedSize(in sizer: inout ProtoSizer) -> Int {
                var size = sizer.sizeUnknownFields(unknownFields)
                if let z { size += sizer.size(z, as: ProtoSInt32.self, field: 6) }
                return size
            }

            func encode(to writer: inout ProtoWriter) {
                if let z { writer.write(z, as: ProtoSInt32.self, field: 6) }
                writer.writeUnknownFields(unknownFields)
            }

            mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
                tag.number == 6 ? try reader.read(&z, as: ProtoSInt32.self, tag: tag) : false
            }
        }

        var x: Int32?
        var y: String?
        var inner: [Inner] = []
        var unknownFields = UnknownFields()

        func encodedSize(in sizer: inout ProtoSizer) -> Int {
            var size = 0
            if let x { size += sizer.size(x, as: ProtoInt32.self, field: 3) }
            if let y { size += sizer.size(y, as: ProtoString.self, field: 4) }
            size += sizer.sizeRepeatedGroup(inner, field: 5)
            return size + sizer.sizeUnknownFields(unknownFields)
        }

        func encode(to writer: inout ProtoWriter) {
            if let x { writer.write(x, as: ProtoInt32.self, field: 3) }
            if let y { writer.write(y, as: ProtoString.self, field: 4) }
            writer.writeRepeatedGroup(inner, field: 5)
            writer.writeUnknownFields(unknownFields)
        }

        mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
            switch tag.number {
            case 3: try reader.read(&x, as: ProtoInt32.self, tag: tag)
            case 4: try reader.read(&y, as: ProtoString.self, tag: tag)
            case 5: try reader.readRepeatedGroup(&inner, tag: tag)
            default: false
            }
        }
    }

    struct Many: ProtoMessage {
        var w: UInt32?
        var unknownFields = UnknownFields()

        func encodedSize(in sizer: inout ProtoSizer) -> Int {
            var size = sizer.sizeUnknownFields(unknownFields)
            if let w { size += sizer.size(w, as: ProtoFixed32.self, field: 8) }
            return size
        }

        func encode(to writer: inout ProtoWriter) {
            if let w { writer.write(w, as: ProtoFixed32.self, field: 8) }
            writer.writeUnknownFields(unknownFields)
        }

        mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
            tag.number == 8 ? try reader.read(&w, as: ProtoFixed32.self, tag: tag) : false
        }
    }

    var a: Int32?
    var item: Item?
    var many: [Many] = []
    var b: Int32?
    var unknownFields = UnknownFields()

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var size = 0
        if let a { size += sizer.size(a, as: ProtoInt32.self, field: 1) }
        if let item { size += sizer.sizeGroup(item, field: 2) }
        size += sizer.sizeRepeatedGroup(many, field: 7)
        if let b { size += sizer.size(b, as: ProtoInt32.self, field: 9) }
        return size + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if let a { writer.write(a, as: ProtoInt32.self, field: 1) }
        if let item { writer.writeGroup(item, field: 2) }
        writer.writeRepeatedGroup(many, field: 7)
        if let b { writer.write(b, as: ProtoInt32.self, field: 9) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: try reader.read(&a, as: ProtoInt32.self, tag: tag)
        case 2: try reader.readGroup(&item, tag: tag)
        case 7: try reader.readRepeatedGroup(&many, tag: tag)
        case 9: try reader.read(&b, as: ProtoInt32.self, tag: tag)
        default: false
        }
    }
}
