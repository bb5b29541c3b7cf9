#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The last SIGINT or SIGTERM received (0: none); written by the signal handler.
private let pendingSignal = Atomic<Int32>(0)

/// SIGINT and SIGTERM as events a server waits for, so that it stops cleanly (closing its
/// connections and removing its Unix socket file) instead of dying where it stands.
///
/// A handler only records the signal; `next` polls for it. (Blocking the signals and taking them
/// with `sigtimedwait` does not work here: threads that the Swift runtime starts before `main`
/// runs do not block them, and the kernel delivers to those.)
enum StopSignals {
    /// Installs the handlers: from now on SIGINT and SIGTERM no longer end the process.
    static func install() {
        _ = pendingSignal.load(ordering: .relaxed)  // initialized before a handler can touch it
        signal(SIGINT) { pendingSignal.store($0, ordering: .relaxed) }
        signal(SIGTERM) { pendingSignal.store($0, ordering: .relaxed) }
    }

    /// Waits for SIGINT or SIGTERM (polling every 50 ms); nil if the task is cancelled first.
    static func next() async -> Int32? {
        while true {
            let signal = pendingSignal.exchange(0, ordering: .relaxed)
            if signal != 0 { return signal }
            do { try await Task.sleep(for: .milliseconds(50)) } catch { return nil }
        }
    }
}
