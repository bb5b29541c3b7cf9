// Bootstrap: hand-written descriptor types with only the fields the generator reads.
// Replaced by code the plugin generates from descriptor.proto and plugin.proto.

import ProtoWire


struct Google_Protobuf_FileDescriptorProto: ProtoMessage, Hashable, Sendable {
    var _name: Swift.String? = nil
    var name: Swift.String { get { _name ?? "" } set { _name = newValue } }
    var hasName: Swift.Bool { _name != nil }
    var _package: Swift.String? = nil
    var package: Swift.String { get { _package ?? "" } set { _package = newValue } }
    var hasPackage: Swift.Bool { _package != nil }
    var dependency: [Swift.String] = []
    var messageType: [Google_Protobuf_DescriptorProto] = []
    var enumType: [Google_Protobuf_EnumDescriptorProto] = []
    var service: [Google_Protobuf_ServiceDescriptorProto] = []
    var _options: Google_Protobuf_FileOptions? = nil
    var options: Google_Protobuf_FileOptions { get { _options ?? Google_Protobuf_FileOptions() } set { _options = newValue } }
    var hasOptions: Swift.Bool { _options != nil }
    var _sourceCodeInfo: Google_Protobuf_SourceCodeInfo? = nil
    var sourceCodeInfo: Google_Protobuf_SourceCodeInfo { get { _sourceCodeInfo ?? Google_Protobuf_SourceCodeInfo() } set { _sourceCodeInfo = newValue } }
    var hasSourceCodeInfo: Swift.Bool { _sourceCodeInfo != nil }
    var publicDependency: [Swift.Int32] = []
    var _syntax: Swift.String? = nil
    var syntax: Swift.String { get { _syntax ?? "" } set { _syntax = newValue } }
    var hasSyntax: Swift.Bool { _syntax != nil }
    var unknownFields = UnknownFields()
    init() {}

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var n = 0
        if let v = _name { n += sizer.size(v, as: ProtoString.self, field: 1) }
        if let v = _package { n += sizer.size(v, as: ProtoString.self, field: 2) }
        n += sizer.sizeRepeated(dependency, as: ProtoString.self, field: 3)
        n += sizer.sizeRepeatedMessage(messageType, field: 4)
        n += sizer.sizeRepeatedMessage(enumType, field: 5)
        n += sizer.sizeRepeatedMessage(service, field: 6)
        if let v = _options { n += sizer.sizeMessage(v, field: 8) }
        if let v = _sourceCodeInfo { n += sizer.sizeMessage(v, field: 9) }
        n += sizer.sizeRepeated(publicDependency, as: ProtoInt32.self, field: 10)
        if let v = _syntax { n += sizer.size(v, as: ProtoString.self, field: 12) }
        return n + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if let v = _name { writer.write(v, as: ProtoString.self, field: 1) }
        if let v = _package { writer.write(v, as: ProtoString.self, field: 2) }
        writer.writeRepeated(dependency, as: ProtoString.self, field: 3)
        writer.writeRepeatedMessage(messageType, field: 4)
        writer.writeRepeatedMessage(enumType, field: 5)
        writer.writeRepeatedMessage(service, field: 6)
        if let v = _options { writer.writeMessage(v, field: 8) }
        if let v = _sourceCodeInfo { writer.writeMessage(v, field: 9) }
        writer.writeRepeated(publicDependency, as: ProtoInt32.self, field: 10)
        if let v = _syntax { writer.write(v, as: ProtoString.self, field: 12) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: return try reader.read(&_name, as: ProtoString.self, tag: tag)
        case 2: return try reader.read(&_package, as: ProtoString.self, tag: tag)
        case 3: return try reader.readRepeated(&dependency, as: ProtoString.self, tag: tag)
        case 4: return try reader.readRepeatedMessage(&messageType, tag: tag)
        case 5: return try reader.readRepeatedMessage(&enumType, tag: tag)
        case 6: return try reader.readRepeatedMessage(&service, tag: tag)
        case 8: return try reader.readMessage(&_options, tag: tag)
        case 9: return try reader.readMessage(&_sourceCodeInfo, tag: tag)
        case 10: return try reader.readRepeated(&publicDependency, as: ProtoInt32.self, tag: tag)
        case 12: return try reader.read(&_syntax, as: ProtoString.self, tag: tag)
        default: return false
        }
    }
}


