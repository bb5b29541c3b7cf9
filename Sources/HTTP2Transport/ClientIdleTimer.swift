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
    private var timer = LoopTimer()

    init(connection: ClientConnection, timeout: Duration) {
        self.connection = connection
        self.timeout = max(timeout, Self.minimumTimeout)
    }

    func start() {
        check(after: .now)
    }

    func stop() {
        timer.stop(on: connection.loop)
    }

    /// Looks again `timeout` after `instant`: closes the connection if it has had no call since.
    private func check(after instant: ContinuousClock.Instant) {
        timer.arm(on: connection.loop, at: instant + timeout) { [weak self] in
            guard let self else { return }
            timer.fired()
            guard !connection.isClosed else { return }
            guard let since = connection.idleSince else { return check(after: .now) }
            if ContinuousClock.now < since + timeout { return check(after: since) }
            connection.manager.connectionIdle(connection)
        }
    }
}
