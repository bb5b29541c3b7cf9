// The benchmark's messages as ProtoWire messages and its two methods, shared by the grpc-mini
// server and client (paths /ListStrings/List and /Echo/Get, as every peer serves them).

import GRPCCore
import ProtoWire

public struct ListRequest: Sendable, Equatable, ProtoMessage {
    public var unknownFields = UnknownFields()
    public init() {}

    public func encodedSize(in sizer: inout ProtoSizer) -> Int { sizer.sizeUnknownFields(unknownFields) }
    public func encode(to writer: inout ProtoWriter) { writer.writeUnknownFields(unknownFields) }
    public mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool { false }
}

public struct ListResponse: Sendable, Equatable, ProtoMessage {
    public var strings: [String] = []
    public var unknownFields = UnknownFields()
    public init() {}
    public init(strings: [String]) { self.strings = strings }

    public func encodedSize(in sizer: inout ProtoSizer) -> Int {
        sizer.sizeRepeated(strings, as: ProtoString.self, field: 1) + sizer.sizeUnknownFields(unknownFields)
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeRepeated(strings, as: ProtoString.self, field: 1)
        writer.writeUnknownFields(unknownFields)
    }

    public mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: try reader.readRepeated(&strings, as: ProtoString.self, tag: tag)
        default: false
        }
    }
}

public struct EchoMessage: Sendable, Equatable, ProtoMessage {
    public var text = ""
    public var unknownFields = UnknownFields()
    public init() {}
    public init(text: String) { self.text = text }

    public func encodedSize(in sizer: inout ProtoSizer) -> Int {
        (text.isEmpty ? 0 : sizer.size(text, as: ProtoString.self, field: 1)) + sizer.sizeUnknownFields(unknownFields)
    }

    public func encode(to writer: inout ProtoWriter) {
        if !text.isEmpty { writer.write(text, as: ProtoString.self, field: 1) }
        writer.writeUnknownFields(unknownFields)
    }

    public mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: try reader.read(&text, as: ProtoString.self, tag: tag)
        default: false
        }
    }
}

public enum Methods {
    public static let list = RPCMethod<ListRequest, ListResponse>(
        MethodDescriptor(service: "ListStrings", method: "List", kind: .serverStreaming),
        requestCodec: .protobuf, responseCodec: .protobuf)
    public static let echo = RPCMethod<EchoMessage, EchoMessage>(
        MethodDescriptor(service: "Echo", method: "Get", kind: .unary),
        requestCodec: .protobuf, responseCodec: .protobuf)
}
