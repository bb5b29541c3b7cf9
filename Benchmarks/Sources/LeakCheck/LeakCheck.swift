// Memory check: rounds of 100,000 calls (or --calls N) that end badly (cancelled mid-stream, abandoned by a
// throwing consumer, timed out), in-process or over HTTP/2 (a server and a channel in this
// process, on a Unix socket). After each round it prints the resident memory, the heap bytes in
// use (glibc mallinfo2), the live stream count, running handlers, the messages the streaming
// handlers wrote and open file descriptors. Exits 1 if streams, handlers or descriptors stay
// behind, or if the heap in use grows after the first round (which warms caches) by more than
// 10% + 1 MiB. RSS is printed but not judged: glibc keeps freed memory in per-thread arenas,
// and how much it keeps moves by megabytes from round to round over HTTP/2.
//
//   swift run -c release --package-path Benchmarks LeakCheck [rounds] [--http2] [--calls N] [--kind 0|1|2]

import CMallocCounter
import GRPCCore
import Glibc
import HTTP2Transport
import InProcTransport
import Synchronization

/// Handlers running now.
let liveHandlers = Atomic<Int>(0)
/// Messages the streaming handlers have written.
let messagesWritten = Atomic<Int>(0)

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
            liveHandlers.add(1, ordering: .relaxed)
            defer { liveHandlers.subtract(1, ordering: .relaxed) }
            while true {
                try await writer.write(request)
                messagesWritten.add(1, ordering: .relaxed)
            }
        })
        router.register(slow, unary: { request, _ in
            liveHandlers.add(1, ordering: .relaxed)
            defer { liveHandlers.subtract(1, ordering: .relaxed) }
            // Not Task.sleep: on Swift 6.3 for Linux a cancelled Task.sleep keeps ~700 bytes
            // until it was due, which would be measured here instead of grpc-mini.
            _ = await DeadlineTimer.shared.sleep(until: .now + .seconds(60))
            try Task.checkCancellation()
            return request
        })
    }
}

struct Stop: Error {}

let arguments = Array(CommandLine.arguments.dropFirst())
/// Restricts every call to one kind (0 cancelled, 1 abandoned, 2 timed out), for diagnosis.
let onlyKind: Int? = arguments.firstIndex(of: "--kind").flatMap { $0 + 1 < arguments.count ? Int(arguments[$0 + 1]) : nil }
/// Calls go over HTTP/2 instead of in-process.
let overHTTP2 = arguments.contains("--http2")
/// Calls per round (100,000 unless `--calls N`).
let callsPerRound = arguments.firstIndex(of: "--calls").flatMap { $0 + 1 < arguments.count ? Int(arguments[$0 + 1]) : nil } ?? 100_000

/// Open file descriptors of this process.
func openDescriptors() -> Int {
    guard let dir = opendir("/proc/self/fd") else { return -1 }
    defer { closedir(dir) }
    var count = 0
    while readdir(dir) != nil { count += 1 }
    return count - 3  // ".", "..", and the directory's own descriptor
}

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

/// Heap bytes in use now (glibc `mallinfo2`, every arena), in KiB: what a leak grows. RSS also
/// moves with how glibc keeps freed memory in its per-thread arenas, which varies by round.
func heapInUseKiB() -> Int {
    Int(bench_heap_in_use()) / 1024
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
                            // Over HTTP/2 a 200 µs deadline mostly passes before the request leaves.
                            let timeout: Duration = overHTTP2 ? .milliseconds(2) : .microseconds(200)
                            _ = try await client.unary("x", method: slow, options: CallOptions(timeout: timeout))
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
        let rounds = Int(arguments.first ?? "") ?? 5
        let server = Server(services: [Service()])
        if !overHTTP2 {
            return try await check(Client(channel: InProcessChannel(server: server)), rounds: rounds)
        }
        let path = "/tmp/grpc-mini-leakcheck-\(getpid()).sock"
        // Every call here ends in a reset: far past the rapid-reset defence's default budget.
        var configuration = HTTP2Server.Configuration()
        configuration.streamResetLimit = .init(burst: 1_000_000, perSecond: 1_000_000)
        try await HTTP2Server(server, addresses: [.unix(path: path)], configuration: configuration).serve { bound in
            let channel = HTTP2Channel(target: bound[0])
            defer { channel.close() }
            try await check(Client(channel: channel), rounds: rounds)
        }
    }

    nonisolated static func check(_ client: Client, rounds: Int) async throws {
        var sizes: [Int] = []
        var descriptors: [Int] = []
        print("\(overHTTP2 ? "HTTP/2 (unix socket)" : "in-process"): before: rss \(residentKiB()) KiB, heap in use \(heapInUseKiB()) KiB, live streams \(StreamQueue<String>.alive), fds \(openDescriptors())")
        for r in 1...rounds {
            let start = ContinuousClock.now
            try await round(client, calls: callsPerRound)
            // Handlers cancelled at the end of a call finish a moment later.
            let settle = ContinuousClock.now + .seconds(5)
            while (liveHandlers.load(ordering: .relaxed) != 0 || StreamQueue<String>.alive != 0 || HTTP2Server.streamsAlive != 0)
                && ContinuousClock.now < settle {
                try await Task.sleep(for: .milliseconds(10))
            }
            let rss = residentKiB()
            let heap = heapInUseKiB()
            sizes.append(heap)
            descriptors.append(openDescriptors())
            print("round \(r): \(callsPerRound) calls in \(ContinuousClock.now - start), rss \(rss) KiB, heap in use \(heap) KiB, live streams \(StreamQueue<String>.alive), server streams \(HTTP2Server.streamsAlive), handlers \(liveHandlers.load(ordering: .relaxed)), messages written \(messagesWritten.exchange(0, ordering: .relaxed)), fds \(descriptors.last!)")
        }
        var failed = false
        if StreamQueue<String>.alive != 0 {
            print("FAIL: \(StreamQueue<String>.alive) streams still alive")
            failed = true
        }
        if HTTP2Server.streamsAlive != 0 {
            print("FAIL: \(HTTP2Server.streamsAlive) server streams still alive")
            failed = true
        }
        if liveHandlers.load(ordering: .relaxed) != 0 {
            print("FAIL: \(liveHandlers.load(ordering: .relaxed)) handlers still running")
            failed = true
        }
        // Round 1 warms up (lazily opened descriptors, malloc's caches): compare the rest with it.
        if descriptors.count > 1, descriptors.dropFirst().contains(where: { $0 != descriptors[1] }) {
            print("FAIL: open descriptors changed between rounds: \(descriptors)")
            failed = true
        }
        // Slack for what moves without leaking (allocator and task caches, buffers' capacity):
        // up to about 0.9 MiB between rounds of 3,000 calls over HTTP/2 (738 -> 1,664 KiB, then
        // down again). A leak of 100 bytes a call is 10 MB a round of 100,000 calls; short
        // rounds only catch larger leaks, and the check says how large.
        if let first = sizes.first, let last = sizes.last, sizes.count > 1 {
            let slack = first / 10 + 1024
            print("heap check: a leak of \(slack * 1024 / callsPerRound + 1) bytes a call or more would fail it")
            if last > first + slack {
                print("FAIL: heap in use grew from \(first) KiB after round 1 to \(last) KiB after round \(sizes.count)")
                failed = true
            }
        }
        print(failed ? "leak check failed" : "leak check passed: no stream, handler or descriptor left, heap in use flat after round 1")
        exit(failed ? 1 : 0)
    }
}
