// Message shapes the fuzz harness decodes into. Compiled in one module with Sources/ProtoWire/*.swift.

enum FuzzColor: ProtoEnum {
    case zero, one, other(Int32)

    init(protoValue: Int32) {
        switch protoValue {
        case 0: self = .zero
        case 1: self = .one
        default: self = .other(protoValue)
        }
    }

    var protoValue: Int32 {
        switch self {
        case .zero: 0
        case .one: 1
        case .other(let value): value
        }
    }
}

/// group G = 7 { sint32 x = 8; repeated string tags = 9; }
struct FuzzGroup: ProtoMessage {
    var x: Int32 = 0
    var tags: [String] = []
    var unknownFields = UnknownFields()

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var size = sizer.sizeUnknownFields(unknownFields)
        if x != 0 { size += sizer.size(x, as: ProtoSInt32.self, field: 8) }
        size += sizer.sizeRepeated(tags, as: ProtoString.self, field: 9)
        return size
    }

    func encode(to writer: inout ProtoWriter) {
        if x != 0 { writer.write(x, as: ProtoSInt32.self, field: 8) }
        writer.writeRepeated(tags, as: ProtoString.self, field: 9)
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 8: try reader.read(&x, as: ProtoSInt32.self, tag: tag)
        case 9: try reader.readRepeated(&tags, as: ProtoString.self, tag: tag)
        default: false
        }
    }
}

/// A recursive message with strings, bytes, maps, a group and packed fields (no floats, so == is exact).
struct FuzzTree: ProtoMessage {
    var id: Int32 = 0
    var name = ""
    var children: [FuzzTree] = []
    var blob: [UInt8] = []
    var labels: [String: Int64] = [:]
    var subtrees: [Int32: FuzzTree] = [:]
    var group: FuzzGroup?
    var packed: [Int64] = []
    var fixed: [UInt32] = []
    var color = FuzzColor.zero
    var flag = false
    var unknownFields = UnknownFields()

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var size = 0
        if id != 0 { size += sizer.size(id, as: ProtoInt32.self, field: 1) }
        if !name.isEmpty { size += sizer.size(name, as: ProtoString.self, field: 2) }
        size += sizer.sizeRepeatedMessage(children, field: 3)
        if !blob.isEmpty { size += sizer.size(blob, as: ProtoBytes.self, field: 4) }
        size += sizer.sizeMap(labels, key: ProtoString.self, value: ProtoInt64.self, field: 5)
        size += sizer.sizeMessageMap(subtrees, key: ProtoInt32.self, field: 6)
        if let group { size += sizer.sizeGroup(group, field: 7) }
        size += sizer.sizePacked(packed, as: ProtoSInt64.self, field: 10)
        size += sizer.sizePacked(fixed, as: ProtoFixed32.self, field: 11)
        if color != .zero { size += sizer.size(color, as: ProtoEnumType<FuzzColor>.self, field: 13) }
        if flag { size += sizer.size(flag, as: ProtoBool.self, field: 14) }
        return size + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if id != 0 { writer.write(id, as: ProtoInt32.self, field: 1) }
        if !name.isEmpty { writer.write(name, as: ProtoString.self, field: 2) }
        writer.writeRepeatedMessage(children, field: 3)
        if !blob.isEmpty { writer.write(blob, as: ProtoBytes.self, field: 4) }
        writer.writeMap(labels, key: ProtoString.self, value: ProtoInt64.self, field: 5)
        writer.writeMessageMap(subtrees, key: ProtoInt32.self, field: 6)
        if let group { writer.writeGroup(group, field: 7) }
        writer.writePacked(packed, as: ProtoSInt64.self, field: 10)
        writer.writePacked(fixed, as: ProtoFixed32.self, field: 11)
        if color != .zero { writer.write(color, as: ProtoEnumType<FuzzColor>.self, field: 13) }
        if flag { writer.write(flag, as: ProtoBool.self, field: 14) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: try reader.read(&id, as: ProtoInt32.self, tag: tag)
        case 2: try reader.read(&name, as: ProtoString.self, tag: tag)
        case 3: try reader.readRepeatedMessage(&children, tag: tag)
        case 4: try reader.read(&blob, as: ProtoBytes.self, tag: tag)
        case 5: try reader.readMap(&labels, key: ProtoString.self, value: ProtoInt64.self, tag: tag)
        case 6: try reader.readMessageMap(&subtrees, key: ProtoInt32.self, tag: tag)
        case 7: try reader.readGroup(&group, tag: tag)
        case 10: try reader.readRepeated(&packed, as: ProtoSInt64.self, tag: tag)
        case 11: try reader.readRepeated(&fixed, as: ProtoFixed32.self, tag: tag)
        case 13: try reader.read(&color, as: ProtoEnumType<FuzzColor>.self, tag: tag)
        case 14: try reader.read(&flag, as: ProtoBool.self, tag: tag)
        default: false
        }
    }
}

