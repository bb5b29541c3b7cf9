// One measured row and its output formats (a JSON line and a table line).

struct RowResult: Sendable, Codable {
    var impl: String
    var `case`: String
    var messagesPerOp: Int
    var stringsPerOp: Int
    /// Median over samples.
    var nsPerOp: Double
    /// Fastest and slowest sample, to show the noise.
    var nsPerOpMin: Double
    var nsPerOpMax: Double
    var allocsPerOp: Double
    var samples: Int
    var iterationsPerSample: Int
    /// `inproc` for this process's rows; `tcp` or `unix` for the HTTP/2 peers' rows (their
    /// clients print the same JSON: Benchmarks/README.md).
    var transport = "inproc"
    /// Throughput rows only (`unary32`): calls per second.
    var callsPerSecond: Double? = nil

    var nsPerMessage: Double { nsPerOp / Double(messagesPerOp) }
    var nsPerString: Double { nsPerOp / Double(stringsPerOp) }
    var allocsPerMessage: Double { allocsPerOp / Double(messagesPerOp) }

    /// One JSON object on one line, keys in a fixed order.
    var jsonLine: String {
        var fields: [(String, String)] = [
            ("impl", jsonString(impl)),
            ("transport", jsonString(transport)),
            ("case", jsonString(`case`)),
            ("ns_per_op", format(nsPerOp, 1)),
            ("ns_per_op_min", format(nsPerOpMin, 1)),
            ("ns_per_op_max", format(nsPerOpMax, 1)),
            ("ns_per_msg", format(nsPerMessage, 2)),
            ("ns_per_string", stringsPerOp == 0 ? "null" : format(nsPerString, 2)),
            ("allocs_per_op", format(allocsPerOp, 3)),
            ("allocs_per_msg", format(allocsPerMessage, 3)),
            ("messages_per_op", String(messagesPerOp)),
            ("strings_per_op", String(stringsPerOp)),
            ("samples", String(samples)),
            ("iterations_per_sample", String(iterationsPerSample)),
        ]
        if let callsPerSecond { fields.append(("calls_per_s", format(callsPerSecond, 1))) }
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    static let tableHeader = [
        "impl", "transport", "case", "ns/op", "ns/msg", "ns/string", "allocs/op", "allocs/msg", "op min..max",
    ]

    var tableRow: [String] {
        [
            impl, transport, `case`, formatDuration(nsPerOp), format(nsPerMessage, 1),
            stringsPerOp == 0 ? "-" : format(nsPerString, 1),
            format(allocsPerOp, 1), format(allocsPerMessage, 2),
            formatDuration(nsPerOpMin) + " .. " + formatDuration(nsPerOpMax),
        ]
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

/// `value` with `decimals` digits after the point (no Foundation needed).
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

/// A nanosecond count in a readable unit: "28.50 ms", "51.2 µs", "412 ns".
func formatDuration(_ ns: Double) -> String {
    if ns >= 1e9 { return format(ns / 1e9, 3) + " s" }
    if ns >= 1e6 { return format(ns / 1e6, 3) + " ms" }
    if ns >= 1e3 { return format(ns / 1e3, 2) + " µs" }
    return format(ns, 1) + " ns"
}

/// Left-aligned text columns.
func renderTable(header: [String], rows: [[String]]) -> String {
    var widths = header.map { $0.count }
    for row in rows {
        for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
    }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { column, cell in
            cell + String(repeating: " ", count: widths[column] - cell.count)
        }.joined(separator: "  ")
    }
    let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
    return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
}
