// The benchmark's messages as ProtoWire messages, as the code generator will emit them.

import ProtoWire

extension ListRequest: ProtoMessage {
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

extension ListResponse: ProtoMessage {
    init() {
        self.init(strings: [])
    }

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

extension EchoMessage: ProtoMessage {
    init() {
        self.init(text: "")
    }

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        (text.isEmpty ? 0 : sizer.size(text, as: ProtoString.self, field: 1)) + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if !text.isEmpty { writer.write(text, as: ProtoString.self, field: 1) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: try reader.read(&text, as: ProtoString.self, tag: tag)
        default: false
        }
    }
}