struct Google_Protobuf_DescriptorProto: ProtoMessage, Hashable, Sendable {
    var _name: Swift.String? = nil
    var name: Swift.String { get { _name ?? "" } set { _name = newValue } }
    var hasName: Swift.Bool { _name != nil }
    var field: [Google_Protobuf_FieldDescriptorProto] = []
    var nestedType: [Google_Protobuf_DescriptorProto] = []
    var enumType: [Google_Protobuf_EnumDescriptorProto] = []
    var _options: Google_Protobuf_MessageOptions? = nil
    var options: Google_Protobuf_MessageOptions { get { _options ?? Google_Protobuf_MessageOptions() } set { _options = newValue } }
    var hasOptions: Swift.Bool { _options != nil }
    var oneofDecl: [Google_Protobuf_OneofDescriptorProto] = []
    var unknownFields = UnknownFields()
    init() {}

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var n = 0
        if let v = _name { n += sizer.size(v, as: ProtoString.self, field: 1) }
        n += sizer.sizeRepeatedMessage(field, field: 2)
        n += sizer.sizeRepeatedMessage(nestedType, field: 3)
        n += sizer.sizeRepeatedMessage(enumType, field: 4)
        if let v = _options { n += sizer.sizeMessage(v, field: 7) }
        n += sizer.sizeRepeatedMessage(oneofDecl, field: 8)
        return n + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if let v = _name { writer.write(v, as: ProtoString.self, field: 1) }
        writer.writeRepeatedMessage(field, field: 2)
        writer.writeRepeatedMessage(nestedType, field: 3)
        writer.writeRepeatedMessage(enumType, field: 4)
        if let v = _options { writer.writeMessage(v, field: 7) }
        writer.writeRepeatedMessage(oneofDecl, field: 8)
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: return try reader.read(&_name, as: ProtoString.self, tag: tag)
        case 2: return try reader.readRepeatedMessage(&field, tag: tag)
        case 3: return try reader.readRepeatedMessage(&nestedType, tag: tag)
        case 4: return try reader.readRepeatedMessage(&enumType, tag: tag)
        case 7: return try reader.readMessage(&_options, tag: tag)
        case 8: return try reader.readRepeatedMessage(&oneofDecl, tag: tag)
        default: return false
        }
    }
}


