// Entry point. Benchmarks run from nonisolated code inside a detached task: top-level code in
// main.swift is @MainActor and would hop to the main actor on every await.

#if canImport(Glibc)
import Glibc
#endif

@main
struct BenchMain {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let status = await Task.detached { await run(arguments) }.value
        exit(status)
    }
}

nonisolated func run(_ arguments: [String]) async -> Int32 {
    do {
        let options = try Options.parse(arguments)
        if !options.aggregateFiles.isEmpty {
            try Aggregate.printMedians(files: options.aggregateFiles)
            return 0
        }
        precondition(ListStrings.constant.utf8.count == 100, "the seed constant must be 100 bytes")
        let counted = try checkMallocCounter()
        print("# ListStrings benchmark: \(ListStrings.stringsPerCall) strings of 100 bytes per call; unary: tiny echo")
        print("# malloc counter check: 1000 objects -> \(counted) allocations")
        print("# samples per row: \(options.samples), >= \(options.sampleSeconds) s each; median reported")
        var runner = Runner(options: options)
        try await runner.runAll()
        print("")
        print(renderTable(header: RowResult.tableHeader, rows: runner.results.map(\.tableRow)))
        return 0
    } catch BenchError.usage(let why) {
        if !why.isEmpty { printError("error: \(why)") }
        printError(Options.usage)
        return why.isEmpty ? 0 : 2
    } catch {
        printError("error: \(error)")
        return 1
    }
}

func printError(_ message: String) {
    var line = message + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
