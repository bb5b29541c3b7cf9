import GRPCCore
import Testing

@Suite("grpc-timeout")
struct GRPCTimeoutTests {
    @Test("Every unit decodes", arguments: [
        ("1S", Duration.seconds(1)),
        ("1H", .seconds(3600)),
        ("2M", .seconds(120)),
        ("250m", .milliseconds(250)),
        ("7u", .microseconds(7)),
        ("30n", .nanoseconds(30)),
        ("10000000S", .seconds(10_000_000)),
        ("00000001S", .seconds(1)),
        ("99999999n", .nanoseconds(99_999_999)),
        ("0n", .zero),
        ("0S", .zero),
    ])
    func decode(value: String, expected: Duration) throws {
        #expect(try GRPCTimeout.decode(value) == expected)
    }

    @Test("The largest value does not overflow")
    func largest() throws {
        #expect(try GRPCTimeout.decode("99999999H") == .seconds(Int64(99_999_999) * 3600))
        #expect(try GRPCTimeout.decode("99999999M") == .seconds(Int64(99_999_999) * 60))
    }

    @Test("Malformed values are INTERNAL", arguments: [
        "", "S", "1", "123456789S", "-1S", "+1S", " 1S", "1S ", "1 S", "1x", "1s", "1h", "1.5S",
        "1e3S", "S1", "0x1S", "١S", "1SS", "1\u{0}S",
    ])
    func malformed(value: String) {
        let error = WireFixtures.rpcError { _ = try GRPCTimeout.decode(value) }
        #expect(error?.code == .internal)
        #expect(error?.message.contains("malformed grpc-timeout") == true)
    }

    @Test("Encoding picks the finest unit that fits 8 digits", arguments: [
        (Duration.nanoseconds(1), "1n"),
        (.nanoseconds(99_999_999), "99999999n"),
        (.nanoseconds(100_000_000), "100000u"),
        (.seconds(1), "1000000u"),
        (.milliseconds(99_999), "99999000u"),
        (.milliseconds(100_000), "100000m"),
        (.seconds(3600), "3600000m"),
        (.seconds(100_000), "100000S"),
        (.seconds(99_999_999), "99999999S"),
        (.seconds(100_000_000), "1666667M"),
        (.seconds(Int64(99_999_999) * 60), "99999999M"),
        (.seconds(Int64(99_999_999) * 60 + 1), "1666667H"),
        (.seconds(Int64(99_999_999) * 3600), "99999999H"),
    ])
    func encode(duration: Duration, expected: String) {
        #expect(GRPCTimeout.encode(duration) == expected)
    }

    @Test("Encoding rounds up, never shortening the deadline", arguments: [
        (Duration.nanoseconds(100_000_001), "100001u"),
        (.nanoseconds(1_999_999_999), "2000000u"),
        (.seconds(100_000_001), "1666667M"),
        (Duration(secondsComponent: 0, attosecondsComponent: 1), "1n"),
        (Duration(secondsComponent: 0, attosecondsComponent: 1_000_000_001), "2n"),
    ])
    func roundsUp(duration: Duration, expected: String) throws {
        #expect(GRPCTimeout.encode(duration) == expected)
        #expect(try GRPCTimeout.decode(expected) >= duration)
    }

    @Test("An expired deadline encodes as 1n")
    func nonPositive() {
        #expect(GRPCTimeout.encode(.zero) == "1n")
        #expect(GRPCTimeout.encode(.seconds(-5)) == "1n")
        #expect(GRPCTimeout.encode(Duration(secondsComponent: 0, attosecondsComponent: -1)) == "1n")
    }

    @Test("Durations beyond 99999999 hours clamp to 99999999H")
    func clamp() {
        #expect(GRPCTimeout.encode(.seconds(Int64(99_999_999) * 3600 + 1)) == "99999999H")
        #expect(GRPCTimeout.encode(.seconds(Int64.max)) == "99999999H")
    }

    @Test("Round trips are never shorter and lose less than one unit")
    func roundTrip() throws {
        var generator = WireFixtures.SeededGenerator(seed: 42)
        for _ in 0..<2000 {
            let duration = Duration.nanoseconds(Int64.random(in: 1...(Int64(1) << 52), using: &generator))
            let encoded = GRPCTimeout.encode(duration)
            #expect(encoded.utf8.count <= 9)
            let decoded = try GRPCTimeout.decode(encoded)
            #expect(decoded >= duration)
            let unit: Duration = switch encoded.last {
            case "n": .nanoseconds(1)
            case "u": .microseconds(1)
            case "m": .milliseconds(1)
            case "S": .seconds(1)
            case "M": .seconds(60)
            default: .seconds(3600)
            }
            #expect(decoded - duration < unit)
        }
    }
}
