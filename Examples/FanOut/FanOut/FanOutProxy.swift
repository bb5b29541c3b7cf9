import GRPCCore
import Synchronization

/// A ListStrings service that answers each call by calling every backend with the same
/// request, merging their streams as messages arrive and dropping strings already sent.
///
/// Each backend is a `ListStrings.Client`: in-process, over a Unix socket or over TCP, the proxy
/// cannot tell. Every backend call carries the caller's deadline and request metadata, and is a
/// child task of the call, so a caller that cancels (or whose deadline passes) cancels them all.
///
/// Trailers: one `fanout-backend` entry per backend (`NAME kind=KIND strings=N time=T status=S`),
/// `fanout-duplicates` (strings dropped), and with `.tolerate` one `fanout-failed` entry per
/// backend that failed (`NAME: CODE: message`).
public struct FanOutProxy: ListStrings.ServiceProtocol {
    /// One backend and how to reach it.
    public struct Backend: Sendable {
        /// Names the backend in trailers and errors.
        public var name: String
        /// The channel kind, for reports: `in-process`, `unix`, `tcp`.
        public var kind: String
        /// The generated client the proxy calls it with.
        public var client: ListStrings.Client

        /// Creates a backend reached through `client`.
        public init(name: String, kind: String, client: ListStrings.Client) {
            self.name = name
            self.kind = kind
            self.client = client
        }
    }

    /// What a backend's failure does to the call.
    public enum FailurePolicy: Sendable {
        /// The call fails with the failed backend's status code (the first to fail); the
        /// other backend calls are cancelled.
        case failCall
        /// The call goes on with the other backends and ends with OK and what they sent (a
        /// partial answer); a `fanout-failed` trailer names each backend that failed. If every
        /// backend fails, the call fails as with `.failCall`.
        case tolerate
    }

    /// The backends each call fans out to.
    public let backends: [Backend]
    /// What a backend's failure does.
    public let policy: FailurePolicy

    /// Creates a proxy over `backends`.
    public init(backends: [Backend], policy: FailurePolicy = .failCall) {
        self.backends = backends
        self.policy = policy
    }

    /// Trailer with one backend's statistics.
    public static let backendTrailer = "fanout-backend"
    /// Trailer naming a backend that failed (with `.tolerate`).
    public static let failedTrailer = "fanout-failed"
    /// Trailer with the number of duplicate strings dropped.
    public static let duplicatesTrailer = "fanout-duplicates"

    public func list(request: ListRequest, response: ResponseWriter<ListResponse>, context: ServerContext) async throws {
        let merge = Merge(writer: response)
        // The caller's deadline and metadata go to every backend as they came.
        let options = CallOptions(deadline: context.deadline)
        let metadata = context.requestMetadata
        let policy = self.policy

        let results = await withTaskGroup(of: BackendResult.self, returning: [BackendResult].self) { group in
            for (index, backend) in backends.enumerated() {
                group.addTask {
                    await Self.call(backend, index: index, request, metadata, options, merge)
                }
            }
            var results: [BackendResult] = []
            var stopping = false
            for await var result in group {
                switch result.outcome {
                case .failed where stopping:
                    // Cancelled by the proxy because another backend failed or the caller left.
                    result.outcome = .stopped
                case .callerGone:
                    stopping = true
                    group.cancelAll()
                case .failed where policy == .failCall:
                    stopping = true
                    group.cancelAll()
                default:
                    break
                }
                results.append(result)
            }
            return results
        }

        // The caller cancelled (or its deadline passed): the backends saw it and stopped.
        if Task.isCancelled { throw RPCError(.cancelled, "the caller cancelled the call") }

        var trailers = Metadata()
        for r in results.sorted(by: { $0.index < $1.index }) {
            try trailers.add(Self.backendTrailer, r.summary(backends[r.index]))
        }
        try trailers.add(Self.duplicatesTrailer, "\(merge.duplicates)")
        let failures = results.filter { if case .failed = $0.outcome { true } else { false } }
        let first = failures.first  // in the order they ended
        for f in failures {
            if case .failed(let e) = f.outcome {
                try trailers.add(Self.failedTrailer, "\(backends[f.index].name): \(e.code): \(printable(e.message))")
            }
        }
        context.trailers = trailers

        // The caller went away (cancelled, deadline): its error is what ends the call.
        for r in results { if case .callerGone(let e) = r.outcome { throw e } }
        guard let first, case .failed(let error) = first.outcome else { return }
        if policy == .tolerate && failures.count < backends.count { return }
        throw RPCError(error.code, "backend \(backends[first.index].name): \(error.message)", details: error.details)
    }

