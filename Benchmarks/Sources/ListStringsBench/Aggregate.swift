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
                let key = "\(line.impl)/\(line.case)"
                if lines[key] == nil { order.append(key) }
                lines[key, default: []].append(line)
            }
        }
        let rows: [RowResult] = order.map { key in
            let runs = lines[key]!
            return RowResult(
                impl: runs[0].impl, case: runs[0].case,
                messagesPerOp: runs[0].messages_per_op, stringsPerOp: runs[0].strings_per_op,
                nsPerOp: median(runs.map(\.ns_per_op)),
                nsPerOpMin: runs.map(\.ns_per_op_min).min()!, nsPerOpMax: runs.map(\.ns_per_op_max).max()!,
                allocsPerOp: median(runs.map(\.allocs_per_op)),
                samples: runs.map(\.samples).reduce(0, +), iterationsPerSample: runs[0].iterations_per_sample
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

    /// Rows = impl; columns = each respSize case (ns/op, ns/msg, allocs/msg), then unary.
    static func markdown(_ rows: [RowResult]) -> String {
        var impls: [String] = []
        for row in rows where !impls.contains(row.impl) { impls.append(row.impl) }
        let cases = ListStrings.respSizes.map { "respSize=\($0)" }
        var header = ["impl"]
        for caseName in cases { header += ["\(caseName) ns/op", "ns/msg", "allocs/msg"] }
        header += ["unary ns/call", "unary allocs/call"]
        var out = ["| " + header.joined(separator: " | ") + " |"]
        out.append("|" + String(repeating: " --- |", count: header.count))
        for impl in impls {
            var cells = [impl]
            for caseName in cases {
                if let row = rows.first(where: { $0.impl == impl && $0.case == caseName }) {
                    cells += [formatDuration(row.nsPerOp), format(row.nsPerMessage, 1), format(row.allocsPerMessage, 2)]
                } else {
                    cells += ["—", "—", "—"]
                }
            }
            if let row = rows.first(where: { $0.impl == impl && $0.case == "unary" }) {
                cells += [formatDuration(row.nsPerOp), format(row.allocsPerOp, 1)]
            } else {
                cells += ["—", "—"]
            }
            out.append("| " + cells.joined(separator: " | ") + " |")
        }
        return out.joined(separator: "\n")
    }
}
