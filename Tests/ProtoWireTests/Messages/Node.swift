import ProtoWire

/// message Node { repeated Node children = 1; bytes payload = 2; } — recursive, for nesting-depth tests.
struct Node: ProtoMessage {
    var children: [Node] = []
    var payload: [UInt8] = []
    var unknownFields = UnknownFields()

    /// A chain of `depth` messages below this one.
    static func chain(depth: Int) -> Node {
        var node = Node()
        for _ in 0..<depth {
            node = Node(children: [node])
        }
        return node
    }

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        var size = sizer.sizeRepeatedMessage(children, field: 1)
        if !payload.isEmpty { size += sizer.size(payload, as: ProtoBytes.self, field: 2) }
        return size + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        writer.writeRepeatedMessage(children, field: 1)
        if !payload.isEmpty { writer.write(payload, as: ProtoBytes.self, field: 2) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: try reader.readRepeatedMessage(&children, tag: tag)
        case 2: try reader.read(&payload, as: ProtoBytes.self, tag: tag)
        default: false
        }
    }
}