struct Google_Protobuf_FieldDescriptorProto: ProtoMessage, Hashable, Sendable {
    var _name: Swift.String? = nil
    var name: Swift.String { get { _name ?? "" } set { _name = newValue } }
    var hasName: Swift.Bool { _name != nil }
    var _extendee: Swift.String? = nil
    var extendee: Swift.String { get { _extendee ?? "" } set { _extendee = newValue } }
    var hasExtendee: Swift.Bool { _extendee != nil }
    var _number: Swift.Int32? = nil
    var number: Swift.Int32 { get { _number ?? 0 } set { _number = newValue } }
    var hasNumber: Swift.Bool { _number != nil }
    var _label: Label? = nil
    var label: Label { get { _label ?? Label(protoValue: 1) } set { _label = newValue } }
    var hasLabel: Swift.Bool { _label != nil }
    var _type: TypeEnum? = nil
    var type: TypeEnum { get { _type ?? TypeEnum(protoValue: 1) } set { _type = newValue } }
    var hasType: Swift.Bool { _type != nil }
    var _typeName: Swift.String? = nil
    var typeName: Swift.String { get { _typeName ?? "" } set { _typeName = newValue } }
    var hasTypeName: Swift.Bool { _typeName != nil }
    var _defaultValue: Swift.String? = nil
    var defaultValue: Swift.String { get { _defaultValue ?? "" } set { _defaultValue = newValue } }
    var hasDefaultValue: Swift.Bool { _defaultValue != nil }
    var _options: Google_Protobuf_FieldOptions? = nil
    var options: Google_Protobuf_FieldOptions { get { _options ?? Google_Protobuf_FieldOptions() } set { _options = newValue } }
    var hasOptions: Swift.Bool { _options != nil }
    var _oneofIndex: Swift.Int32? = nil
    var oneofIndex: Swift.Int32 { get { _oneofIndex ?? 0 } set { _oneofIndex = newValue } }
    var hasOneofIndex: Swift.Bool { _oneofIndex != nil }
    var _jsonName: Swift.String? = nil
    var jsonName: Swift.String { get { _jsonName ?? "" } set { _jsonName = newValue } }
    var hasJsonName: Swift.Bool { _jsonName != nil }
    var _proto3Optional: Swift.Bool? = nil
    var proto3Optional: Swift.Bool { get { _proto3Optional ?? false } set { _proto3Optional = newValue } }
    var hasProto3Optional: Swift.Bool { _proto3Optional != nil }
    var unknownFields = UnknownFields()
    init() {}

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var n = 0
        if let v = _name { n += sizer.size(v, as: ProtoString.self, field: 1) }
        if let v = _extendee { n += sizer.size(v, as: ProtoString.self, field: 2) }
        if let v = _number { n += sizer.size(v, as: ProtoInt32.self, field: 3) }
        if let v = _label { n += sizer.size(v, as: ProtoEnumType<Label>.self, field: 4) }
        if let v = _type { n += sizer.size(v, as: ProtoEnumType<TypeEnum>.self, field: 5) }
        if let v = _typeName { n += sizer.size(v, as: ProtoString.self, field: 6) }
        if let v = _defaultValue { n += sizer.size(v, as: ProtoString.self, field: 7) }
        if let v = _options { n += sizer.sizeMessage(v, field: 8) }
        if let v = _oneofIndex { n += sizer.size(v, as: ProtoInt32.self, field: 9) }
        if let v = _jsonName { n += sizer.size(v, as: ProtoString.self, field: 10) }
        if let v = _proto3Optional { n += sizer.size(v, as: ProtoBool.self, field: 17) }
        return n + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if let v = _name { writer.write(v, as: ProtoString.self, field: 1) }
        if let v = _extendee { writer.write(v, as: ProtoString.self, field: 2) }
        if let v = _number { writer.write(v, as: ProtoInt32.self, field: 3) }
        if let v = _label { writer.write(v, as: ProtoEnumType<Label>.self, field: 4) }
        if let v = _type { writer.write(v, as: ProtoEnumType<TypeEnum>.self, field: 5) }
        if let v = _typeName { writer.write(v, as: ProtoString.self, field: 6) }
        if let v = _defaultValue { writer.write(v, as: ProtoString.self, field: 7) }
        if let v = _options { writer.writeMessage(v, field: 8) }
        if let v = _oneofIndex { writer.write(v, as: ProtoInt32.self, field: 9) }
        if let v = _jsonName { writer.write(v, as: ProtoString.self, field: 10) }
        if let v = _proto3Optional { writer.write(v, as: ProtoBool.self, field: 17) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: return try reader.read(&_name, as: ProtoString.self, tag: tag)
        case 2: return try reader.read(&_extendee, as: ProtoString.self, tag: tag)
        case 3: return try reader.read(&_number, as: ProtoInt32.self, tag: tag)
        case 4: return try reader.read(&_label, as: ProtoEnumType<Label>.self, tag: tag)
        case 5: return try reader.read(&_type, as: ProtoEnumType<TypeEnum>.self, tag: tag)
        case 6: return try reader.read(&_typeName, as: ProtoString.self, tag: tag)
        case 7: return try reader.read(&_defaultValue, as: ProtoString.self, tag: tag)
        case 8: return try reader.readMessage(&_options, tag: tag)
        case 9: return try reader.read(&_oneofIndex, as: ProtoInt32.self, tag: tag)
        case 10: return try reader.read(&_jsonName, as: ProtoString.self, tag: tag)
        case 17: return try reader.read(&_proto3Optional, as: ProtoBool.self, tag: tag)
        default: return false
        }
    }

    enum TypeEnum: Swift.Int32, ProtoEnum {
        case double = 1, float, int64, uint64, int32, fixed64, fixed32, bool, string, group, message, bytes, uint32, `enum`, sfixed32, sfixed64, sint32, sint64
        init(protoValue: Swift.Int32) { self = TypeEnum(rawValue: protoValue) ?? .double }
        var protoValue: Swift.Int32 { rawValue }
    }
    enum Label: Swift.Int32, ProtoEnum {
        case `optional` = 1, `required`, repeated
        init(protoValue: Swift.Int32) { self = Label(rawValue: protoValue) ?? .optional }
        var protoValue: Swift.Int32 { rawValue }
    }
}


