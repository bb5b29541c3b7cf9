import CNGHTTP2
import GRPCCore

/// Pings a connection whose peer has been silent for `time` and closes it when nothing at all
/// arrives within `timeout` of the ping (grpc-go's rule: any byte read proves the peer alive).
/// One timer per connection, re-armed for what is left when it fires: reads only store an
/// instant (`HTTP2Connection.lastRead`). While a ping is out, the timer looks every `time` at
/// most (as grpc-go does), so an answered ping is followed by the next one `time` later, not
/// `timeout` later. Loop-owned.
final class KeepalivePinger {
    /// The payload of keepalive pings ("keepaliv"); acks need not match it, any read counts.
    static let payload: HTTP2Connection.PingPayload = (0x6B, 0x65, 0x65, 0x70, 0x61, 0x6C, 0x69, 0x76)

    /// The shortest `time` used: while a ping is out the timer looks every `time`, so a zero
    /// `time` would spin the loop until the answer came.
    static let minimumTime = Duration.milliseconds(10)

    private unowned let connection: HTTP2Connection
    let time: Duration
    let timeout: Duration
    /// Whether a ping may go out now (the client's "calls open or permitted without calls").
    private let mayPing: () -> Bool
    /// The peer did not answer in time.
    private let timedOut: () -> Void
    private var timer = LoopTimer()
    /// When the unanswered ping went out.
    private var pingSent: ContinuousClock.Instant?

    init(connection: HTTP2Connection, time: Duration, timeout: Duration,
         mayPing: @escaping () -> Bool, timedOut: @escaping () -> Void)
    {
        self.connection = connection
        self.time = max(time, Self.minimumTime)
        self.timeout = timeout
        self.mayPing = mayPing
        self.timedOut = timedOut
    }

    /// Starts watching: the first ping goes out `time` after the last read.
    func start() {
        connection.tracksReads = true
        arm(at: connection.lastRead + time)
    }

    func stop() {
        timer.stop(on: connection.loop)
    }

    private func arm(at due: ContinuousClock.Instant) {
        timer.arm(on: connection.loop, at: due) { [weak self] in self?.fire() }
    }

    private func fire() {
        timer.fired()
        guard !connection.isClosed, connection.session != nil else { return }
        let now = ContinuousClock.now
        if let sent = pingSent {
            if connection.lastRead > sent {
                pingSent = nil
            } else if now < sent + timeout {
                return arm(at: min(sent + timeout, now + time))
            } else {
                return timedOut()
            }
        }
        let due = connection.lastRead + time
        if now < due { return arm(at: due) }
        // Dormant (no calls): look again a `time` later rather than watch calls start.
        guard mayPing() else { return arm(at: now + time) }
        connection.sendPing(Self.payload)
        pingSent = now
        arm(at: min(now + timeout, now + time))
    }
}
