import ProtoWire

/// message Containers: repeated strings and bytes, nested messages and one map per key/value kind.
struct Containers: ProtoMessage {
    var strings: [String] = []
    var blobs: [[UInt8]] = []
    var nested: Nested?
    var nesteds: [Nested] = []
    var stringToInt32: [String: Int32] = [:]
    var int32ToString: [Int32: String] = [:]
    var boolToBytes: [Bool: [UInt8]] = [:]
    var sint64ToLeaf: [Int64: Leaf] = [:]
    var uint64ToColor: [UInt64: Color] = [:]
    var fixed32ToDouble: [UInt32: Double] = [:]
    var sfixed64ToFloat: [Int64: Float] = [:]
    var stringToNested: [String: Nested] = [:]
    var int64ToSInt32: [Int64: Int32] = [:]
    var uint32ToFixed64: [UInt32: UInt64] = [:]
    var fixed64ToSFixed32: [UInt64: Int32] = [:]
    var sint32ToUInt32: [Int32: UInt32] = [:]
    var sfixed32ToSInt64: [Int32: Int64] = [:]
    var unknownFields = UnknownFields()

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var size = sizer.sizeRepeated(strings, as: ProtoString.self, field: 1)
        size += sizer.sizeRepeated(blobs, as: ProtoBytes.self, field: 2)
        if let nested { size += sizer.sizeMessage(nested, field: 3) }
        size += sizer.sizeRepeatedMessage(nesteds, field: 4)
        size += sizer.sizeMap(stringToInt32, key: ProtoString.self, value: ProtoInt32.self, field: 5)
        size += sizer.sizeMap(int32ToString, key: ProtoInt32.self, value: ProtoString.self, field: 6)
        size += sizer.sizeMap(boolToBytes, key: ProtoBool.self, value: ProtoBytes.self, field: 7)
        size += sizer.sizeMessageMap(sint64ToLeaf, key: ProtoSInt64.self, field: 8)
        size += sizer.sizeMap(uint64ToColor, key: ProtoUInt64.self, value: ProtoEnumType<Color>.self, field: 9)
        size += sizer.sizeMap(fixed32ToDouble, key: ProtoFixed32.self, value: ProtoDouble.self, field: 10)
        size += sizer.sizeMap(sfixed64ToFloat, key: ProtoSFixed64.self, value: ProtoFloat.self, field: 11)
        size += sizer.sizeMessageMap(stringToNested, key: ProtoString.self, field: 12)
        size += sizer.sizeMap(int64ToSInt32, key: ProtoInt64.self, value: ProtoSInt32.self, field: 13)
        size += sizer.sizeMap(uint32ToFixed64, key: ProtoUInt32.self, value: ProtoFixed64.self, field: 14)
        size += sizer.sizeMap(fixed64ToSFixed32, key: ProtoFixed64.self, value: ProtoSFixed32.self, field: 15)
        size += sizer.sizeMap(sint32ToUInt32, key: ProtoSInt32.self, value: ProtoUInt32.self, field: 16)
        size += sizer.sizeMap(sfixed32ToSInt64, key: ProtoSFixed32.self, value: ProtoSInt64.self, field: 17)
        return size + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        writer.writeRepeated(strings, as: ProtoString.self, field: 1)
        writer.writeRepeated(blobs, as: ProtoBytes.self, field: 2)
        if let nested { writer.writeMessage(nested, field: 3) }
        writer.writeRepeatedMessage(nesteds, field: 4)
        writer.writeMap(stringToInt32, key: ProtoString.self, value: ProtoInt32.self, field: 5)
        writer.writeMap(int32ToString, key: ProtoInt32.self, value: ProtoString.self, field: 6)
        writer.writeMap(boolToBytes, key: ProtoBool.self, value: ProtoBytes.self, field: 7)
        writer.writeMessageMap(sint64ToLeaf, key: ProtoSInt64.self, field: 8)
        writer.writeMap(uint64ToColor, key: ProtoUInt64.self, value: ProtoEnumType<Color>.self, field: 9)
        writer.writeMap(fixed32ToDouble, key: ProtoFixed32.self, value: ProtoDouble.self, field: 10)
        writer.writeMap(sfixed64ToFloat, key: ProtoSFixed64.self, value: ProtoFloat.self, field: 11)
        writer.writeMessageMap(stringToNested, key: ProtoString.self, field: 12)
        writer.writeMap(int64ToSInt32, key: ProtoInt64.self, value: ProtoSInt32.self, field: 13)
        writer.writeMap(uint32ToFixed64, key: ProtoUInt32.self, value: ProtoFixed64.self, field: 14)
        writer.writeMap(fixed64ToSFixed32, key: ProtoFixed64.self, value: ProtoSFixed32.self, field: 15)
        writer.writeMap(sint32ToUInt32, key: ProtoSInt32.self, value: ProtoUInt32.self, field: 16)
        writer.writeMap(sfixed32ToSInt64, key: ProtoSFixed32.self, value: ProtoSInt64.self, field: 17)
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: try reader.readRepeated(&strings, as: ProtoString.self, tag: tag)
        case 2: try reader.readRepeated(&blobs, as: ProtoBytes.self, tag: tag)
        case 3: try reader.readMessage(&nested, tag: tag)
        case 4: try reader.readRepeatedMessage(&nesteds, tag: tag)
        case 5: try reader.readMap(&stringToInt32, key: ProtoString.self, value: ProtoInt32.self, tag: tag)
        case 6: try reader.readMap(&int32ToString, key: ProtoInt32.self, value: ProtoString.self, tag: tag)
        case 7: try reader.readMap(&boolToBytes, key: ProtoBool.self, value: ProtoBytes.self, tag: tag)
        case 8: try reader.readMessageMap(&sint64ToLeaf, key: ProtoSInt64.self, tag: tag)
        case 9: try reader.readMap(&uint64ToColor, key: ProtoUInt64.self, value: ProtoEnumType<Color>.self, tag: tag)
        case 10: try reader.readMap(&fixed32ToDouble, key: ProtoFixed32.self, value: ProtoDouble.self, tag: tag)
        case 11: try reader.readMap(&sfixed64ToFloat, key: ProtoSFixed64.self, value: ProtoFloat.self, tag: tag)
        case 12: try reader.readMessageMap(&stringToNested, key: ProtoString.self, tag: tag)
        case 13: try reader.readMap(&int64ToSInt32, key: ProtoInt64.self, value: ProtoSInt32.self, tag: tag)
        case 14: try reader.readMap(&uint32ToFixed64, key: ProtoUInt32.self, value: ProtoFixed64.self, tag: tag)
        case 15: try reader.readMap(&fixed64ToSFixed32, key: ProtoFixed64.self, value: ProtoSFixed32.self, tag: tag)
        case 16: try reader.readMap(&sint32ToUInt32, key: ProtoSInt32.self, value: ProtoUInt32.self, tag: tag)
        case 17: try reader.readMap(&sfixed32ToSInt64, key: ProtoSFixed32.self, value: ProtoSInt64.self, tag: tag)
        default: false
        }
    }
}
