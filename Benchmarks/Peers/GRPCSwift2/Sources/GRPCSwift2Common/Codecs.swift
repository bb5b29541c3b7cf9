// The benchmark's messages and their hand-written protobuf codecs for grpc-swift-2 (the same
// encoding swift-protobuf generated code produces for these messages: tag 0x0A, varint length,
// UTF-8 bytes; strings UTF-8-validated when decoded), as
// Benchmarks/Sources/ListStringsBench/GRPCSwift2Codecs.swift does for the in-process row.
// Hand-written rather than generated so the peer needs no protoc-gen-swift build.

import GRPCCore
import PeerKit

public struct ListRequest: Sendable { public init() {} }

public struct ListResponse: Sendable {
    public var strings: [String]
    public init(strings: [String]) { self.strings = strings }
}

public struct EchoMessage: Sendable {
    public var text: String
    public init(text: String) { self.text = text }
}

extension MethodDescriptor {
    public static let listStringsList = MethodDescriptor(fullyQualifiedService: "ListStrings", method: "List")
    public static let echoGet = MethodDescriptor(fullyQualifiedService: "Echo", method: "Get")
}

public struct ListRequestSerializer: MessageSerializer {
    public init() {}
    public func serialize<Bytes: GRPCContiguousBytes>(_ message: ListRequest) throws -> Bytes {
        Bytes(repeating: 0, count: 0)
    }
}

public struct ListRequestDeserializer: MessageDeserializer {
    public init() {}
    public func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> ListRequest {
        // No known fields: decoding only skips unknown ones.
        try serializedMessageBytes.withUnsafeBytes { try ProtobufWire.forEachStringField1($0) { _ in } }
        return ListRequest()
    }
}

public struct ListResponseSerializer: MessageSerializer {
    public init() {}
    public func serialize<Bytes: GRPCContiguousBytes>(_ message: ListResponse) throws -> Bytes {
        var bytes = Bytes(repeating: 0, count: ProtobufWire.encodedSize(ofStringField1: message.strings))
        bytes.withUnsafeMutableBytes { ProtobufWire.encode(stringField1: message.strings, into: $0) }
        return bytes
    }
}

public struct ListResponseDeserializer: MessageDeserializer {
    public init() {}
    public func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> ListResponse {
        ListResponse(strings: try serializedMessageBytes.withUnsafeBytes { try ProtobufWire.decodeStringField1($0) })
    }
}

public struct EchoSerializer: MessageSerializer {
    public init() {}
    public func serialize<Bytes: GRPCContiguousBytes>(_ message: EchoMessage) throws -> Bytes {
        let field = [message.text]
        var bytes = Bytes(repeating: 0, count: ProtobufWire.encodedSize(ofStringField1: field))
        bytes.withUnsafeMutableBytes { ProtobufWire.encode(stringField1: field, into: $0) }
        return bytes
    }
}

public struct EchoDeserializer: MessageDeserializer {
    public init() {}
    public func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> EchoMessage {
        // proto3 singular field: the last occurrence wins.
        var text = ""
        try serializedMessageBytes.withUnsafeBytes { try ProtobufWire.forEachStringField1($0) { text = $0 } }
        return EchoMessage(text: text)
    }
}
