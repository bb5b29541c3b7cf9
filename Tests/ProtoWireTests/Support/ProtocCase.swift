import ProtoWire
import Testing

/// One text-format message, the protoc binary for it, and the hand-built Swift value that must encode the same.
struct ProtocCase: Sendable, CustomTestStringConvertible {
    let name: String
    let protoFile: String
    let messageType: String
    let text: String
    /// Whether the encoding is unique (no map with more than one entry), so bytes can be compared.
    let deterministic: Bool
    /// ProtoWire's encoding of the Swift value.
    let encode: @Sendable () -> [UInt8]
    /// The Swift value's serializedSize.
    let size: @Sendable () -> Int
    /// Decodes bytes with ProtoWire; true if they decode to the Swift value (or, with NaNs, re-encode to the same bytes).
    let decodesToValue: @Sendable ([UInt8]) throws -> Bool
    /// Decodes bytes as a type that knows no field and re-encodes them.
    let reencodeAsUnknown: @Sendable ([UInt8]) throws -> [UInt8]

    var testDescription: String { name }

    /// The checked-in protoc output for this case.
    var expected: [UInt8] {
        guard let hex = ProtocExpected.hex[name] else { return [] }
        return Hex.decode(hex)
    }

    init<M: ProtoMessage>(
        _ name: String, _ messageType: String, file: String = "pw_test.proto",
        deterministic: Bool = true, _ text: String, _ value: M
    ) {
        self.name = name
        self.protoFile = file
        self.messageType = messageType
        self.text = text
        self.deterministic = deterministic
        self.encode = { value.serializedBytes() }
        self.size = { value.serializedSize }
        self.decodesToValue = { bytes in
            let decoded = try M(serializedBytes: bytes)
            return decoded == value || decoded.serializedBytes() == bytes
        }
        self.reencodeAsUnknown = { bytes in try EmptyMessage(serializedBytes: bytes).serializedBytes() }
    }
}