struct Google_Protobuf_OneofDescriptorProto: ProtoMessage, Hashable, Sendable {
    var _name: Swift.String? = nil
    var name: Swift.String { get { _name ?? "" } set { _name = newValue } }
    var hasName: Swift.Bool { _name != nil }
    var unknownFields = UnknownFields()
    init() {}

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var n = 0
        if let v = _name { n += sizer.size(v, as: ProtoString.self, field: 1) }
        return n + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if let v = _name { writer.write(v, as: ProtoString.self, field: 1) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: return try reader.read(&_name, as: ProtoString.self, tag: tag)
        default: return false
        }
    }
}


struct Google_Protobuf_EnumDescriptorProto: ProtoMessage, Hashable, Sendable {
    var _name: Swift.String? = nil
    var name: Swift.String { get { _name ?? "" } set { _name = newValue } }
    var hasName: Swift.Bool { _name != nil }
    var value: [Google_Protobuf_EnumValueDescriptorProto] = []
    var _options: Google_Protobuf_EnumOptions? = nil
    var options: Google_Protobuf_EnumOptions { get { _options ?? Google_Protobuf_EnumOptions() } set { _options = newValue } }
    var hasOptions: Swift.Bool { _options != nil }
    var unknownFields = UnknownFields()
    init() {}

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var n = 0
        if let v = _name { n += sizer.size(v, as: ProtoString.self, field: 1) }
        n += sizer.sizeRepeatedMessage(value, field: 2)
        if let v = _options { n += sizer.sizeMessage(v, field: 3) }
        return n + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if let v = _name { writer.write(v, as: ProtoString.self, field: 1) }
        writer.writeRepeatedMessage(value, field: 2)
        if let v = _options { writer.writeMessage(v, field: 3) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: return try reader.read(&_name, as: ProtoString.self, tag: tag)
        case 2: return try reader.readRepeatedMessage(&value, tag: tag)
        case 3: return try reader.readMessage(&_options, tag: tag)
        default: return false
        }
    }
}


struct Google_Protobuf_EnumValueDescriptorProto: ProtoMessage, Hashable, Sendable {
    var _name: Swift.String? = nil
    var name: Swift.String { get { _name ?? "" } set { _name = newValue } }
    var hasName: Swift.Bool { _name != nil }
    var _number: Swift.Int32? = nil
    var number: Swift.Int32 { get { _number ?? 0 } set { _number = newValue } }
    var hasNumber: Swift.Bool { _number != nil }
    var unknownFields = UnknownFields()
    init() {}

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var n = 0
        if let v = _name { n += sizer.size(v, as: ProtoString.self, field: 1) }
        if let v = _number { n += sizer.size(v, as: ProtoInt32.self, field: 2) }
        return n + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if let v = _name { writer.write(v, as: ProtoString.self, field: 1) }
        if let v = _number { writer.write(v, as: ProtoInt32.self, field: 2) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: return try reader.read(&_name, as: ProtoString.self, tag: tag)
        case 2: return try reader.read(&_number, as: ProtoInt32.self, tag: tag)
        default: return false
        }
    }
}


struct Google_Protobuf_ServiceDescriptorProto: ProtoMessage, Hashable, Sendable {
    var _name: Swift.String? = nil
    var name: Swift.String { get { _name ?? "" } set { _name = newValue } }
    var hasName: Swift.Bool { _name != nil }
    var method: [Google_Protobuf_MethodDescriptorProto] = []
    var unknownFields = UnknownFields()
    init() {}

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var n = 0
        if let v = _name { n += sizer.size(v, as: ProtoString.self, field: 1) }
        n += sizer.sizeRepeatedMessage(method, field: 2)
        return n + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if let v = _name { writer.write(v, as: ProtoString.self, field: 1) }
        writer.writeRepeatedMessage(method, field: 2)
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: return try reader.read(&_name, as: ProtoString.self, tag: tag)
        case 2: return try reader.readRepeatedMessage(&method, tag: tag)
        default: return false
        }
    }
}


