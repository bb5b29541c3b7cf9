// `--aggregate FILE...`: medians over the JSON lines of several whole runs, as a text table
// and as the Markdown table of BENCHMARKS.md.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

enum Aggregate {
    private struct Line: Decodable {
        var impl: String
        var `case`: String
        var ns_per_op: Double
        var ns_per_op_min: Double
        var ns_per_op_max: Double
        var allocs_per_op: Double
        var messages_per_op: Int
        var strings_per_op: Int
        var samples: Int
        var iterations_per_sample: Int
        /// Absent in lines from before the field existed: those were in-process rows.
        var transport: String?
        var calls_per_s: Double?
    }

    static func printMedians(files: [String]) throws {
        var order: [String] = []
        var lines: [String: [Line]] = [:]
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw BenchError.usage("cannot read \(file)")
            }
            for text in String(decoding: data, as: UTF8.self).split(separator: "\n") where text.hasPrefix("{") {
                let line = try JSONDecoder().decode(Line.self, from: Data(text.utf8))
                let key = "\(line.impl)/\(line.case)/\(line.transport ?? "inproc")"
                if lines[key] == nil { order.append(key) }
                lines[key, default: []].append(line)
            }
        }
        let rows: [RowResult] = order.map { key in
            let runs = lines[key]!
            let callsPerSecond = runs.compactMap(\.calls_per_s)
            return RowResult(
                impl: runs[0].impl, case: runs[0].case,
                messagesPerOp: runs[0].messages_per_op, stringsPerOp: runs[0].strings_per_op,
                nsPerOp: median(runs.map(\.ns_per_op)),
                nsPerOpMin: runs.map(\.ns_per_op_min).min()!, nsPerOpMax: runs.map(\.ns_per_op_max).max()!,
                allocsPerOp: median(runs.map(\.allocs_per_op)),
                samples: runs.map(\.samples).reduce(0, +), iterationsPerSample: runs[0].iterations_per_sample,
                transport: runs[0].transport ?? "inproc",
                callsPerSecond: callsPerSecond.isEmpty ? nil : median(callsPerSecond)
            )
        }
        let runCounts = Set(lines.values.map(\.count)).sorted().map(String.init).joined(separator: "/")
        print("# medians over \(runCounts) runs (each run's value is itself a median of its samples);")
        print("# samples = all samples of all runs; ns_per_op_min/max = fastest/slowest sample of any run")
        for row in rows { print(row.jsonLine) }
        print("")
        print(renderTable(header: RowResult.tableHeader, rows: rows.map(\.tableRow)))
        print("")
        print(markdown(rows))
    }

    /// Rows = impl + transport; columns = each respSize case (ns/op, ns/msg, allocs/msg), then
    /// unary, then unary32 (calls/s) when any row has it.
    static func markdown(_ rows: [RowResult]) -> String {
        struct Key: Equatable { var impl: String; var transport: String }
        var keys: [Key] = []
        for row in rows where !keys.contains(Key(impl: row.impl, transport: row.transport)) {
            keys.append(Key(impl: row.impl, transport: row.transport))
        }
        let hasThroughput = rows.contains { $0.case == "unary32" }
        let cases = ListStrings.respSizes.map { "respSize=\($0)" }
        var header = ["impl", "transport"]
        for caseName in cases { header += ["\(caseName) ns/op", "ns/msg", "allocs/msg"] }
        header += ["unary ns/call", "unary allocs/call"]
        if hasThroughput { header += ["unary32 calls/s"] }
        var out = ["| " + header.joined(separator: " | ") + " |"]
        out.append("|" + String(repeating: " --- |", count: header.count))
        for key in keys {
            let impl = key.impl
            var cells = [impl, key.transport]
            for caseName in cases {
                if let row = rows.first(where: { $0.impl == impl && $0.transport == key.transport && $0.case == caseName }) {
                    cells += [formatDuration(row.nsPerOp), format(row.nsPerMessage, 1), format(row.allocsPerMessage, 2)]
                } else {
                    cells += ["—", "—", "—"]
                }
            }
            if let row = rows.first(where: { $0.impl == impl && $0.transport == key.transport && $0.case == "unary" }) {
                cells += [formatDuration(row.nsPerOp), format(row.allocsPerOp, 1)]
            } else {
                cells += ["—", "—"]
            }
            if hasThroughput {
                let row = rows.first { $0.impl == impl && $0.transport == key.transport && $0.case == "unary32" }
                cells += [row?.callsPerSecond.map { format($0, 0) } ?? "—"]
            }
            out.append("| " + cells.joined(separator: " | ") + " |")
        }
        return out.joined(separator: "\n")
    }
}
