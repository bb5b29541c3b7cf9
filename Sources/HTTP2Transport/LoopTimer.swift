/// A re-armable timer on a loop (keepalive pings, the client idle timeout, a channel's
/// backoff): at most one firing pending. Loop-owned.
struct LoopTimer {
    private var id: UInt64?

    /// Runs `action` at `due` instead of any firing still pending; call `fired()` first thing
    /// in it.
    mutating func arm(on loop: EventLoop, at due: ContinuousClock.Instant, _ action: @escaping () -> Void) {
        stop(on: loop)
        id = loop.schedule(at: due, action)
    }

    /// The pending firing happened: nothing to cancel.
    mutating func fired() {
        id = nil
    }

    mutating func stop(on loop: EventLoop) {
        if let id { loop.cancelTimer(id) }
        id = nil
    }
}
