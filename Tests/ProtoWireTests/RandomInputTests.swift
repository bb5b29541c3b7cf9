import ProtoWire
import Testing

/// Bounded random and mutated inputs (fixed seed): decoding never traps, and whatever decodes re-encodes consistently.
@Suite("Random input")
struct RandomInputTests {
    /// Decodes `bytes` as `M`; on success checks that the re-encoding decodes again to an equal encoding size.
    private static func exercise<M: ProtoMessage>(_ type: M.Type, _ bytes: [UInt8]) -> Bool {
        guard let message = try? M(serializedBytes: bytes) else { return false }
        let encoded = message.serializedBytes()
        #expect(encoded.count == message.serializedSize)
        let again = try? M(serializedBytes: encoded)
        #expect(again?.serializedSize == encoded.count)
        return true
    }

    private static func decodeAll(_ bytes: [UInt8]) -> Int {
        var decoded = 0
        for ok in [
            exercise(Scalars.self, bytes), exercise(Packed.self, bytes), exercise(Containers.self, bytes),
            exercise(Node.self, bytes), exercise(WithGroup.self, bytes), exercise(ListResponse.self, bytes),
        ] where ok {
            decoded += 1
        }
        if let empty = try? EmptyMessage(serializedBytes: bytes) {
            #expect(empty.serializedBytes() == bytes)
            decoded += 1
        }
        return decoded
    }

    @Test("10,000 random buffers")
    func randomBuffers() {
        var rng = SplitMix64(seed: 0x5EED_0001)
        var decoded = 0
        for _ in 0..<10_000 {
            let count = Int.random(in: 0...64, using: &rng)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            decoded += Self.decodeAll(bytes)
        }
        #expect(decoded > 0)
    }

    @Test("10,000 mutations of valid encodings")
    func mutatedValidBuffers() {
        var rng = SplitMix64(seed: 0x5EED_0002)
        let seeds = ProtocCases.all.map(\.expected).filter { !$0.isEmpty }
        var decoded = 0
        for _ in 0..<10_000 {
            var bytes = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                Self.mutate(&bytes, using: &rng)
            }
            decoded += Self.decodeAll(bytes)
        }
        #expect(decoded > 0)
    }

    private static func mutate(_ bytes: inout [UInt8], using rng: inout SplitMix64) {
        let interesting: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x0B, 0x0C, 0x0E, 0x0F, 0x12, 0x13, 0x14]
        let index = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
        switch Int.random(in: 0..<6, using: &rng) {
        case 0 where !bytes.isEmpty:
            bytes[index] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
        case 1 where !bytes.isEmpty:
            bytes[index] = interesting.randomElement(using: &rng) ?? 0
        case 2:
            bytes.insert(UInt8.random(in: 0...255, using: &rng), at: index)
        case 3 where !bytes.isEmpty:
            bytes.remove(at: index)
        case 4:
            bytes.removeLast(Int.random(in: 0...bytes.count, using: &rng))
        default:
            let start = Int.random(in: 0...bytes.count, using: &rng)
            let end = Int.random(in: start...bytes.count, using: &rng)
            bytes.insert(contentsOf: bytes[start..<end], at: index)
        }
    }
}
