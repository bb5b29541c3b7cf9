// The server half of the process protocol (Benchmarks/README.md):
//
//   SERVER --tcp HOST:PORT | --unix PATH      (port 0: the system picks one)
//
// listens, prints exactly one line `READY <address>` on stdout (`127.0.0.1:PORT` with the real
// port, or the socket path), then serves until its stdin closes or it gets SIGTERM/SIGINT.

#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization

public enum ListenAddress: Sendable {
    case tcp(host: String, port: Int)
    case unix(path: String)

    public static let usage = "usage: SERVER --tcp HOST:PORT | --unix PATH"

    public static func parse(_ arguments: [String]) throws -> ListenAddress {
        guard arguments.count == 2 else { throw PeerError.usage(usage) }
        switch arguments[0] {
        case "--tcp":
            let text = arguments[1]
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
                port >= 0, port < 65536
            else { throw PeerError.usage("bad --tcp \(text): want HOST:PORT") }
            return .tcp(host: String(text[..<colon]), port: port)
        case "--unix":
            guard !arguments[1].isEmpty else { throw PeerError.usage(usage) }
            return .unix(path: arguments[1])
        default:
            throw PeerError.usage(usage)
        }
    }
}

public enum PeerServerMain {
    /// Prints `READY <address>` on stdout and flushes it.
    public static func announce(_ address: String) {
        var line = "READY \(address)\n"
        line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
    }

    /// Installs `exitOnTerminationSignals`, then returns when stdin reaches end-of-file.
    public static func waitForShutdown() async {
        exitOnTerminationSignals()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = OnceResume(continuation)
            DispatchQueue.global().async {
                var buffer = [UInt8](repeating: 0, count: 256)
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
                    if n > 0 { continue }
                    if n < 0 && errno == EINTR { continue }
                    break
                }
                once.resume()
            }
        }
    }

    /// SIGTERM and SIGINT end the process at once (exit status 0): a benchmark server holds
    /// nothing worth a graceful shutdown. run.sh removes the Unix socket file.
    public static func exitOnTerminationSignals() {
        signal(SIGTERM) { _ in _exit(0) }
        signal(SIGINT) { _ in _exit(0) }
    }
}
private final class OnceResume: Sendable {
    private let continuation: Mutex<CheckedContinuation<Void, Never>?>
    init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = Mutex(continuation) }
    func resume() { continuation.withLock { $0.take() }?.resume() }
}
