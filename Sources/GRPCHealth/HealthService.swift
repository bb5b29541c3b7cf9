import GRPCCore
import ProtoWire
import Synchronization

/// `grpc.health.v1.Health`: the serving status of each service, as the application sets it, for
/// load balancers and probes. Add it to a server like any service: `Server(services: [..., health])`.
///
/// The whole server is the service named "" and starts SERVING; other names are unknown until a
/// status is set. `Check` of an unknown name fails with NOT_FOUND; `Watch` of one sends
/// SERVICE_UNKNOWN and then every later change. `enterShutdown()` turns every status to
/// NOT_SERVING for good, so balancers drain the server before it stops.
public final class HealthService: Grpc_Health_V1_Health.ServiceProtocol, Sendable {
    /// A serving status (UNKNOWN, SERVING, NOT_SERVING; SERVICE_UNKNOWN is only sent by `Watch`).
    public typealias Status = Grpc_Health_V1_HealthCheckResponse.ServingStatus

    private struct Watcher {
        let service: String
        let continuation: AsyncStream<Status>.Continuation
    }

    private struct State {
        var statuses: [String: Status] = ["": .serving]
        var watchers: [Int: Watcher] = [:]
        var nextWatcher = 0
        var shuttingDown = false
    }

    private let state = Mutex(State())

    /// A health service where the whole server ("") is SERVING and no other service is known.
    public init() {}

    /// health.proto with its imports, for a reflection service.
    public static var fileDescriptor: ProtoFileDescriptor { Grpc_Health_V1_Health.fileDescriptor }

    /// Sets the status of `service` ("" is the whole server) and tells its watchers. After
    /// `enterShutdown()` it does nothing: the server stays NOT_SERVING until it stops.
    public func setStatus(_ status: Status, for service: String) {
        update { s in
            guard !s.shuttingDown else { return [] }
            s.statuses[service] = status
            return [service]
        }
    }

    /// Forgets `service`: `Check` answers NOT_FOUND again, watchers get SERVICE_UNKNOWN.
    public func clearStatus(for service: String) {
        update { s in
            guard !s.shuttingDown, s.statuses.removeValue(forKey: service) != nil else { return [] }
            return [service]
        }
    }

    /// Sets every known status to NOT_SERVING and ignores later changes: call it when the server
    /// starts to shut down, then give clients a moment to see it before the server stops.
    public func enterShutdown() {
        update { s in
            s.shuttingDown = true
            for key in s.statuses.keys { s.statuses[key] = .notServing }
            return Array(s.statuses.keys)
        }
    }

    /// The status `Check` would answer for `service`, nil when it is unknown.
    public func status(of service: String) -> Status? {
        state.withLock { $0.statuses[service] }
    }

    /// How many `Watch` calls are open.
    public var watcherCount: Int {
        state.withLock { $0.watchers.count }
    }

    /// Applies `change` (which names the services it changed) and tells their watchers.
    private func update(_ change: (inout State) -> [String]) {
        state.withLock { s in
            let changed = Set(change(&s))
            guard !changed.isEmpty else { return }
            for w in s.watchers.values where changed.contains(w.service) {
                // Yielding to a stream is non-blocking; under the lock it keeps updates in order.
                w.continuation.yield(s.statuses[w.service] ?? .serviceUnknown)
            }
        }
    }

    /// Answers the status of `request.service`; NOT_FOUND when it is unknown.
    public func check(
        request: Grpc_Health_V1_HealthCheckRequest, context: ServerContext
    ) async throws -> Grpc_Health_V1_HealthCheckResponse {
        guard let status = status(of: request.service) else {
            throw RPCError(.notFound, "unknown service \(request.service)")
        }
        return .with { $0.status = status }
    }

    /// Sends the status of `request.service` (SERVICE_UNKNOWN when unknown), then each change,
    /// until the call ends.
    public func watch(
        request: Grpc_Health_V1_HealthCheckRequest, response: ResponseWriter<Grpc_Health_V1_HealthCheckResponse>,
        context: ServerContext
    ) async throws {
        // Only the newest status matters to a watcher that fell behind.
        let (updates, continuation) = AsyncStream.makeStream(of: Status.self, bufferingPolicy: .bufferingNewest(1))
        let (id, current) = state.withLock { s in
            let id = s.nextWatcher
            s.nextWatcher += 1
            s.watchers[id] = Watcher(service: request.service, continuation: continuation)
            return (id, s.statuses[request.service] ?? .serviceUnknown)
        }
        defer { state.withLock { $0.watchers.removeValue(forKey: id) }?.continuation.finish() }
        var sent = current
        try await response.write(.with { $0.status = current })
        // Ends when the call is cancelled (the client left or the server stops).
        for await status in updates where status != sent {
            sent = status
            try await response.write(.with { $0.status = status })
        }
    }
}
