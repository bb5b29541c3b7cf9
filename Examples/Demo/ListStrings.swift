import GRPCCore
import ProtoWire

/// message ListRequest { int32 count = 1; }
struct ListRequest: ProtoMessage {
    var count: Int32 = 0
    var unknownFields = UnknownFields()

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        (count == 0 ? 0 : sizer.size(count, as: ProtoInt32.self, field: 1)) + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        if count != 0 { writer.write(count, as: ProtoInt32.self, field: 1) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: try reader.read(&count, as: ProtoInt32.self, tag: tag)
        default: false
        }
    }
}

/// message ListResponse { repeated string strings = 1; }
struct ListResponse: ProtoMessage {
    var strings: [String] = []
    var unknownFields = UnknownFields()

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

/// service ListStrings { rpc List(ListRequest) returns (stream ListResponse); rpc Count(ListRequest) returns (ListResponse); }
enum ListStrings {
    static let list = RPCMethod<ListRequest, ListResponse>(
        MethodDescriptor(service: "demo.ListStrings", method: "List", kind: .serverStreaming),
        requestCodec: .protobuf, responseCodec: .protobuf)
    static let count = RPCMethod<ListRequest, ListResponse>(
        MethodDescriptor(service: "demo.ListStrings", method: "Count", kind: .unary),
        requestCodec: .protobuf, responseCodec: .protobuf)

    /// The server side: `List` streams `count` strings, `Count` answers with one string,
    /// and refuses negative counts with INVALID_ARGUMENT.
    struct Service: RegistrableService {
        func register(with router: inout Router) {
            router.register(ListStrings.list, serverStreaming: { request, writer, context in
                var trailers = Metadata()
                try trailers.add("x-sent", "\(request.count)")
                context.trailers = trailers
                for i in 0..<Int(request.count) {
                    try await writer.write(ListResponse(strings: ["string \(i)"]))
                }
            })
            router.register(ListStrings.count, unary: { request, context in
                guard request.count >= 0 else {
                    throw RPCError(.invalidArgument, "count must not be negative")
                }
                return ListResponse(strings: ["\(request.count) from \(context.peer)"])
            })
        }
    }
}
