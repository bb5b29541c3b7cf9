/// Closes a client connection that has had no call for `timeout` (the client idle timeout of
/// C-core and grpc-go, 30 minutes by default): the channel goes idle and connects again on its
/// next call, so a process holding channels to many servers does not keep a socket open to
/// each forever. One timer per connection, re-armed for what is left when it fires: a call's
/// end only stores an instant (`ClientConnection.idleSince`). Loop-owned.
final class ClientIdleTimer {
    /// The shortest timeout used: a busy connection re-arms the timer every `timeout`, so a
    /// zero timeout would spin the loop.
    static let minimumTimeout = Duration.milliseconds(10)

    private unowned let connection: ClientConnection
    let timeout: Duration
    private var timer: UInt64?

    init(connection: ClientConnection, timeout: Duration) {
        self.connection = connection
        self.timeout = max(timeout, Self.minimumTimeout)
    }

    func start() {
        arm(at: .now + timeout)
    }

    func stop() {
        if let timer { connection.loop.cancelTimer(timer) }
        timer = nil
    }

    private func arm(at due: ContinuousClock.Instant) {
        timer = connection.loop.schedule(at: due) { [weak self] in self?.fire() }
    }

    private func fire() {
        timer = nil
        guard !connection.isClosed else { return }
        guard let since = connection.idleSince else { return arm(at: .now + timeout) }
        let due = since + timeout
        if ContinuousClock.now < due { return arm(at: due) }
        connection.manager.connectionIdle(connection)
    }
}
