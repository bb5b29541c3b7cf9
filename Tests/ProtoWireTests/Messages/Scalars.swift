import ProtoWire

/// message Scalars: every scalar type with explicit presence (`optional`), a few with implicit
/// presence, and the largest field number.
struct Scalars: ProtoMessage {
    var oInt32: Int32?
    var oInt64: Int64?
    var oUInt32: UInt32?
    var oUInt64: UInt64?
    var oSInt32: Int32?
    var oSInt64: Int64?
    var oFixed32: UInt32?
    var oFixed64: UInt64?
    var oSFixed32: Int32?
    var oSFixed64: Int64?
    var oFloat: Float?
    var oDouble: Double?
    var oBool: Bool?
    var oString: String?
    var oBytes: [UInt8]?
    var oEnum: Color?
    var iInt32: Int32 = 0
    var iSInt64: Int64 = 0
    var iDouble: Double = 0
    var iBool = false
    var iString = ""
    var iBytes: [UInt8] = []
    var iEnum = Color.unspecified
    var maxField: Int32 = 0
    var unknownFields = UnknownFields()

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var size = 0
        if let oInt32 { size += sizer.size(oInt32, as: ProtoInt32.self, field: 1) }
        if let oInt64 { size += sizer.size(oInt64, as: ProtoInt64.self, field: 2) }
        if let oUInt32 { size += sizer.size(oUInt32, as: ProtoUInt32.self, field: 3) }
        if let oUInt64 { size += sizer.size(oUInt64, as: ProtoUInt64.self, field: 4) }
        if let oSInt32 { size += sizer.size(oSInt32, as: ProtoSInt32.self, field: 5) }
        if let oSInt64 { size += sizer.size(oSInt64, as: ProtoSInt64.self, field: 6) }
        if let oFixed32 { size += sizer.size(oFixed32, as: ProtoFixed32.self, field: 7) }
        if let oFixed64 { size += sizer.size(oFixed64, as: ProtoFixed64.self, field: 8) }
        if let oSFixed32 { size += sizer.size(oSFixed32, as: ProtoSFixed32.self, field: 9) }
        if let oSFixed64 { size += sizer.size(oSFixed64, as: ProtoSFixed64.self, field: 10) }
        if let oFloat { size += sizer.size(oFloat, as: ProtoFloat.self, field: 11) }
        if let oDouble { size += sizer.size(oDouble, as: ProtoDouble.self, field: 12) }
        if let oBool { size += sizer.size(oBool, as: ProtoBool.self, field: 13) }
        if let oString { size += sizer.size(oString, as: ProtoString.self, field: 14) }
        if let oBytes { size += sizer.size(oBytes, as: ProtoBytes.self, field: 15) }
        if let oEnum { size += sizer.size(oEnum, as: ProtoEnumType<Color>.self, field: 16) }
        if iInt32 != 0 { size += sizer.size(iInt32, as: ProtoInt32.self, field: 21) }
        if iSInt64 != 0 { size += sizer.size(iSInt64, as: ProtoSInt64.self, field: 22) }
        if iDouble.bitPattern != 0 { size += sizer.size(iDouble, as: ProtoDouble.self, field: 23) }
        if iBool { size += sizer.size(iBool, as: ProtoBool.self, field: 24) }
        if !iString.isEmpty { size += sizer.size(iString, as: ProtoString.self, field: 25) }
        if !iBytes.isEmpty { size += sizer.size(iBytes, as: ProtoBytes.self, field: 26) }
        if iEnum != .unspecified { size += sizer.size(iEnum, as: ProtoEnumType<Color>.self, field: 27) }
        if maxField != 0 { size += sizer.size(maxField, as: ProtoInt32.self, field: 536_870_911) }
        return size + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if let oInt32 { writer.write(oInt32, as: ProtoInt32.self, field: 1) }
        if let oInt64 { writer.write(oInt64, as: ProtoInt64.self, field: 2) }
        if let oUInt32 { writer.write(oUInt32, as: ProtoUInt32.self, field: 3) }
        if let oUInt64 { writer.write(oUInt64, as: ProtoUInt64.self, field: 4) }
        if let oSInt32 { writer.write(oSInt32, as: ProtoSInt32.self, field: 5) }
        if let oSInt64 { writer.write(oSInt64, as: ProtoSInt64.self, field: 6) }
        if let oFixed32 { writer.write(oFixed32, as: ProtoFixed32.self, field: 7) }
        if let oFixed64 { writer.write(oFixed64, as: ProtoFixed64.self, field: 8) }
        if let oSFixed32 { writer.write(oSFixed32, as: ProtoSFixed32.self, field: 9) }
        if let oSFixed64 { writer.write(oSFixed64, as: ProtoSFixed64.self, field: 10) }
        if let oFloat { writer.write(oFloat, as: ProtoFloat.self, field: 11) }
        if let oDouble { writer.write(oDouble, as: ProtoDouble.self, field: 12) }
        if let oBool { writer.write(oBool, as: ProtoBool.self, field: 13) }
        if let oString { writer.write(oString, as: ProtoString.self, field: 14) }
        if let oBytes { writer.write(oBytes, as: ProtoBytes.self, field: 15) }
        if let oEnum { writer.write(oEnum, as: ProtoEnumType<Color>.self, field: 16) }
        if iInt32 != 0 { writer.write(iInt32, as: ProtoInt32.self, field: 21) }
        if iSInt64 != 0 { writer.write(iSInt64, as: ProtoSInt64.self, field: 22) }
        if iDouble.bitPattern != 0 { writer.write(iDouble, as: ProtoDouble.self, field: 23) }
        if iBool { writer.write(iBool, as: ProtoBool.self, field: 24) }
        if !iString.isEmpty { writer.write(iString, as: ProtoString.self, field: 25) }
        if !iBytes.isEmpty { writer.write(iBytes, as: ProtoBytes.self, field: 26) }
        if iEnum != .unspecified { writer.write(iEnum, as: ProtoEnumType<Color>.self, field: 27) }
        if maxField != 0 { writer.write(maxField, as: ProtoInt32.self, field: 536_870_911) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: try reader.read(&oInt32, as: ProtoInt32.self, tag: tag)
        case 2: try reader.read(&oInt64, as: ProtoInt64.self, tag: tag)
        case 3: try reader.read(&oUInt32, as: ProtoUInt32.self, tag: tag)
        case 4: try reader.read(&oUInt64, as: ProtoUInt64.self, tag: tag)
        case 5: try reader.read(&oSInt32, as: ProtoSInt32.self, tag: tag)
        case 6: try reader.read(&oSInt64, as: ProtoSInt64.self, tag: tag)
        case 7: try reader.read(&oFixed32, as: ProtoFixed32.self, tag: tag)
        case 8: try reader.read(&oFixed64, as: ProtoFixed64.self, tag: tag)
        case 9: try reader.read(&oSFixed32, as: ProtoSFixed32.self, tag: tag)
        case 10: try reader.read(&oSFixed64, as: ProtoSFixed64.self, tag: tag)
        case 11: try reader.read(&oFloat, as: ProtoFloat.self, tag: tag)
        case 12: try reader.read(&oDouble, as: ProtoDouble.self, tag: tag)
        case 13: try reader.read(&oBool, as: ProtoBool.self, tag: tag)
        case 14: try reader.read(&oString, as: ProtoString.self, tag: tag)
        case 15: try reader.read(&oBytes, as: ProtoBytes.self, tag: tag)
        case 16: try reader.read(&oEnum, as: ProtoEnumType<Color>.self, tag: tag)
        case 21: try reader.read(&iInt32, as: ProtoInt32.self, tag: tag)
        case 22: try reader.read(&iSInt64, as: ProtoSInt64.self, tag: tag)
        case 23: try reader.read(&iDouble, as: ProtoDouble.self, tag: tag)
        case 24: try reader.read(&iBool, as: ProtoBool.self, tag: tag)
        case 25: try reader.read(&iString, as: ProtoString.self, tag: tag)
        case 26: try reader.read(&iBytes, as: ProtoBytes.self, tag: tag)
        case 27: try reader.read(&iEnum, as: ProtoEnumType<Color>.self, tag: tag)
        case 536_870_911: try reader.read(&maxField, as: ProtoInt32.self, tag: tag)
        default: false
        }
    }
}
