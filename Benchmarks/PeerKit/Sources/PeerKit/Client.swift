// The client half of the process protocol (Benchmarks/README.md):
//
//   CLIENT --target tcp:HOST:PORT|unix:PATH --case respSize=1|respSize=10|respSize=100|unary|unary32
//          [--samples N] [--quick]
//
// prints one JSON row per case on stdout (diagnostics on stderr) and exits 0, or exits non-zero.

#if canImport(Glibc)
import Glibc
#endif

public enum PeerTarget: Sendable, CustomStringConvertible {
    case tcp(host: String, port: Int)
    case unix(path: String)

    /// The row's `transport` field.
    public var transportName: String {
        switch self {
        case .tcp: return "tcp"
        case .unix: return "unix"
        }
    }

    public var description: String {
        switch self {
        case .tcp(let host, let port): return "tcp:\(host):\(port)"
        case .unix(let path): return "unix:\(path)"
        }
    }

    public static func parse(_ text: String) throws -> PeerTarget {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { throw PeerError.usage("empty unix socket path") }
            return .unix(path: path)
        }
        if text.hasPrefix("tcp:") {
            let rest = text.dropFirst(4)
            guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
                port > 0, port < 65536
            else { throw PeerError.usage("bad tcp target \(text): want tcp:HOST:PORT") }
            return .tcp(host: String(rest[..<colon]), port: port)
        }
        throw PeerError.usage("bad target \(text): want tcp:HOST:PORT or unix:PATH")
    }
}

public enum PeerCase: Sendable, Equatable {
    case list(respSize: Int)
    case unary
    case unary32

    public var name: String {
        switch self {
        case .list(let respSize): return "respSize=\(respSize)"
        case .unary: return "unary"
        case .unary32: return "unary32"
        }
    }

    public static func parse(_ text: String) throws -> PeerCase {
        switch text {
        case "unary": return .unary
        case "unary32": return .unary32
        default:
            for size in Workload.respSizes where text == "respSize=\(size)" { return .list(respSize: size) }
            throw PeerError.usage("unknown case \(text)")
        }
    }
}

public struct ClientOptions: Sendable {
    public var target: PeerTarget
    public var cases: [PeerCase]
    public var measure = MeasureOptions()

    public static let usage = """
        usage: CLIENT --target tcp:HOST:PORT|unix:PATH --case CASE [--case CASE...] [--samples N] [--quick]
          CASE: respSize=1 | respSize=10 | respSize=100 | unary | unary32
        """

    public static func parse(_ arguments: [String]) throws -> ClientOptions {
        var target: PeerTarget?
        var cases: [PeerCase] = []
        var measure = MeasureOptions()
        var samplesGiven = false
        var quick = false
        var index = 0
        func value(_ flag: String) throws -> String {
            index += 1
            guard index < arguments.count else { throw PeerError.usage("\(flag) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--target": target = try PeerTarget.parse(try value(argument))
            case "--case":
                for name in try value(argument).split(separator: ",") { cases.append(try PeerCase.parse(String(name))) }
            case "--samples":
                guard let samples = Int(try value(argument)), samples > 0 else {
                    throw PeerError.usage("--samples needs a positive integer")
                }
                measure.samples = samples
                samplesGiven = true
            case "--quick": quick = true
            default: throw PeerError.usage("unknown argument \(argument)")
            }
            index += 1
        }
        guard let target else { throw PeerError.usage("--target is required") }
        guard !cases.isEmpty else { throw PeerError.usage("--case is required") }
        if quick { measure.makeQuick(samplesGiven: samplesGiven) }
        return ClientOptions(target: target, cases: cases, measure: measure)
    }
}

/// A connected client of one implementation.
public protocol PeerClient: Sendable {
    /// One List call with request metadata `resp-size: respSize`, each received message's strings
    /// passed to `consumer` in order; returns once the call has ended with status OK.
    func list<Consumer: ListConsumer>(respSize: Int, into consumer: Consumer) async throws -> Consumer
    /// One unary Echo/Get call; returns the response's text.
    func echo(_ text: String) async throws -> String
}

public enum PeerClientMain {
    /// Parses `arguments`, connects with `withClient`, validates then measures every case and
    /// prints its rows. Returns the process exit status.
    public static func run(
        _ arguments: [String],
        impl: String,
        allocationCount: @escaping @Sendable () -> UInt64,
        withClient: (PeerTarget, (any PeerClient) async throws -> Void) async throws -> Void
    ) async -> Int32 {
        do {
            let options = try ClientOptions.parse(arguments)
            try await withClient(options.target) { client in
                for peerCase in options.cases {
                    let row = try await runCase(
                        peerCase, client: client, impl: impl, options: options, allocationCount: allocationCount)
                    row.print()
                }
            }
            return 0
        } catch PeerError.usage(let why) {
            printError("error: \(why)\n\(ClientOptions.usage)")
            return 2
        } catch {
            printError("error: \(impl): \(error)")
            return 1
        }
    }

