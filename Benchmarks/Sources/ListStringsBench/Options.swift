// Command-line flags.

struct Options: Sendable {
    /// Only rows whose "impl/case" contains this substring run.
    var filter: String? = nil
    /// Timed samples per row; the median is reported.
    var samples = 5
    /// Minimum duration of one sample.
    var sampleSeconds = 0.3
    /// Warm-up duration per row (at least `minWarmupOps` operations).
    var warmupSeconds = 0.3
    var minWarmupOps = 3
    /// `--aggregate FILE...`: print medians over JSON lines of earlier runs instead of measuring.
    var aggregateFiles: [String] = []

    static let usage = """
        usage: ListStringsBench [--filter SUBSTRING] [--samples N] [--quick]
               ListStringsBench --aggregate FILE...   (median over the JSON lines of several runs)
          --filter S   run only rows whose "impl/case" contains S (e.g. grpc-swift-2, respSize=10, unary)
          --samples N  timed samples per row, median reported (default 5)
          --quick      fast smoke run: 1 short sample per row (still validates every row)
        """

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var samplesGiven = false
        var quick = false
        var index = 0
        func value(_ flag: String) throws -> String {
            index += 1
            guard index < arguments.count else { throw BenchError.usage("\(flag) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--filter":
                options.filter = try value(argument)
            case "--samples":
                guard let samples = Int(try value(argument)), samples > 0 else {
                    throw BenchError.usage("--samples needs a positive integer")
                }
                options.samples = samples
                samplesGiven = true
            case "--quick":
                quick = true
            case "--aggregate":
                options.aggregateFiles = Array(arguments[(index + 1)...])
                index = arguments.count
                guard !options.aggregateFiles.isEmpty else {
                    throw BenchError.usage("--aggregate needs files")
                }
            case "--help", "-h":
                throw BenchError.usage("")
            default:
                throw BenchError.usage("unknown argument \(argument)")
            }
            index += 1
        }
        if quick {
            if !samplesGiven { options.samples = 1 }
            options.sampleSeconds = 0.02
            options.warmupSeconds = 0.01
            options.minWarmupOps = 1
        }
        return options
    }

    func selects(impl: String, case caseName: String) -> Bool {
        guard let filter else { return true }
        return "\(impl)/\(caseName)".contains(filter)
    }
}
