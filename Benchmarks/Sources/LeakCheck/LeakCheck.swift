// Memory check for the in-process channel: rounds of 100,000 calls that end badly (cancelled
// mid-stream, abandoned by a throwing consumer, timed out). After each round it prints the
// resident memory and the live stream count. Exits 1 if streams stay alive, or if memory
// keeps growing after the first round (which warms malloc's caches).
//
//   swift run -c release --package-path Benchmarks LeakCheck [rounds]

import GRPCCore
import Glibc
import InProcTransport

let stream = RPCMethod<String, String>(
    MethodDescriptor(service: "leak.Check", method: "Stream", kind: .serverStreaming),
    requestCodec: .text, responseCodec: .text)
let slow = RPCMethod<String, String>(
    MethodDescriptor(service: "leak.Check", method: "Slow", kind: .unary),
    requestCodec: .text, responseCodec: .text)

extension Codec where Message == String {
    static var text: Codec<String> {
        Codec(serialize: { Array($0.utf8) }, deserialize: { String(decoding: $0, as: UTF8.self) },
              encodedSize: { $0.utf8.count })
    }
}

struct Service: RegistrableService {
    func register(with router: inout Router) {
        router.register(stream, serverStreaming: { request, writer, _ in
            while true { try await writer.write(request) }
        })
        router.register(slow, unary: { request, _ in
            // Not Task.sleep: on Swift 6.3 for Linux a cancelled Task.sleep keeps ~700 bytes
            // until it was due, which would be measured here instead of grpc-mini.
            _ = await DeadlineTimer.shared.sleep(until: .now + .seconds(60))
            try Task.checkCancellation()
            return request
        })
    }
}

struct Stop: Error {}

/// Restricts every call to one kind (0 cancelled, 1 abandoned, 2 timed out), for diagnosis.
let onlyKind: Int? = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) : nil

/// Resident set size in KiB, from /proc/self/status.
func residentKiB() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return -1 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(cString: line)
        if text.hasPrefix("VmRSS:") {
            return Int(text.dropFirst(6).trimmingCharacters(in: " \tkB\n")) ?? -1
        }
    }
    return -1
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}

nonisolated func round(_ client: Client, calls: Int) async throws {
    let width = 50
    try await withThrowingTaskGroup(of: Void.self) { group in
        for lane in 0..<width {
            group.addTask {
                for i in stride(from: lane, to: calls, by: width) {
                    switch onlyKind ?? (i % 3) {
                    case 0:
                        _ = try await client.serverStreaming("x", method: stream) { response in
                            var it = response.messages.makeAsyncIterator()
                            _ = try await it.next()
                            return try await it.next()
                        }
                    case 1:
                        do {
                            try await client.serverStreaming("x", method: stream) { response in
                                for try await _ in response.messages { throw Stop() }
                            }
                        } catch is Stop {}
                    default:
                        do {
                            _ = try await client.unary("x", method: slow, options: CallOptions(timeout: .microseconds(200)))
                        } catch let e as RPCError where e.code == .deadlineExceeded {}
                    }
                }
            }
        }
        try await group.waitForAll()
    }
}

@main
struct LeakCheck {
    static func main() async throws {
        try await Task.detached { try await run() }.value
    }

    nonisolated static func run() async throws {
        let rounds = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 5
        let client = Client(channel: InProcessChannel(server: Server(services: [Service()])))
        var sizes: [Int] = []
        print("before: rss \(residentKiB()) KiB, live streams \(StreamQueue<String>.alive)")
        for r in 1...rounds {
            let start = ContinuousClock.now
            try await round(client, calls: 100_000)
            let rss = residentKiB()
            sizes.append(rss)
            print("round \(r): 100000 calls in \(ContinuousClock.now - start), rss \(rss) KiB, live streams \(StreamQueue<String>.alive)")
        }
        var failed = false
        if StreamQueue<String>.alive != 0 {
            print("FAIL: \(StreamQueue<String>.alive) streams still alive")
            failed = true
        }
        if let first = sizes.first, let last = sizes.last, sizes.count > 1, last > first + first / 10 {
            print("FAIL: memory grew from \(first) KiB after round 1 to \(last) KiB after round \(sizes.count)")
            failed = true
        }
        print(failed ? "leak check failed" : "leak check passed: no stream alive, memory flat after round 1")
        exit(failed ? 1 : 0)
    }
}