struct Google_Protobuf_MethodDescriptorProto: ProtoMessage, Hashable, Sendable {
    var _name: Swift.String? = nil
    var name: Swift.String { get { _name ?? "" } set { _name = newValue } }
    var hasName: Swift.Bool { _name != nil }
    var _inputType: Swift.String? = nil
    var inputType: Swift.String { get { _inputType ?? "" } set { _inputType = newValue } }
    var hasInputType: Swift.Bool { _inputType != nil }
    var _outputType: Swift.String? = nil
    var outputType: Swift.String { get { _outputType ?? "" } set { _outputType = newValue } }
    var hasOutputType: Swift.Bool { _outputType != nil }
    var _clientStreaming: Swift.Bool? = nil
    var clientStreaming: Swift.Bool { get { _clientStreaming ?? false } set { _clientStreaming = newValue } }
    var hasClientStreaming: Swift.Bool { _clientStreaming != nil }
    var _serverStreaming: Swift.Bool? = nil
    var serverStreaming: Swift.Bool { get { _serverStreaming ?? false } set { _serverStreaming = newValue } }
    var hasServerStreaming: Swift.Bool { _serverStreaming != nil }
    var unknownFields = UnknownFields()
    init() {}

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var n = 0
        if let v = _name { n += sizer.size(v, as: ProtoString.self, field: 1) }
        if let v = _inputType { n += sizer.size(v, as: ProtoString.self, field: 2) }
        if let v = _outputType { n += sizer.size(v, as: ProtoString.self, field: 3) }
        if let v = _clientStreaming { n += sizer.size(v, as: ProtoBool.self, field: 5) }
        if let v = _serverStreaming { n += sizer.size(v, as: ProtoBool.self, field: 6) }
        return n + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if let v = _name { writer.write(v, as: ProtoString.self, field: 1) }
        if let v = _inputType { writer.write(v, as: ProtoString.self, field: 2) }
        if let v = _outputType { writer.write(v, as: ProtoString.self, field: 3) }
        if let v = _clientStreaming { writer.write(v, as: ProtoBool.self, field: 5) }
        if let v = _serverStreaming { writer.write(v, as: ProtoBool.self, field: 6) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: return try reader.read(&_name, as: ProtoString.self, tag: tag)
        case 2: return try reader.read(&_inputType, as: ProtoString.self, tag: tag)
        case 3: return try reader.read(&_outputType, as: ProtoString.self, tag: tag)
        case 5: return try reader.read(&_clientStreaming, as: ProtoBool.self, tag: tag)
        case 6: return try reader.read(&_serverStreaming, as: ProtoBool.self, tag: tag)
        default: return false
        }
    }
}


struct Google_Protobuf_FileOptions: ProtoMessage, Hashable, Sendable {
    var _deprecated: Swift.Bool? = nil
    var deprecated: Swift.Bool { get { _deprecated ?? false } set { _deprecated = newValue } }
    var hasDeprecated: Swift.Bool { _deprecated != nil }
    var _swiftPrefix: Swift.String? = nil
    var swiftPrefix: Swift.String { get { _swiftPrefix ?? "" } set { _swiftPrefix = newValue } }
    var hasSwiftPrefix: Swift.Bool { _swiftPrefix != nil }
    var unknownFields = UnknownFields()
    init() {}

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var n = 0
        if let v = _deprecated { n += sizer.size(v, as: ProtoBool.self, field: 23) }
        if let v = _swiftPrefix { n += sizer.size(v, as: ProtoString.self, field: 39) }
        return n + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if let v = _deprecated { writer.write(v, as: ProtoBool.self, field: 23) }
        if let v = _swiftPrefix { writer.write(v, as: ProtoString.self, field: 39) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 23: return try reader.read(&_deprecated, as: ProtoBool.self, tag: tag)
        case 39: return try reader.read(&_swiftPrefix, as: ProtoString.self, tag: tag)
        default: return false
        }
    }
}


struct Google_Protobuf_MessageOptions: ProtoMessage, Hashable, Sendable {
    var _deprecated: Swift.Bool? = nil
    var deprecated: Swift.Bool { get { _deprecated ?? false } set { _deprecated = newValue } }
    var hasDeprecated: Swift.Bool { _deprecated != nil }
    var _mapEntry: Swift.Bool? = nil
    var mapEntry: Swift.Bool { get { _mapEntry ?? false } set { _mapEntry = newValue } }
    var hasMapEntry: Swift.Bool { _mapEntry != nil }
    var unknownFields = UnknownFields()
    init() {}

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var n = 0
        if let v = _deprecated { n += sizer.size(v, as: ProtoBool.self, field: 3) }
        if let v = _mapEntry { n += sizer.size(v, as: ProtoBool.self, field: 7) }
        return n + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if let v = _deprecated { writer.write(v, as: ProtoBool.self, field: 3) }
        if let v = _mapEntry { writer.write(v, as: ProtoBool.self, field: 7) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 3: return try reader.read(&_deprecated, as: ProtoBool.self, tag: tag)
        case 7: return try reader.read(&_mapEntry, as: ProtoBool.self, tag: tag)
        default: return false
        }
    }
}


