/// The `grpc-timeout` header: a positive value of at most 8 ASCII digits and a unit (H M S m u n).
public enum GRPCTimeout {
    /// The largest value the header can carry: 8 decimal digits.
    public static let maxValue = 99_999_999

    /// Encodes `duration`, rounded up so a deadline is never shortened, in the finest unit whose
    /// value fits 8 digits (n, u, m, S, M, H). A non-positive duration is `1n` (already expired);
    /// anything over 99999999 hours is clamped to `99999999H`.
    public static func encode(_ duration: Duration) -> String {
        let attoseconds = duration.attoseconds
        guard attoseconds > 0 else { return "1n" }
        for unit in 0..<6 {
            let (perUnit, symbol) = unitInfo(unit)
            let (quotient, remainder) = attoseconds.quotientAndRemainder(dividingBy: perUnit)
            let value = remainder == 0 ? quotient : quotient + 1
            if value <= Int128(maxValue) {
                return String(Int(value)) + symbol
            }
        }
        return String(maxValue) + "H"
    }

    /// Decodes a received value. Zero is accepted (some peers send `0n` for an expired deadline).
    /// Throws INTERNAL for anything else outside the grammar: empty, more than 8 digits, a sign,
    /// whitespace, a non-digit or an unknown unit.
    public static func decode(_ value: String) throws(RPCError) -> Duration {
        let utf8 = value.utf8
        guard utf8.count >= 2, utf8.count <= 9, let unit = utf8.last else { throw malformed(value) }
        var amount: Int64 = 0
        for byte in utf8.dropLast() {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw malformed(value) }
            amount = amount * 10 + Int64(byte &- UInt8(ascii: "0"))
        }
        switch unit {
        case UInt8(ascii: "H"): return .seconds(amount * 3600)
        case UInt8(ascii: "M"): return .seconds(amount * 60)
        case UInt8(ascii: "S"): return .seconds(amount)
        case UInt8(ascii: "m"): return .milliseconds(amount)
        case UInt8(ascii: "u"): return .microseconds(amount)
        case UInt8(ascii: "n"): return .nanoseconds(amount)
        default: throw malformed(value)
        }
    }

    /// Attoseconds per unit and the unit's symbol, finest first.
    private static func unitInfo(_ index: Int) -> (Int128, String) {
        switch index {
        case 0: (1_000_000_000, "n")
        case 1: (1_000_000_000_000, "u")
        case 2: (1_000_000_000_000_000, "m")
        case 3: (1_000_000_000_000_000_000, "S")
        case 4: (60_000_000_000_000_000_000, "M")
        default: (3_600_000_000_000_000_000_000, "H")
        }
    }

    private static func malformed(_ value: String) -> RPCError {
        RPCError(.internal, "malformed grpc-timeout '\(value)'")
    }
}