    static func runCase(
        _ peerCase: PeerCase, client: any PeerClient, impl: String, options: ClientOptions,
        allocationCount: @escaping @Sendable () -> UInt64
    ) async throws -> PeerRow {
        let label = "\(impl) \(options.target.transportName) \(peerCase.name)"
        switch peerCase {
        case .list(let respSize):
            let validated = try await client.list(respSize: respSize, into: ValidatingConsumer(respSize: respSize))
            try validated.check()
            let expectedMessages = Workload.stringsPerCall / respSize
            let m = try await measure(options.measure, allocationCount: allocationCount) {
                let counted = try await client.list(respSize: respSize, into: CountingConsumer())
                guard counted.messages == expectedMessages, counted.strings == Workload.stringsPerCall else {
                    throw PeerError.validation("\(label): got \(counted.messages) messages / \(counted.strings) strings")
                }
            }
            return PeerRow(
                impl: impl, transport: options.target.transportName, case: peerCase.name,
                messagesPerOp: expectedMessages, stringsPerOp: Workload.stringsPerCall,
                nsPerOp: m.medianNsPerOp, nsPerOpMin: m.sampleNsPerOp.min()!, nsPerOpMax: m.sampleNsPerOp.max()!,
                allocsPerOp: m.allocsPerOp, samples: m.sampleNsPerOp.count, iterationsPerSample: m.iterationsPerSample)
        case .unary:
            try await checkEcho(client, label)
            let m = try await measure(options.measure, allocationCount: allocationCount) {
                let reply = try await client.echo(Workload.echoText)
                guard reply.utf8.count == Workload.echoText.utf8.count else {
                    throw PeerError.validation("\(label): echoed \(reply.debugDescription)")
                }
            }
            return PeerRow(
                impl: impl, transport: options.target.transportName, case: peerCase.name,
                messagesPerOp: 1, stringsPerOp: 0,
                nsPerOp: m.medianNsPerOp, nsPerOpMin: m.sampleNsPerOp.min()!, nsPerOpMax: m.sampleNsPerOp.max()!,
                allocsPerOp: m.allocsPerOp, samples: m.sampleNsPerOp.count, iterationsPerSample: m.iterationsPerSample)
        case .unary32:
            try await checkEcho(client, label)
            // One operation: 32 concurrent callers on the one connection, each making 100
            // sequential calls. Reported per call.
            let callers = Workload.concurrentCallers, perCaller = Workload.callsPerCaller
            let m = try await measure(options.measure, allocationCount: allocationCount) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<callers {
                        group.addTask {
                            for _ in 0..<perCaller {
                                let reply = try await client.echo(Workload.echoText)
                                guard reply.utf8.count == Workload.echoText.utf8.count else {
                                    throw PeerError.validation("\(label): echoed \(reply.debugDescription)")
                                }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            let calls = Double(callers * perCaller)
            let nsPerCall = m.medianNsPerOp / calls
            return PeerRow(
                impl: impl, transport: options.target.transportName, case: peerCase.name,
                messagesPerOp: 1, stringsPerOp: 0,
                nsPerOp: nsPerCall, nsPerOpMin: m.sampleNsPerOp.min()! / calls, nsPerOpMax: m.sampleNsPerOp.max()! / calls,
                allocsPerOp: m.allocsPerOp / calls, samples: m.sampleNsPerOp.count,
                iterationsPerSample: m.iterationsPerSample * callers * perCaller,
                callsPerSecond: 1e9 / nsPerCall)
        }
    }

    static func checkEcho(_ client: any PeerClient, _ label: String) async throws {
        let reply = try await client.echo(Workload.echoText)
        guard reply == Workload.echoText else { throw PeerError.validation("\(label): echoed \(reply.debugDescription)") }
    }
}