struct Google_Protobuf_FieldOptions: ProtoMessage, Hashable, Sendable {
    var _packed: Swift.Bool? = nil
    var packed: Swift.Bool { get { _packed ?? false } set { _packed = newValue } }
    var hasPacked: Swift.Bool { _packed != nil }
    var _deprecated: Swift.Bool? = nil
    var deprecated: Swift.Bool { get { _deprecated ?? false } set { _deprecated = newValue } }
    var hasDeprecated: Swift.Bool { _deprecated != nil }
    var unknownFields = UnknownFields()
    init() {}

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var n = 0
        if let v = _packed { n += sizer.size(v, as: ProtoBool.self, field: 2) }
        if let v = _deprecated { n += sizer.size(v, as: ProtoBool.self, field: 3) }
        return n + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if let v = _packed { writer.write(v, as: ProtoBool.self, field: 2) }
        if let v = _deprecated { writer.write(v, as: ProtoBool.self, field: 3) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 2: return try reader.read(&_packed, as: ProtoBool.self, tag: tag)
        case 3: return try reader.read(&_deprecated, as: ProtoBool.self, tag: tag)
        default: return false
        }
    }
}


struct Google_Protobuf_EnumOptions: ProtoMessage, Hashable, Sendable {
    var _allowAlias: Swift.Bool? = nil
    var allowAlias: Swift.Bool { get { _allowAlias ?? false } set { _allowAlias = newValue } }
    var hasAllowAlias: Swift.Bool { _allowAlias != nil }
    var _deprecated: Swift.Bool? = nil
    var deprecated: Swift.Bool { get { _deprecated ?? false } set { _deprecated = newValue } }
    var hasDeprecated: Swift.Bool { _deprecated != nil }
    var unknownFields = UnknownFields()
    init() {}

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var n = 0
        if let v = _allowAlias { n += sizer.size(v, as: ProtoBool.self, field: 2) }
        if let v = _deprecated { n += sizer.size(v, as: ProtoBool.self, field: 3) }
        return n + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if let v = _allowAlias { writer.write(v, as: ProtoBool.self, field: 2) }
        if let v = _deprecated { writer.write(v, as: ProtoBool.self, field: 3) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 2: return try reader.read(&_allowAlias, as: ProtoBool.self, tag: tag)
        case 3: return try reader.read(&_deprecated, as: ProtoBool.self, tag: tag)
        default: return false
        }
    }
}


struct Google_Protobuf_SourceCodeInfo: ProtoMessage, Hashable, Sendable {
    var location: [Google_Protobuf_SourceCodeInfo.Location] = []
    var unknownFields = UnknownFields()
    init() {}

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var n = 0
        n += sizer.sizeRepeatedMessage(location, field: 1)
        return n + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        writer.writeRepeatedMessage(location, field: 1)
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: return try reader.readRepeatedMessage(&location, tag: tag)
        default: return false
        }
    }
}

