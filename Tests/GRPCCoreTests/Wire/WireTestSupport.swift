import GRPCCore

/// Shared helpers for the wire tests, namespaced so they cannot clash with other test files.
enum WireFixtures {
    /// A deterministic generator (SplitMix64), so random splits are the same on every run.
    struct SeededGenerator: RandomNumberGenerator {
        private var state: UInt64

        init(seed: UInt64) {
            state = seed
        }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// `count` pseudo-random bytes from `seed`.
    static func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// `count` bytes of repetitive text, which compresses well.
    static func compressibleBytes(_ count: Int) -> [UInt8] {
        let pattern = Array("the quick brown fox jumps over the lazy dog. ".utf8)
        return (0..<count).map { pattern[$0 % pattern.count] }
    }

    /// Runs `body` and returns the `RPCError` it threw, or nil if it threw nothing or another type.
    static func rpcError(_ body: () throws -> Void) -> RPCError? {
        do {
            try body()
            return nil
        } catch {
            return error as? RPCError
        }
    }
}
