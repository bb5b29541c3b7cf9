import GRPCCore
import GRPCInteropProtos
import HTTP2Transport
#if canImport(Glibc)
import Glibc
#endif

/// The grpc-mini interop client: `--server_host=H --server_port=P --test_case=NAME
/// --use_tls=false`, or `--unix_socket=PATH` instead of host and port. `--test_case=all` runs
/// every case; `--list` prints the case names. Exits 0 when every case run passed.
@main
struct InteropClient {
    static func main() async {
        var host = "localhost"
        var port: Int? = nil
        var unixPath: String? = nil
        var testCase: String? = nil
        for argument in CommandLine.arguments.dropFirst() {
            let (name, value) = split(argument)
            switch name {
            case "--server_host": host = value
            case "--server_host_override": break  // only for TLS, which is not supported
            case "--server_port":
                guard let p = Int(value), (1...65535).contains(p) else { fail("bad --server_port \(value)") }
                port = p
            case "--unix_socket": unixPath = value
            case "--test_case": testCase = value
            case "--use_tls":
                guard value == "false" else { fail("TLS is not supported: --use_tls must be false") }
            case "--list":
                for c in InteropCases.all { print(c.name) }
                exit(0)
            default: fail("unknown flag \(argument)")
            }
        }
        let target: SocketAddress
        if let unixPath {
            target = .unix(path: unixPath)
        } else if let port {
            target = .tcp(host: host, port: port)
        } else {
            fail("give --server_port (with --server_host) or --unix_socket")
        }
        guard let testCase else { fail("give --test_case (a name, or all)") }
        let selected = testCase == "all" ? InteropCases.all : InteropCases.all.filter { $0.name == testCase }
        if selected.isEmpty { fail("unknown test case \(testCase)") }
        let failed = await run(selected, target: target)
        exit(failed == 0 ? 0 : 1)
    }

    nonisolated static func run(_ cases: [InteropCase], target: SocketAddress) async -> Int {
        var failed = 0
        for c in cases {
            // A channel per case, as C-core's interop client makes one per invocation.
            let channel = HTTP2Channel(target: target)
            let context = InteropCases(channel: channel)
            let start = ContinuousClock.now
            do {
                try await c.run(context)
                print("PASS \(c.name) (\(milliseconds(ContinuousClock.now - start)) ms)")
            } catch {
                failed += 1
                print("FAIL \(c.name): \(error)")
            }
            channel.close()
        }
        fflush(nil)
        return failed
    }

    /// A duration in milliseconds with one decimal.
    static func milliseconds(_ d: Duration) -> String {
        let tenths = (d.components.seconds * 1_000_000_000_000_000_000 + d.components.attoseconds) / 100_000_000_000_000
        return "\(tenths / 10).\(tenths % 10)"
    }

    static func split(_ argument: String) -> (String, String) {
        guard let eq = argument.firstIndex(of: "=") else { return (argument, "") }
        return (String(argument[..<eq]), String(argument[argument.index(after: eq)...]))
    }

    static func fail(_ message: String) -> Never {
        let line = "interop-client: \(message)\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        exit(2)
    }
}