extension Google_Protobuf_SourceCodeInfo {
struct Location: ProtoMessage, Hashable, Sendable {
    var path: [Swift.Int32] = []
    var span: [Swift.Int32] = []
    var _leadingComments: Swift.String? = nil
    var leadingComments: Swift.String { get { _leadingComments ?? "" } set { _leadingComments = newValue } }
    var hasLeadingComments: Swift.Bool { _leadingComments != nil }
    var _trailingComments: Swift.String? = nil
    var trailingComments: Swift.String { get { _trailingComments ?? "" } set { _trailingComments = newValue } }
    var hasTrailingComments: Swift.Bool { _trailingComments != nil }
    var leadingDetachedComments: [Swift.String] = []
    var unknownFields = UnknownFields()
    init() {}

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var n = 0
        n += sizer.sizeRepeated(path, as: ProtoInt32.self, field: 1)
        n += sizer.sizeRepeated(span, as: ProtoInt32.self, field: 2)
        if let v = _leadingComments { n += sizer.size(v, as: ProtoString.self, field: 3) }
        if let v = _trailingComments { n += sizer.size(v, as: ProtoString.self, field: 4) }
        n += sizer.sizeRepeated(leadingDetachedComments, as: ProtoString.self, field: 6)
        return n + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        writer.writeRepeated(path, as: ProtoInt32.self, field: 1)
        writer.writeRepeated(span, as: ProtoInt32.self, field: 2)
        if let v = _leadingComments { writer.write(v, as: ProtoString.self, field: 3) }
        if let v = _trailingComments { writer.write(v, as: ProtoString.self, field: 4) }
        writer.writeRepeated(leadingDetachedComments, as: ProtoString.self, field: 6)
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: return try reader.readRepeated(&path, as: ProtoInt32.self, tag: tag)
        case 2: return try reader.readRepeated(&span, as: ProtoInt32.self, tag: tag)
        case 3: return try reader.read(&_leadingComments, as: ProtoString.self, tag: tag)
        case 4: return try reader.read(&_trailingComments, as: ProtoString.self, tag: tag)
        case 6: return try reader.readRepeated(&leadingDetachedComments, as: ProtoString.self, tag: tag)
        default: return false
        }
    }
}
}


struct Google_Protobuf_Compiler_Version: ProtoMessage, Hashable, Sendable {
    var _major: Swift.Int32? = nil
    var major: Swift.Int32 { get { _major ?? 0 } set { _major = newValue } }
    var hasMajor: Swift.Bool { _major != nil }
    var _minor: Swift.Int32? = nil
    var minor: Swift.Int32 { get { _minor ?? 0 } set { _minor = newValue } }
    var hasMinor: Swift.Bool { _minor != nil }
    var _patch: Swift.Int32? = nil
    var patch: Swift.Int32 { get { _patch ?? 0 } set { _patch = newValue } }
    var hasPatch: Swift.Bool { _patch != nil }
    var _suffix: Swift.String? = nil
    var suffix: Swift.String { get { _suffix ?? "" } set { _suffix = newValue } }
    var hasSuffix: Swift.Bool { _suffix != nil }
    var unknownFields = UnknownFields()
    init() {}

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var n = 0
        if let v = _major { n += sizer.size(v, as: ProtoInt32.self, field: 1) }
        if let v = _minor { n += sizer.size(v, as: ProtoInt32.self, field: 2) }
        if let v = _patch { n += sizer.size(v, as: ProtoInt32.self, field: 3) }
        if let v = _suffix { n += sizer.size(v, as: ProtoString.self, field: 4) }
        return n + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if let v = _major { writer.write(v, as: ProtoInt32.self, field: 1) }
        if let v = _minor { writer.write(v, as: ProtoInt32.self, field: 2) }
        if let v = _patch { writer.write(v, as: ProtoInt32.self, field: 3) }
        if let v = _suffix { writer.write(v, as: ProtoString.self, field: 4) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: return try reader.read(&_major, as: ProtoInt32.self, tag: tag)
        case 2: return try reader.read(&_minor, as: ProtoInt32.self, tag: tag)
        case 3: return try reader.read(&_patch, as: ProtoInt32.self, tag: tag)
        case 4: return try reader.read(&_suffix, as: ProtoString.self, tag: tag)
        default: return false
        }
    }
}


