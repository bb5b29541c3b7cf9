import ProtoWire

/// Selects the encoding `RepeatedScalars` writes; decoding accepts both.
protocol RepeatedEncoding: Sendable {
    static var packed: Bool { get }
}

enum PackedEncoding: RepeatedEncoding {
    static var packed: Bool { true }
}

enum UnpackedEncoding: RepeatedEncoding {
    static var packed: Bool { false }
}

/// message Packed / message Unpacked: one repeated field per packable scalar type, fields 1...14.
typealias Packed = RepeatedScalars<PackedEncoding>
typealias Unpacked = RepeatedScalars<UnpackedEncoding>

struct RepeatedScalars<Encoding: RepeatedEncoding>: ProtoMessage {
    var int32s: [Int32] = []
    var int64s: [Int64] = []
    var uint32s: [UInt32] = []
    var uint64s: [UInt64] = []
    var sint32s: [Int32] = []
    var sint64s: [Int64] = []
    var fixed32s: [UInt32] = []
    var fixed64s: [UInt64] = []
    var sfixed32s: [Int32] = []
    var sfixed64s: [Int64] = []
    var floats: [Float] = []
    var doubles: [Double] = []
    var bools: [Bool] = []
    var colors: [Color] = []
    var unknownFields = UnknownFields()

    private static func size<T: ProtoPackableType>(
        _ values: [T.Value], _ type: T.Type, _ field: Int, _ sizer: inout ProtoSizer
    ) -> Int {
        Encoding.packed
            ? sizer.sizePacked(values, as: type, field: field)
            : sizer.sizeRepeated(values, as: type, field: field)
    }

    private static func write<T: ProtoPackableType>(
        _ values: [T.Value], _ type: T.Type, _ field: Int, _ writer: inout ProtoWriter
    ) {
        if Encoding.packed {
            writer.writePacked(values, as: type, field: field)
        } else {
            writer.writeRepeated(values, as: type, field: field)
        }
    }

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var size = Self.size(int32s, ProtoInt32.self, 1, &sizer)
        size += Self.size(int64s, ProtoInt64.self, 2, &sizer)
        size += Self.size(uint32s, ProtoUInt32.self, 3, &sizer)
        size += Self.size(uint64s, ProtoUInt64.self, 4, &sizer)
        size += Self.size(sint32s, ProtoSInt32.self, 5, &sizer)
        size += Self.size(sint64s, ProtoSInt64.self, 6, &sizer)
        size += Self.size(fixed32s, ProtoFixed32.self, 7, &sizer)
        size += Self.size(fixed64s, ProtoFixed64.self, 8, &sizer)
        size += Self.size(sfixed32s, ProtoSFixed32.self, 9, &sizer)
        size += Self.size(sfixed64s, ProtoSFixed64.self, 10, &sizer)
        size += Self.size(floats, ProtoFloat.self, 11, &sizer)
        size += Self.size(doubles, ProtoDouble.self, 12, &sizer)
        size += Self.size(bools, ProtoBool.self, 13, &sizer)
        size += Self.size(colors, ProtoEnumType<Color>.self, 14, &sizer)
        return size + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        Self.write(int32s, ProtoInt32.self, 1, &writer)
        Self.write(int64s, ProtoInt64.self, 2, &writer)
        Self.write(uint32s, ProtoUInt32.self, 3, &writer)
        Self.write(uint64s, ProtoUInt64.self, 4, &writer)
        Self.write(sint32s, ProtoSInt32.self, 5, &writer)
        Self.write(sint64s, ProtoSInt64.self, 6, &writer)
        Self.write(fixed32s, ProtoFixed32.self, 7, &writer)
        Self.write(fixed64s, ProtoFixed64.self, 8, &writer)
        Self.write(sfixed32s, ProtoSFixed32.self, 9, &writer)
        Self.write(sfixed64s, ProtoSFixed64.self, 10, &writer)
        Self.write(floats, ProtoFloat.self, 11, &writer)
        Self.write(doubles, ProtoDouble.self, 12, &writer)
        Self.write(bools, ProtoBool.self, 13, &writer)
        Self.write(colors, ProtoEnumType<Color>.self, 14, &writer)
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: try reader.readRepeated(&int32s, as: ProtoInt32.self, tag: tag)
        case 2: try reader.readRepeated(&int64s, as: ProtoInt64.self, tag: tag)
        case 3: try reader.readRepeated(&uint32s, as: ProtoUInt32.self, tag: tag)
        case 4: try reader.readRepeated(&uint64s, as: ProtoUInt64.self, tag: tag)
        case 5: try reader.readRepeated(&sint32s, as: ProtoSInt32.self, tag: tag)
        case 6: try reader.readRepeated(&sint64s, as: ProtoSInt64.self, tag: tag)
        case 7: try reader.readRepeated(&fixed32s, as: ProtoFixed32.self, tag: tag)
        case 8: try reader.readRepeated(&fixed64s, as: ProtoFixed64.self, tag: tag)
        case 9: try reader.readRepeated(&sfixed32s, as: ProtoSFixed32.self, tag: tag)
        case 10: try reader.readRepeated(&sfixed64s, as: ProtoSFixed64.self, tag: tag)
        case 11: try reader.readRepeated(&floats, as: ProtoFloat.self, tag: tag)
        case 12: try reader.readRepeated(&doubles, as: ProtoDouble.self, tag: tag)
        case 13: try reader.readRepeated(&bools, as: ProtoBool.self, tag: tag)
        case 14: try reader.readRepeated(&colors, as: ProtoEnumType<Color>.self, tag: tag)
        default: false
        }
    }
}
