// Timing and allocation counting of one row.

import CMallocCounter

struct Measurement: Sendable {
    /// ns per operation of each timed sample.
    var sampleNsPerOp: [Double]
    var iterationsPerSample: Int
    var allocsPerOp: Double

    var medianNsPerOp: Double { median(sampleNsPerOp) }
}

func median(_ values: [Double]) -> Double {
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

/// Warms up, calibrates the iterations per sample, times `options.samples` samples with
/// ContinuousClock, then counts mallocs over one more untimed run of the same length.
func measure(_ options: Options, _ operation: () async throws -> Void) async throws -> Measurement {
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
        for _ in 0..<iterations {
            try await operation()
        }
        samples.append((clock.now - start).nanoseconds / Double(iterations))
    }

    let allocsBefore = bench_malloc_count()
    for _ in 0..<iterations {
        try await operation()
    }
    let allocs = bench_malloc_count() - allocsBefore

    return Measurement(
        sampleNsPerOp: samples,
        iterationsPerSample: iterations,
        allocsPerOp: Double(allocs) / Double(iterations)
    )
}

/// Checks that the interposed allocator counts: 1000 heap objects must count >= 1000 mallocs.
func checkMallocCounter() throws -> UInt64 {
    final class Box {
        var value: Int
        init(_ value: Int) { self.value = value }
    }
    let before = bench_malloc_count()
    var boxes: [Box] = []
    for index in 0..<1000 { boxes.append(Box(index)) }
    let counted = bench_malloc_count() - before
    withExtendedLifetime(boxes) {}
    guard counted >= 1000 else {
        throw BenchError.validation("malloc counter saw \(counted) allocations for 1000 objects")
    }
    return counted
}