/// Every scalar type once as an explicit-presence field and once repeated; no maps, so re-encoding is deterministic.
struct FuzzScalars: ProtoMessage {
    var i32: Int32?
    var i64: Int64?
    var u32: UInt32?
    var u64: UInt64?
    var s32: Int32?
    var s64: Int64?
    var f32: UInt32?
    var f64: UInt64?
    var sf32: Int32?
    var sf64: Int64?
    var float: Float?
    var double: Double?
    var bool: Bool?
    var string: String?
    var bytes: [UInt8]?
    var rInt32: [Int32] = []
    var rUInt64: [UInt64] = []
    var rSInt32: [Int32] = []
    var rFixed64: [UInt64] = []
    var rFloat: [Float] = []
    var rDouble: [Double] = []
    var rBool: [Bool] = []
    var rString: [String] = []
    var rBytes: [[UInt8]] = []
    var unknownFields = UnknownFields()

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var size = 0
        if let i32 { size += sizer.size(i32, as: ProtoInt32.self, field: 1) }
        if let i64 { size += sizer.size(i64, as: ProtoInt64.self, field: 2) }
        if let u32 { size += sizer.size(u32, as: ProtoUInt32.self, field: 3) }
        if let u64 { size += sizer.size(u64, as: ProtoUInt64.self, field: 4) }
        if let s32 { size += sizer.size(s32, as: ProtoSInt32.self, field: 5) }
        if let s64 { size += sizer.size(s64, as: ProtoSInt64.self, field: 6) }
        if let f32 { size += sizer.size(f32, as: ProtoFixed32.self, field: 7) }
        if let f64 { size += sizer.size(f64, as: ProtoFixed64.self, field: 8) }
        if let sf32 { size += sizer.size(sf32, as: ProtoSFixed32.self, field: 9) }
        if let sf64 { size += sizer.size(sf64, as: ProtoSFixed64.self, field: 10) }
        if let float { size += sizer.size(float, as: ProtoFloat.self, field: 11) }
        if let double { size += sizer.size(double, as: ProtoDouble.self, field: 12) }
        if let bool { size += sizer.size(bool, as: ProtoBool.self, field: 13) }
        if let string { size += sizer.size(string, as: ProtoString.self, field: 14) }
        if let bytes { size += sizer.size(bytes, as: ProtoBytes.self, field: 15) }
        size += sizer.sizePacked(rInt32, as: ProtoInt32.self, field: 31)
        size += sizer.sizePacked(rUInt64, as: ProtoUInt64.self, field: 32)
        size += sizer.sizeRepeated(rSInt32, as: ProtoSInt32.self, field: 33)
        size += sizer.sizePacked(rFixed64, as: ProtoFixed64.self, field: 34)
        size += sizer.sizeRepeated(rFloat, as: ProtoFloat.self, field: 35)
        size += sizer.sizePacked(rDouble, as: ProtoDouble.self, field: 36)
        size += sizer.sizePacked(rBool, as: ProtoBool.self, field: 37)
        size += sizer.sizeRepeated(rString, as: ProtoString.self, field: 38)
        size += sizer.sizeRepeated(rBytes, as: ProtoBytes.self, field: 39)
        return size + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if let i32 { writer.write(i32, as: ProtoInt32.self, field: 1) }
        if let i64 { writer.write(i64, as: ProtoInt64.self, field: 2) }
        if let u32 { writer.write(u32, as: ProtoUInt32.self, field: 3) }
        if let u64 { writer.write(u64, as: ProtoUInt64.self, field: 4) }
        if let s32 { writer.write(s32, as: ProtoSInt32.self, field: 5) }
        if let s64 { writer.write(s64, as: ProtoSInt64.self, field: 6) }
        if let f32 { writer.write(f32, as: ProtoFixed32.self, field: 7) }
        if let f64 { writer.write(f64, as: ProtoFixed64.self, field: 8) }
        if let sf32 { writer.write(sf32, as: ProtoSFixed32.self, field: 9) }
        if let sf64 { writer.write(sf64, as: ProtoSFixed64.self, field: 10) }
        if let float { writer.write(float, as: ProtoFloat.self, field: 11) }
        if let double { writer.write(double, as: ProtoDouble.self, field: 12) }
        if let bool { writer.write(bool, as: ProtoBool.self, field: 13) }
        if let string { writer.write(string, as: ProtoString.self, field: 14) }
        if let bytes { writer.write(bytes, as: ProtoBytes.self, field: 15) }
        writer.writePacked(rInt32, as: ProtoInt32.self, field: 31)
        writer.writePacked(rUInt64, as: ProtoUInt64.self, field: 32)
        writer.writeRepeated(rSInt32, as: ProtoSInt32.self, field: 33)
        writer.writePacked(rFixed64, as: ProtoFixed64.self, field: 34)
        writer.writeRepeated(rFloat, as: ProtoFloat.self, field: 35)
        writer.writePacked(rDouble, as: ProtoDouble.self, field: 36)
        writer.writePacked(rBool, as: ProtoBool.self, field: 37)
        writer.writeRepeated(rString, as: ProtoString.self, field: 38)
        writer.writeRepeated(rBytes, as: ProtoBytes.self, field: 39)
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: try reader.read(&i32, as: ProtoInt32.self, tag: tag)
        case 2: try reader.read(&i64, as: ProtoInt64.self, tag: tag)
        case 3: try reader.read(&u32, as: ProtoUInt32.self, tag: tag)
        case 4: try reader.read(&u64, as: ProtoUInt64.self, tag: tag)
        case 5: try reader.read(&s32, as: ProtoSInt32.self, tag: tag)
        case 6: try reader.read(&s64, as: ProtoSInt64.self, tag: tag)
        case 7: try reader.read(&f32, as: ProtoFixed32.self, tag: tag)
        case 8: try reader.read(&f64, as: ProtoFixed64.self, tag: tag)
        case 9: try reader.read(&sf32, as: ProtoSFixed32.self, tag: tag)
        case 10: try reader.read(&sf64, as: ProtoSFixed64.self, tag: tag)
        case 11: try reader.read(&float, as: ProtoFloat.self, tag: tag)
        case 12: try reader.read(&double, as: ProtoDouble.self, tag: tag)
        case 13: try reader.read(&bool, as: ProtoBool.self, tag: tag)
        case 14: try reader.read(&string, as: ProtoString.self, tag: tag)
        case 15: try reader.read(&bytes, as: ProtoBytes.self, tag: tag)
        case 31: try reader.readRepeated(&rInt32, as: ProtoInt32.self, tag: tag)
        case 32: try reader.readRepeated(&rUInt64, as: ProtoUInt64.self, tag: tag)
        case 33: try reader.readRepeated(&rSInt32, as: ProtoSInt32.self, tag: tag)
        case 34: try reader.readRepeated(&rFixed64, as: ProtoFixed64.self, tag: tag)
        case 35: try reader.readRepeated(&rFloat, as: ProtoFloat.self, tag: tag)
        case 36: try reader.readRepeated(&rDouble, as: ProtoDouble.self, tag: tag)
        case 37: try reader.readRepeated(&rBool, as: ProtoBool.self, tag: tag)
        case 38: try reader.readRepeated(&rString, as: ProtoString.self, tag: tag)
        case 39: try reader.readRepeated(&rBytes, as: ProtoBytes.self, tag: tag)
        default: false
        }
    }
}

/// Knows no field: everything lands in unknown fields and must re-encode byte for byte.
struct FuzzEmpty: ProtoMessage {
    var unknownFields = UnknownFields()

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        false
    }
}
