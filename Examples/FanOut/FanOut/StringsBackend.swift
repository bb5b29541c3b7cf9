import GRPCCore
import Synchronization

/// A ListStrings backend: `List` streams its strings, `perMessage` to a message. For tests and
/// demonstrations it can be told to fail or hang after some messages, and it logs every call
/// (metadata and deadline it saw, and how the call ended) in `log`.
public struct StringsBackend: ListStrings.ServiceProtocol {
    /// What a call does after `afterMessages` messages.
    public enum Behaviour: Sendable {
        /// Sends everything and ends with OK.
        case normal
        /// Fails the call with `error` after sending that many messages.
        case fail(afterMessages: Int, RPCError)
        /// Stops sending after that many messages and waits (an hour, or until cancelled).
        case hang(afterMessages: Int)
    }

    /// The strings every call sends, in order.
    public let strings: [String]
    /// Strings per `ListResponse`.
    public let perMessage: Int
    /// What each call does.
    public let behaviour: Behaviour
    /// Every call's record.
    public let log: BackendLog

    /// Creates a backend that sends `strings` in messages of `perMessage`.
    public init(strings: [String], perMessage: Int = 10, behaviour: Behaviour = .normal, log: BackendLog = BackendLog()) {
        self.strings = strings
        self.perMessage = max(1, perMessage)
        self.behaviour = behaviour
        self.log = log
    }

    public func list(request: ListRequest, response: ResponseWriter<ListResponse>, context: ServerContext) async throws {
        let id = log.started(metadata: context.requestMetadata, deadline: context.deadline)
        do {
            var sent = 0
            var start = 0
            while start < strings.count {
                try checkBehaviour(sent)
                if case .hang(let after) = behaviour, sent == after {
                    log.hanging(id)
                    try await Task.sleep(for: .seconds(3600))
                }
                let end = min(start + perMessage, strings.count)
                var message = ListResponse()
                message.strings = Array(strings[start..<end])
                try await response.write(message)
                sent += 1
                start = end
            }
            try checkBehaviour(sent)
            if case .hang(let after) = behaviour, sent <= after {
                log.hanging(id)
                try await Task.sleep(for: .seconds(3600))
            }
            log.ended(id, .completed)
        } catch {
            log.ended(id, Task.isCancelled ? .cancelled : .failed(RPCError(from: error)))
            throw error
        }
    }

    private func checkBehaviour(_ sent: Int) throws {
        if case .fail(let after, let error) = behaviour, sent == after { throw error }
    }
}

/// What a backend saw of its calls.
public final class BackendLog: Sendable {
    /// How a call ended on the backend's side.
    public enum Outcome: Sendable, Equatable {
        /// It sent everything.
        case completed
        /// Its task was cancelled (the caller went away, or its deadline passed).
        case cancelled
        /// It ended with this error without being cancelled.
        case failed(RPCError)
    }

    /// One call.
    public struct Call: Sendable {
        /// The request metadata the handler saw.
        public var metadata: Metadata
        /// The deadline the handler saw.
        public var deadline: ContinuousClock.Instant?
        /// Whether it stopped sending to wait.
        public var hung = false
        /// How it ended; nil while it runs.
        public var outcome: Outcome?
    }

    private let calls = Mutex<[Call]>([])

    /// Creates an empty log.
    public init() {}

    /// Every call so far, in the order they started.
    public var snapshot: [Call] { calls.withLock { $0 } }

    func started(metadata: Metadata, deadline: ContinuousClock.Instant?) -> Int {
        calls.withLock { calls in
            calls.append(Call(metadata: metadata, deadline: deadline))
            return calls.count - 1
        }
    }

    func hanging(_ id: Int) {
        calls.withLock { $0[id].hung = true }
    }

    func ended(_ id: Int, _ outcome: Outcome) {
        calls.withLock { $0[id].outcome = outcome }
    }
}