    /// Calls one backend and forwards what it sends; never throws: the outcome says how it went.
    private static func call(
        _ backend: Backend, index: Int, _ request: ListRequest, _ metadata: Metadata, _ options: CallOptions,
        _ merge: Merge
    ) async -> BackendResult {
        let start = ContinuousClock.now
        var received = 0
        let outcome: BackendResult.Outcome
        do {
            try await backend.client.list(request, metadata: metadata, options: options) { response in
                for try await message in response.messages {
                    received += message.strings.count
                    do {
                        try await merge.forward(message)
                    } catch {
                        throw CallerGone(error: RPCError(from: error))
                    }
                }
            }
            outcome = .completed
        } catch let gone as CallerGone {
            outcome = .callerGone(gone.error)
        } catch {
            outcome = .failed(RPCError(from: error))
        }
        return BackendResult(index: index, received: received, elapsed: .now - start, outcome: outcome)
    }
}

/// How one backend call went.
struct BackendResult: Sendable {
    enum Outcome: Sendable {
        case completed
        /// The backend call failed.
        case failed(RPCError)
        /// Writing to the caller failed: the call is over for it.
        case callerGone(RPCError)
        /// The proxy cancelled it: another backend had failed, or the caller had left.
        case stopped
    }

    let index: Int
    let received: Int
    let elapsed: Duration
    var outcome: Outcome

    func summary(_ backend: FanOutProxy.Backend) -> String {
        let status: String
        switch outcome {
        case .completed: status = "OK"
        case .failed(let e): status = "\(e.code)"
        case .callerGone: status = "abandoned"
        case .stopped: status = "stopped"
        }
        return "\(backend.name) kind=\(backend.kind) strings=\(received) time=\(formatDuration(elapsed)) status=\(status)"
    }
}

/// Thrown out of a backend call's body when the proxy can no longer write to its caller.
struct CallerGone: Error {
    let error: RPCError
}

/// The merged response stream: drops strings already sent, and lets one backend task write at a time.
final class Merge: Sendable {
    private let writer: ResponseWriter<ListResponse>
    private let gate = AsyncGate()
    private let seen = Mutex<Set<String>>([])
    private let dropped = Atomic<Int>(0)

    init(writer: ResponseWriter<ListResponse>) {
        self.writer = writer
    }

    /// Strings dropped so far because an earlier message had them.
    var duplicates: Int { dropped.load(ordering: .relaxed) }

    /// Writes the strings of `message` not sent before (nothing if there are none); throws
    /// when the caller is gone.
    func forward(_ message: ListResponse) async throws {
        let fresh = seen.withLock { seen in message.strings.filter { seen.insert($0).inserted } }
        if fresh.count < message.strings.count {
            dropped.add(message.strings.count - fresh.count, ordering: .relaxed)
        }
        if fresh.isEmpty { return }
        var out = message
        if fresh.count < message.strings.count { out.strings = fresh }
        try await gate.withGate { try await writer.write(out) }
    }
}

/// `text` with anything outside printable ASCII replaced by `?` (metadata values allow no more).
func printable(_ text: String) -> String {
    String(decoding: text.utf8.map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
}

/// A duration as milliseconds with two decimals (`1.23ms`), or microseconds below 0.1 ms
/// (`87.5us`: ASCII, so that it can go in metadata).
public func formatDuration(_ d: Duration) -> String {
    let ns = Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) / 1e9
    if ns < 100_000 { return "\(rounded(ns / 1e3, 1))us" }
    return "\(rounded(ns / 1e6, 2))ms"
}

/// `x` with exactly `places` decimals.
public func rounded(_ x: Double, _ places: Int) -> String {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let v = (x * scale).rounded() / scale
    var s = "\(v)"
    if let dot = s.firstIndex(of: ".") {
        let decimals = s.distance(from: dot, to: s.endIndex) - 1
        if decimals < places { s += String(repeating: "0", count: places - decimals) }
    } else if places > 0 {
        s += "." + String(repeating: "0", count: places)
    }
    return s
}
