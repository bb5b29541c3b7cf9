// fanout: the seed's scenario. A ListStrings backend, a proxy that fans each call out to several
// backends (in this process, over a Unix socket, over TCP: the same generated client for all),
// and a client. scripts/demo.sh runs them together.

#if canImport(Glibc)
import Glibc
#endif
import FanOut
import GRPCCore
import GRPCHealth
import GRPCReflection
import HTTP2Transport
import InProcTransport

let usage = """
    usage:
      fanout backend --listen ADDR --strings FROM-TO [--per-message K] [--fail-after N] [--hang-after N]
          serves ListStrings: each List call streams string-FROM ... string-(TO-1), K per message
          (default 10); --fail-after N fails each call with UNAVAILABLE after N messages, --hang-after N
          stops sending after N messages until the call is cancelled. Prints `READY ADDR` when listening;
          stops on SIGINT or SIGTERM.
      fanout proxy --listen ADDR --backend [NAME=]TARGET... [--partial]
          serves ListStrings by calling every backend and merging their streams without duplicates.
          TARGET: inproc:FROM-TO (a backend in the proxy's process), unix:PATH, tcp:HOST:PORT.
          --partial: a failed backend leaves a partial answer and a fanout-failed trailer, instead
          of failing the call. Prints `READY ADDR`; stops on SIGINT or SIGTERM.
      fanout client --target ADDR [--calls N] [--timeout-ms T] [--metadata KEY=VALUE]... [--compare TARGET,...]
          calls List N times (default 1) and prints what came back and how long it took; --compare
          then times the same generated client against each TARGET (in-process, unix, tcp) alone.
    ADDR: tcp:HOST:PORT (port 0: any free port), HOST:PORT or unix:PATH.
    """

func address(_ text: String) throws(UsageError) -> SocketAddress {
    let plain = text.hasPrefix("tcp:") ? String(text.dropFirst(4)) : text
    guard let a = SocketAddress(plain) else { throw UsageError("not an address: \(text)") }
    return a
}

/// `tcp:HOST:PORT` or `unix:PATH`: what READY prints, and what --backend and --target accept.
func spelled(_ a: SocketAddress) -> String {
    switch a {
    case .tcp: "tcp:\(a)"
    case .unix(let path): "unix:\(path)"
    }
}

func say(_ text: String) {
    print(text)
    fflush(nil)  // all streams: READY must reach a pipe or file at once
}

/// Serves `services` at `listen`, with grpc.health.v1.Health and server reflection, until
/// SIGINT or SIGTERM, printing READY once listening. A signal starts a graceful shutdown: health
/// turns NOT_SERVING, calls in flight get the grace period, the socket file is removed.
nonisolated func serve(_ services: [any RegistrableService], at listen: SocketAddress, what: String) async throws {
    let health = HealthService()
    let reflection = try ReflectionService(
        services: [ListStrings.serviceName, Grpc_Health_V1_Health.serviceName],
        files: [ListStrings.fileDescriptor, HealthService.fileDescriptor])
    var configuration = HTTP2Server.Configuration()
    configuration.shutdownGracePeriod = .seconds(5)
    configuration.onShutdown = { health.enterShutdown() }
    let server = HTTP2Server(Server(services: services + [health, reflection]), addresses: [listen], configuration: configuration)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            try await server.run { bound in
                say("READY \(spelled(bound[0]))")
            }
        }
        group.addTask {
            if let signal = await StopSignals.next() {
                FileHandleErr.write("fanout \(what): stopping on signal \(signal)\n")
            }
        }
        // A signal, or the server failing (say, to bind): either way, stop the other.
        _ = try await group.next()
        server.beginGracefulShutdown()
        group.cancelAll()
        try await group.waitForAll()
    }
}

