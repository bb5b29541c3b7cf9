// A grpc-mini server with health checking and reflection over HTTP/2: a small
// grpc.testing.TestService, grpc.health.v1.Health and grpc.reflection.v1/v1alpha.
//
//   health-reflection-demo [--listen HOST:PORT] [--drain-ms N]
//
// It prints "listening on HOST:PORT" once bound. SIGTERM or SIGINT starts a graceful shutdown:
// every health status turns NOT_SERVING at once, and the server stops --drain-ms later (default
// 1000), so load balancers and watchers see it before the connections close.
// Lines on standard input change health statuses while it runs (each is answered "ok ..."):
//   set SERVING|NOT_SERVING|UNKNOWN [SERVICE]   (no SERVICE: the whole server, "")
//   clear SERVICE
//   shutdown                                     (as SIGTERM)
import Dispatch
import GRPCCore
import GRPCHealth
import GRPCInteropProtos
import GRPCReflection
import Glibc
import HTTP2Transport
import Synchronization

func fail(_ message: String) -> Never {
    FileHandleOutput.error("health-reflection-demo: \(message)")
    exit(2)
}

/// A flag set once, from any thread.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    /// Sets the flag; true only for the first caller.
    func setOnce() -> Bool { !value.exchange(true, ordering: .relaxed) }
}

/// Whole lines straight to file descriptors 1 and 2: no stdio buffer to flush (flushing every
/// stdio stream would wait for the lock that the stdin reader holds while it waits for input).
enum FileHandleOutput {
    static func line(_ text: String) { write(text, to: STDOUT_FILENO) }
    static func error(_ text: String) { write(text, to: STDERR_FILENO) }

    private static func write(_ text: String, to fd: Int32) {
        var message = text + "\n"
        message.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(fd, base + offset, bytes.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }
}

@main
enum HealthReflectionDemo {
    /// Runs off the main actor: signal and stdin handlers call in from dispatch threads.
    nonisolated static func main() async throws {
        var listen = SocketAddress.tcp(host: "0.0.0.0", port: 50051)
        var drainMilliseconds = 1000
        var args = CommandLine.arguments.dropFirst()
        while let arg = args.popFirst() {
            switch arg {
            case "--listen":
                guard let v = args.popFirst(), let a = SocketAddress(v) else { fail("--listen needs HOST:PORT or unix:PATH") }
                listen = a
            case "--drain-ms":
                guard let v = args.popFirst(), let n = Int(v), n >= 0 else { fail("--drain-ms needs a number") }
                drainMilliseconds = n
            default:
                fail("unknown argument \(arg)")
            }
        }

        let drain = drainMilliseconds
        // Health: one line to make, one entry in the services list.
        let health = HealthService()
        health.setStatus(.serving, for: Grpc_Testing_TestService.serviceName)
        // Reflection: one line, naming the services to list and the descriptors that describe them.
        let reflection = try ReflectionService(
            services: [Grpc_Testing_TestService.serviceName, Grpc_Health_V1_Health.serviceName],
            files: [Grpc_Testing_TestService.fileDescriptor, HealthService.fileDescriptor])

        let server = HTTP2Server(Server(services: [DemoTestService(), health, reflection]), addresses: [listen])
        let serving = Task {
            try await server.run { bound in FileHandleOutput.line("listening on \(bound[0])") }
        }

        let shuttingDown = Flag()
        /// Graceful shutdown: NOT_SERVING first, then stop after the drain period.
        let shutDown: @Sendable (String) -> Void = { why in
            guard shuttingDown.setOnce() else { return }
            health.enterShutdown()
            FileHandleOutput.line("shutting down (\(why)): every health status is NOT_SERVING; stopping in \(drain) ms")
            Task {
                try? await Task.sleep(for: .milliseconds(drain))
                serving.cancel()
            }
        }

        let signalQueue = DispatchQueue(label: "signals")
        var signalSources: [any DispatchSourceSignal] = []
        defer { for s in signalSources { s.cancel() } }
        for sig in [SIGTERM, SIGINT] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: signalQueue)
            source.setEventHandler { @Sendable in shutDown(sig == SIGTERM ? "SIGTERM" : "SIGINT") }
            source.resume()
            signalSources.append(source)
        }

        DispatchQueue(label: "stdin").async { @Sendable in
            while let line = readLine() {
                let words = line.split(separator: " ").map(String.init)
                switch words.first {
                case "set" where words.count == 2 || words.count == 3:
                    let status: HealthService.Status
                    switch words[1] {
                    case "SERVING": status = .serving
                    case "NOT_SERVING": status = .notServing
                    case "UNKNOWN": status = .unknown
                    default:
                        FileHandleOutput.line("error: unknown status \(words[1])")
                        continue
                    }
                    health.setStatus(status, for: words.count == 3 ? words[2] : "")
                case "clear" where words.count == 2:
                    health.clearStatus(for: words[1])
                case "shutdown" where words.count == 1:
                    shutDown("asked on standard input")
                default:
                    FileHandleOutput.line("error: unknown command \(line)")
                    continue
                }
                FileHandleOutput.line("ok \(line)")
            }
        }

        do {
            try await serving.value
            FileHandleOutput.line("stopped")
        } catch {
            fail("\(error)")
        }
    }
}
