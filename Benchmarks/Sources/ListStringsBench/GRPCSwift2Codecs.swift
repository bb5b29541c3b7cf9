// Hand-written MessageSerializer/MessageDeserializer conformances for grpc-swift-2: real
// protobuf encoding of the benchmark's messages (see ProtobufWire.swift). grpc-swift-2's
// transports, InProcessTransport included, carry serialized bytes, so the peer pays a real
// serialize + deserialize per message: that is what its transport requires.

import GRPCCore2

struct ListRequestSerializer: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: ListRequest) throws -> Bytes {
        Bytes(repeating: 0, count: 0)
    }
}

struct ListRequestDeserializer: MessageDeserializer {
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> ListRequest {
        // No known fields: decoding only skips unknown ones.
        try serializedMessageBytes.withUnsafeBytes { try ProtobufWire.forEachStringField1($0) { _ in } }
        return ListRequest()
    }
}

struct ListResponseSerializer: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: ListResponse) throws -> Bytes {
        var bytes = Bytes(repeating: 0, count: ProtobufWire.encodedSize(ofStringField1: message.strings))
        bytes.withUnsafeMutableBytes { ProtobufWire.encode(stringField1: message.strings, into: $0) }
        return bytes
    }
}

struct ListResponseDeserializer: MessageDeserializer {
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> ListResponse {
        ListResponse(strings: try serializedMessageBytes.withUnsafeBytes { try ProtobufWire.decodeStringField1($0) })
    }
}

struct EchoSerializer: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: EchoMessage) throws -> Bytes {
        let field = [message.text]
        var bytes = Bytes(repeating: 0, count: ProtobufWire.encodedSize(ofStringField1: field))
        bytes.withUnsafeMutableBytes { ProtobufWire.encode(stringField1: field, into: $0) }
        return bytes
    }
}

struct EchoDeserializer: MessageDeserializer {
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> EchoMessage {
        // proto3 singular field: the last occurrence wins.
        var text = ""
        try serializedMessageBytes.withUnsafeBytes { try ProtobufWire.forEachStringField1($0) { text = $0 } }
        return EchoMessage(text: text)
    }
}