nonisolated func backend(_ args: Arguments) async throws {
    guard let range = Workload.range(try args.required("strings")) else {
        throw UsageError("--strings wants FROM-TO, e.g. 0-6000")
    }
    let listen = try address(try args.required("listen"))
    let perMessage = try args.int("per-message", default: 10)
    var behaviour = StringsBackend.Behaviour.normal
    if let n = args.value("fail-after") {
        guard let n = Int(n) else { throw UsageError("--fail-after wants a number") }
        behaviour = .fail(afterMessages: n, RPCError(.unavailable, "told to fail after \(n) messages"))
    } else if let n = args.value("hang-after") {
        guard let n = Int(n) else { throw UsageError("--hang-after wants a number") }
        behaviour = .hang(afterMessages: n)
    }
    let service = StringsBackend(strings: Workload.strings(range), perMessage: perMessage, behaviour: behaviour)
    try await serve([service], at: listen, what: "backend")
}

nonisolated func proxy(_ args: Arguments) async throws {
    let listen = try address(try args.required("listen"))
    let targets = try args.all("backend").map { text throws(UsageError) in
        guard let t = BackendTarget(text) else { throw UsageError("not a backend: \(text)") }
        return t
    }
    guard !targets.isEmpty else { throw UsageError("give at least one --backend") }
    let channels = targets.map { $0.makeChannel() }
    defer { for c in channels { (c as? HTTP2Channel)?.close() } }
    let backends = zip(targets, channels).map { FanOutProxy.Backend($0, channel: $1) }
    let service = FanOutProxy(backends: backends, policy: args.has("partial") ? .tolerate : .failCall)
    FileHandleErr.write("fanout proxy: backends \(backends.map { "\($0.name) (\($0.kind))" }.joined(separator: ", "))\n")
    try await serve([service], at: listen, what: "proxy")
}

nonisolated func client(_ args: Arguments) async throws {
    let target = try address(try args.required("target"))
    let calls = max(1, try args.int("calls", default: 1))
    var metadata = Metadata()
    for pair in args.all("metadata") {
        guard let eq = pair.firstIndex(of: "=") else { throw UsageError("--metadata wants KEY=VALUE") }
        try metadata.add(String(pair[..<eq]), String(pair[pair.index(after: eq)...]))
    }
    var options = CallOptions()
    if let ms = args.value("timeout-ms") {
        guard let ms = Int(ms) else { throw UsageError("--timeout-ms wants a number") }
        options.timeout = .milliseconds(ms)
    }
    let channel = HTTP2Channel(target: target)
    defer { channel.close() }
    let client = ListStrings.Client(channel: channel)

    var times: [Duration] = []
    var results: [CallResult] = []
    var failure: RPCError? = nil
    for _ in 0..<calls {
        let start = ContinuousClock.now
        do {
            results.append(try await CallResult.list(client, metadata: metadata, options: options))
            times.append(.now - start)
        } catch {
            failure = RPCError(from: error)
            break
        }
    }
    if let last = results.last {
        let counts = Set(results.map { $0.strings.count })
        let withRepeats = results.filter { Set($0.strings).count != $0.strings.count }.count
        let dropped = Set(results.compactMap { $0.trailers.first(FanOutProxy.duplicatesTrailer) })
        say("List at \(spelled(target)), \(results.count) call\(results.count == 1 ? "" : "s"):")
        say("  strings received: \(counts.sorted().map(String.init).joined(separator: " or ")) per call" +
            (last.strings.isEmpty ? "" : " (the last: \(last.strings.prefix(3).joined(separator: ", ")), ...)") +
            (withRepeats == 0 ? ", none twice in any call" : ", \(withRepeats) calls had some TWICE"))
        if !dropped.isEmpty {
            say("  duplicates dropped by the proxy: \(dropped.sorted().joined(separator: " or ")) per call")
        }
        let backends = BackendSummary.parse(last.trailers)
        if !backends.isEmpty {
            say("  from each backend: " + backends.map { "\($0.name) (\($0.kind)) \($0.strings) strings \($0.status)" }.joined(separator: ", "))
        }
        for failed in last.trailers.texts(FanOutProxy.failedTrailer) { say("  failed backend: \(failed)") }
        say("  time per call: \(Timing(times).text)")
    }
    if let failure {
        say("List at \(spelled(target)) failed: \(failure)")
        for entry in failure.trailers { say("  trailer \(entry.key): \(entry.value)") }
        throw ExitCode(1)
    }

    let compare = args.value("compare").map { $0.split(separator: ",").map(String.init) } ?? []
    if !compare.isEmpty {
        say("")
        say("One backend alone, the same generated client through each channel kind, \(calls) calls each:")
        say("  channel      backend   strings  time per call")
        for text in compare {
            guard let t = BackendTarget(text) else { throw UsageError("not a backend: \(text)") }
            let channel = t.makeChannel()
            defer { (channel as? HTTP2Channel)?.close() }
            let client = ListStrings.Client(channel: channel)
            var strings = try await CallResult.list(client, metadata: metadata, options: options).strings.count  // warm-up
            var times: [Duration] = []
            for _ in 0..<calls {
                let start = ContinuousClock.now
                strings = try await CallResult.list(client, metadata: metadata, options: options).strings.count
                times.append(.now - start)
            }
            say("  \(pad(t.kind, 12)) \(pad(t.name, 9)) \(pad("\(strings)", 8)) \(Timing(times).text)")
        }
    }
}

