// Validates and measures every selected row.

#if canImport(Glibc)
import Glibc
#endif

struct Runner {
    let options: Options
    var results: [RowResult] = []

    init(options: Options) {
        self.options = options
    }

    mutating func runAll() async throws {
        for respSize in ListStrings.respSizes {
            let caseName = "respSize=\(respSize)"
            let responses = ListStrings.makeResponses(respSize: respSize)
            for impl in Registry.listImpls where options.selects(impl: impl.name, case: caseName) {
                let result = try await runList(impl, caseName: caseName, respSize: respSize, responses: responses)
                record(result)
            }
        }
        for impl in Registry.unaryImpls where options.selects(impl: impl.name, case: "unary") {
            record(try await runUnary(impl))
        }
        if results.isEmpty, let filter = options.filter {
            throw BenchError.usage("no row matches --filter \(filter)")
        }
    }

    private mutating func record(_ result: RowResult) {
        results.append(result)
        print(result.jsonLine)
        fflush(nil)  // Rows show up as they finish, even when piped.
    }

    private func runList(
        _ impl: any ListImpl, caseName: String, respSize: Int, responses: [ListResponse]
    ) async throws -> RowResult {
        let options = self.options
        let expectedMessages = responses.count
        let measurement = try await impl.withClient(responses: responses) { client in
            // Validate once before timing.
            let validated = try await client.list(into: ValidatingConsumer(respSize: respSize))
            try validated.check(expectedMessages: expectedMessages)

            return try await measure(options) {
                let counted = try await client.list(into: CountingConsumer())
                guard counted.messages == expectedMessages, counted.strings == ListStrings.stringsPerCall else {
                    throw BenchError.validation(
                        "\(impl.name) \(caseName): got \(counted.messages) messages / \(counted.strings) strings")
                }
            }
        }
        return RowResult(
            impl: impl.name, case: caseName,
            messagesPerOp: expectedMessages, stringsPerOp: ListStrings.stringsPerCall,
            nsPerOp: measurement.medianNsPerOp,
            nsPerOpMin: measurement.sampleNsPerOp.min()!, nsPerOpMax: measurement.sampleNsPerOp.max()!,
            allocsPerOp: measurement.allocsPerOp,
            samples: measurement.sampleNsPerOp.count,
            iterationsPerSample: measurement.iterationsPerSample
        )
    }

    private func runUnary(_ impl: any UnaryImpl) async throws -> RowResult {
        let options = self.options
        let request = ListStrings.echoRequest
        let measurement = try await impl.withClient { client in
            let reply = try await client.echo(request)
            guard reply == request else {
                throw BenchError.validation("\(impl.name) unary: echoed \(reply.text.debugDescription)")
            }
            return try await measure(options) {
                let reply = try await client.echo(request)
                guard reply.text.utf8.count == request.text.utf8.count else {
                    throw BenchError.validation("\(impl.name) unary: echoed \(reply.text.debugDescription)")
                }
            }
        }
        return RowResult(
            impl: impl.name, case: "unary",
            messagesPerOp: 1, stringsPerOp: 0,
            nsPerOp: measurement.medianNsPerOp,
            nsPerOpMin: measurement.sampleNsPerOp.min()!, nsPerOpMax: measurement.sampleNsPerOp.max()!,
            allocsPerOp: measurement.allocsPerOp,
            samples: measurement.sampleNsPerOp.count,
            iterationsPerSample: measurement.iterationsPerSample
        )
    }
}
