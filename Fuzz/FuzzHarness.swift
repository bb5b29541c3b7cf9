// libFuzzer entry point: decodes arbitrary bytes into several message shapes and checks
// that whatever decodes also re-encodes consistently. Any trap is a finding.

/// Decodes `bytes` as `M`; on success re-encodes and checks size, re-decoding and `check`.
func exercise<M: ProtoMessage>(
    _ type: M.Type, _ bytes: UnsafeRawBufferPointer, _ check: (M, [UInt8], M) -> Bool
) {
    guard let message = try? M(serializedBytes: bytes) else { return }
    let encoded = message.serializedBytes()
    precondition(encoded.count == message.serializedSize, "serializedSize disagrees with serializedBytes")
    var appended: [UInt8] = [0xAB]
    message.appendSerializedBytes(to: &appended)
    precondition(appended.count == encoded.count + 1, "appendSerializedBytes size")
    guard let again = try? M(serializedBytes: encoded) else {
        preconditionFailure("re-encoded \(M.self) failed to decode")
    }
    precondition(check(message, encoded, again), "\(M.self) round trip mismatch")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    exercise(FuzzTree.self, bytes) { first, _, again in first == again }
    exercise(FuzzScalars.self, bytes) { _, encoded, again in again.serializedBytes() == encoded }
    exercise(FuzzEmpty.self, bytes) { first, encoded, _ in
        encoded.elementsEqual(bytes) && first.unknownFields.bytes == encoded
    }
    return 0
}