/// One `fanout-backend` trailer entry: `NAME kind=KIND strings=N time=T status=S`.
struct BackendSummary {
    var name = "", kind = "", strings = "", status = ""

    static func parse(_ trailers: Metadata) -> [BackendSummary] {
        trailers.texts(FanOutProxy.backendTrailer).map { text in
            var summary = BackendSummary()
            let words = text.split(separator: " ")
            summary.name = words.first.map(String.init) ?? ""
            for word in words.dropFirst() {
                guard let eq = word.firstIndex(of: "=") else { continue }
                let value = String(word[word.index(after: eq)...])
                switch word[..<eq] {
                case "kind": summary.kind = value
                case "strings": summary.strings = value
                case "status": summary.status = value
                default: break
                }
            }
            return summary
        }
    }
}

/// What one List call returned.
struct CallResult: Sendable {
    var strings: [String] = []
    var trailers = Metadata()

    static func list(_ client: ListStrings.Client, metadata: Metadata, options: CallOptions) async throws -> CallResult {
        try await client.list(ListRequest(), metadata: metadata, options: options) { response in
            var result = CallResult()
            for try await message in response.messages {
                result.strings.append(contentsOf: message.strings)
            }
            result.trailers = response.trailers ?? Metadata()
            return result
        }
    }
}

/// Median, fastest and slowest of some call times.
struct Timing {
    let sorted: [Duration]
    init(_ times: [Duration]) { sorted = times.sorted() }
    var median: String { sorted.isEmpty ? "-" : formatDuration(sorted[sorted.count / 2]) }
    var text: String {
        guard let first = sorted.first, let last = sorted.last else { return "-" }
        if sorted.count == 1 { return median }
        return "\(median) median (\(formatDuration(first)) .. \(formatDuration(last)))"
    }
}

func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
}

struct ExitCode: Error {
    let code: Int32
    init(_ code: Int32) { self.code = code }
}

enum FileHandleErr {
    /// Writes `text` to standard error, unbuffered.
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in _ = Glibc.write(2, bytes.baseAddress, bytes.count) }
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
let command = arguments.first ?? ""
if command == "backend" || command == "proxy" { StopSignals.install() }
let status: Int32 = await Task.detached { () async -> Int32 in
    do {
        let args = try Arguments(Array(arguments.dropFirst()), switches: ["partial"])
        switch command {
        case "backend": try await backend(args)
        case "proxy": try await proxy(args)
        case "client": try await client(args)
        case "-h", "--help", "help":
            print(usage)
            return 0
        default: throw UsageError("unknown command \(command.isEmpty ? "(none)" : command)")
        }
        return 0
    } catch let e as UsageError {
        FileHandleErr.write("fanout: \(e)\n\n\(usage)\n")
        return 2
    } catch let e as ExitCode {
        return e.code
    } catch {
        FileHandleErr.write("fanout \(command): \(error)\n")
        return 1
    }
}.value
exit(status)