struct Google_Protobuf_Compiler_CodeGeneratorRequest: ProtoMessage, Hashable, Sendable {
    var fileToGenerate: [Swift.String] = []
    var _parameter: Swift.String? = nil
    var parameter: Swift.String { get { _parameter ?? "" } set { _parameter = newValue } }
    var hasParameter: Swift.Bool { _parameter != nil }
    var _compilerVersion: Google_Protobuf_Compiler_Version? = nil
    var compilerVersion: Google_Protobuf_Compiler_Version { get { _compilerVersion ?? Google_Protobuf_Compiler_Version() } set { _compilerVersion = newValue } }
    var hasCompilerVersion: Swift.Bool { _compilerVersion != nil }
    var protoFile: [Google_Protobuf_FileDescriptorProto] = []
    var unknownFields = UnknownFields()
    init() {}

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var n = 0
        n += sizer.sizeRepeated(fileToGenerate, as: ProtoString.self, field: 1)
        if let v = _parameter { n += sizer.size(v, as: ProtoString.self, field: 2) }
        if let v = _compilerVersion { n += sizer.sizeMessage(v, field: 3) }
        n += sizer.sizeRepeatedMessage(protoFile, field: 15)
        return n + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        writer.writeRepeated(fileToGenerate, as: ProtoString.self, field: 1)
        if let v = _parameter { writer.write(v, as: ProtoString.self, field: 2) }
        if let v = _compilerVersion { writer.writeMessage(v, field: 3) }
        writer.writeRepeatedMessage(protoFile, field: 15)
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: return try reader.readRepeated(&fileToGenerate, as: ProtoString.self, tag: tag)
        case 2: return try reader.read(&_parameter, as: ProtoString.self, tag: tag)
        case 3: return try reader.readMessage(&_compilerVersion, tag: tag)
        case 15: return try reader.readRepeatedMessage(&protoFile, tag: tag)
        default: return false
        }
    }
}


struct Google_Protobuf_Compiler_CodeGeneratorResponse: ProtoMessage, Hashable, Sendable {
    var _error: Swift.String? = nil
    var error: Swift.String { get { _error ?? "" } set { _error = newValue } }
    var hasError: Swift.Bool { _error != nil }
    var _supportedFeatures: Swift.UInt64? = nil
    var supportedFeatures: Swift.UInt64 { get { _supportedFeatures ?? 0 } set { _supportedFeatures = newValue } }
    var hasSupportedFeatures: Swift.Bool { _supportedFeatures != nil }
    var file: [Google_Protobuf_Compiler_CodeGeneratorResponse.File] = []
    var unknownFields = UnknownFields()
    init() {}

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var n = 0
        if let v = _error { n += sizer.size(v, as: ProtoString.self, field: 1) }
        if let v = _supportedFeatures { n += sizer.size(v, as: ProtoUInt64.self, field: 2) }
        n += sizer.sizeRepeatedMessage(file, field: 15)
        return n + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if let v = _error { writer.write(v, as: ProtoString.self, field: 1) }
        if let v = _supportedFeatures { writer.write(v, as: ProtoUInt64.self, field: 2) }
        writer.writeRepeatedMessage(file, field: 15)
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: return try reader.read(&_error, as: ProtoString.self, tag: tag)
        case 2: return try reader.read(&_supportedFeatures, as: ProtoUInt64.self, tag: tag)
        case 15: return try reader.readRepeatedMessage(&file, tag: tag)
        default: return false
        }
    }
}

extension Google_Protobuf_Compiler_CodeGeneratorResponse {
struct File: ProtoMessage, Hashable, Sendable {
    var _name: Swift.String? = nil
    var name: Swift.String { get { _name ?? "" } set { _name = newValue } }
    var hasName: Swift.Bool { _name != nil }
    var _insertionPoint: Swift.String? = nil
    var insertionPoint: Swift.String { get { _insertionPoint ?? "" } set { _insertionPoint = newValue } }
    var hasInsertionPoint: Swift.Bool { _insertionPoint != nil }
    var _content: Swift.String? = nil
    var content: Swift.String { get { _content ?? "" } set { _content = newValue } }
    var hasContent: Swift.Bool { _content != nil }
    var unknownFields = UnknownFields()
    init() {}

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var n = 0
        if let v = _name { n += sizer.size(v, as: ProtoString.self, field: 1) }
        if let v = _insertionPoint { n += sizer.size(v, as: ProtoString.self, field: 2) }
        if let v = _content { n += sizer.size(v, as: ProtoString.self, field: 15) }
        return n + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if let v = _name { writer.write(v, as: ProtoString.self, field: 1) }
        if let v = _insertionPoint { writer.write(v, as: ProtoString.self, field: 2) }
        if let v = _content { writer.write(v, as: ProtoString.self, field: 15) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: return try reader.read(&_name, as: ProtoString.self, tag: tag)
        case 2: return try reader.read(&_insertionPoint, as: ProtoString.self, tag: tag)
        case 15: return try reader.read(&_content, as: ProtoString.self, tag: tag)
        default: return false
        }
    }
}
}
