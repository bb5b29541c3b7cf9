// One measured row as one JSON line: the format of Benchmarks/Sources/ListStringsBench/RowResult.swift
// plus `transport` (and `calls_per_s` on throughput rows).

#if canImport(Glibc)
import Glibc
#endif

public struct PeerRow: Sendable {
    public var impl: String
    public var transport: String
    public var `case`: String
    public var messagesPerOp: Int
    public var stringsPerOp: Int
    public var nsPerOp: Double
    public var nsPerOpMin: Double
    public var nsPerOpMax: Double
    public var allocsPerOp: Double
    public var samples: Int
    public var iterationsPerSample: Int
    /// Throughput rows only (unary32): calls per second, 1e9 / ns_per_op.
    public var callsPerSecond: Double?

    public var jsonLine: String {
        var fields: [(String, String)] = [
            ("impl", jsonString(impl)),
            ("transport", jsonString(transport)),
            ("case", jsonString(`case`)),
            ("ns_per_op", format(nsPerOp, 1)),
            ("ns_per_op_min", format(nsPerOpMin, 1)),
            ("ns_per_op_max", format(nsPerOpMax, 1)),
            ("ns_per_msg", format(nsPerOp / Double(messagesPerOp), 2)),
            ("ns_per_string", stringsPerOp == 0 ? "null" : format(nsPerOp / Double(stringsPerOp), 2)),
            ("allocs_per_op", format(allocsPerOp, 3)),
            ("allocs_per_msg", format(allocsPerOp / Double(messagesPerOp), 3)),
            ("messages_per_op", String(messagesPerOp)),
            ("strings_per_op", String(stringsPerOp)),
            ("samples", String(samples)),
            ("iterations_per_sample", String(iterationsPerSample)),
        ]
        if let callsPerSecond { fields.append(("calls_per_s", format(callsPerSecond, 1))) }
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    public func print() {
        var line = jsonLine + "\n"
        line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
    }
}

private func jsonString(_ string: String) -> String {
    var out = "\""
    for scalar in string.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case _ where scalar.value < 0x20: out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

func format(_ value: Double, _ decimals: Int) -> String {
    guard value.isFinite else { return "null" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int(scaled / scale)
    let fraction = Int(scaled - Double(whole) * scale)
    var text = (value < 0 && scaled != 0 ? "-" : "") + String(whole)
    if decimals > 0 {
        let digits = String(fraction)
        text += "." + String(repeating: "0", count: decimals - digits.count) + digits
    }
    return text
}

public func printError(_ message: String) {
    var line = message + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
