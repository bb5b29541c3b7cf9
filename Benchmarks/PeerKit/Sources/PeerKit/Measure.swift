// Timing, as Benchmarks/Sources/ListStringsBench/Measure.swift does it: warm up (>= 0.3 s and
// >= 3 operations), calibrate iterations so one sample lasts >= 0.3 s, time `samples` samples
// with ContinuousClock (median reported), then count allocations over one more untimed run of
// the same length (client process only: the server is another process).

public struct MeasureOptions: Sendable {
    public var samples = 5
    public var sampleSeconds = 0.3
    public var warmupSeconds = 0.3
    public var minWarmupOps = 3

    public init() {}

    public mutating func makeQuick(samplesGiven: Bool) {
        if !samplesGiven { samples = 1 }
        sampleSeconds = 0.02
        warmupSeconds = 0.01
        minWarmupOps = 1
    }
}

public struct Measurement: Sendable {
    public var sampleNsPerOp: [Double]
    public var iterationsPerSample: Int
    public var allocsPerOp: Double
    public var medianNsPerOp: Double { median(sampleNsPerOp) }
}

public func median(_ values: [Double]) -> Double {
    precondition(!values.isEmpty)
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

extension Duration {
    var nanoseconds: Double {
        Double(components.seconds) * 1e9 + Double(components.attoseconds) / 1e9
    }
}

public func measure(
    _ options: MeasureOptions,
    allocationCount: @Sendable () -> UInt64,
    _ operation: () async throws -> Void
) async throws -> Measurement {
    let clock = ContinuousClock()
    var warmupOps = 0
    let warmupStart = clock.now
    var warmupElapsed = Duration.zero
    repeat {
        try await operation()
        warmupOps += 1
        warmupElapsed = clock.now - warmupStart
    } while warmupOps < options.minWarmupOps || warmupElapsed.nanoseconds < options.warmupSeconds * 1e9

    let estimatedNsPerOp = max(warmupElapsed.nanoseconds / Double(warmupOps), 1)
    let iterations = max(1, Int((options.sampleSeconds * 1e9 / estimatedNsPerOp).rounded(.up)))

    var samples: [Double] = []
    for _ in 0..<options.samples {
        let start = clock.now
        for _ in 0..<iterations { try await operation() }
        samples.append((clock.now - start).nanoseconds / Double(iterations))
    }

    let allocsBefore = allocationCount()
    for _ in 0..<iterations { try await operation() }
    let allocs = allocationCount() - allocsBefore
    return Measurement(
        sampleNsPerOp: samples, iterationsPerSample: iterations,
        allocsPerOp: Double(allocs) / Double(iterations))
}
