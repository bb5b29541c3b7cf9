// Encode and decode speed of grpc-mini's generated messages against swift-protobuf 1.39 on the
// same .proto messages, plus a row that only copies each message's encoded bytes.
//
//   swift run -c release --package-path Benchmarks CodecBench [--samples N] [--filter S]
//
// The two runtimes' samples are interleaved, so their ratio holds up on a busy machine better
// than their absolute times do.

import CMallocCounter
import Foundation
import GRPCInteropProtos
import ProtoWire
import SwiftProtobuf
import SwiftProtobufMessages

/// One benchmark case: the same message in both runtimes.
struct Case {
    let name: String
    let encodedSize: Int
    let copy: () -> Int
    let miniEncode: () -> Int
    let miniDecode: () throws -> Int
    let spEncode: () throws -> Int
    let spDecode: () throws -> Int
}

/// Builds a case from a grpc-mini message and the swift-protobuf message with the same bytes.
func makeCase<M: ProtoWire.ProtoMessage, S: SwiftProtobuf.Message & Equatable>(_ name: String, _ mini: M, _ sp: S) throws -> Case {
    let bytes = mini.serializedBytes()
    let spBytes: [UInt8] = try sp.serializedBytes()
    let miniFromSP = try M(serializedBytes: spBytes)
    let spFromMini = try S(serializedBytes: bytes)
    precondition(miniFromSP == mini && spFromMini == sp, "\(name): the two runtimes' messages differ")
    return Case(
        name: name, encodedSize: bytes.count,
        // Copied with ByteCopy, as ProtoWire copies: a plain memcpy here took 131-154 µs for
        // 256 KiB in two runs of three (glibc's slow distance on this CPU, ByteCopy.swift).
        copy: {
            [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, count in
                bytes.withUnsafeBytes { source in
                    if let to = buffer.baseAddress, let from = source.baseAddress {
                        ByteCopy.copy(to: to, from: from, count: source.count)
                    }
                }
                count = bytes.count
            }.count
        },
        miniEncode: { mini.serializedBytes().count },
        miniDecode: { try M(serializedBytes: bytes).unknownFields.count },
        spEncode: { try (sp.serializedBytes() as [UInt8]).count },
        spDecode: { try S(serializedBytes: bytes).unknownFields.data.count })
}

func strings(_ n: Int) -> [String] {
    Array(repeating: "1pjpwqp23-wqwpqj--jwfewpjfpwjfq0jJWQIFnI230NInp@#(lfpsakon[]la,','-K-21J1J3RJFmx/,mx?wpjfjpw1-)DSPL!", count: n)
}

func cases() throws -> [Case] {
    var result: [Case] = []
    for n in [1, 100] {
        var mini = ListResponse()
        mini.strings = strings(n)
        var sp = SwiftProtobufMessages.ListResponse()
        sp.strings = strings(n)
        result.append(try makeCase("ListResponse \(n) string\(n == 1 ? "" : "s")", mini, sp))
    }
    for size in [1024, 256 * 1024] {
        let body = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var mini = GRPCInteropProtos.Grpc_Testing_SimpleRequest()
        mini.responseType = .compressable
        mini.responseSize = Int32(size)
        mini.payload.body = body
        mini.fillUsername = true
        var sp = SwiftProtobufMessages.Grpc_Testing_SimpleRequest()
        sp.responseType = .compressable
        sp.responseSize = Int32(size)
        sp.payload.body = Data(body)
        sp.fillUsername = true
        result.append(try makeCase("SimpleRequest \(size / 1024) KiB", mini, sp))
    }
    var mini = Codecbench_Mixed()
    var sp = SwiftProtobufMessages.Codecbench_Mixed()
    mini.id = 123_456
    sp.id = 123_456
    mini.timestamp = 1_700_000_000_123
    sp.timestamp = 1_700_000_000_123
    mini.name = "a mixed message name"
    sp.name = "a mixed message name"
    mini.active = true
    sp.active = true
    mini.score = 98.6
    sp.score = 98.6
    mini.flags = 0xDEAD_BEEF
    sp.flags = 0xDEAD_BEEF
    mini.token = Array(0..<16)
    sp.token = Data(0..<16)
    mini.kind = .b
    sp.kind = .b
    mini.inner.label = "inner"
    sp.inner.label = "inner"
    mini.inner.count = 42
    sp.inner.count = 42
    mini.values = Array(0..<10).map { Int32($0 * 1000) }
    sp.values = Array(0..<10).map { Int32($0 * 1000) }
    mini.tags = ["alpha", "beta", "gamma", "delta", "epsilon"]
    sp.tags = ["alpha", "beta", "gamma", "delta", "epsilon"]
    for (i, k) in ["one", "two", "three", "four"].enumerated() {
        mini.counts[k] = Int32(i)
        sp.counts[k] = Int32(i)
    }
    mini.delta = -77
    sp.delta = -77
    result.append(try makeCase("Mixed (13 fields)", mini, sp))
    return result
}

/// A sink the optimizer cannot see through.
nonisolated(unsafe) var sink = 0

/// Median ns per call and mallocs per call of each of `ops`. The ops' samples are interleaved
/// (one sample of each in turn), so load from elsewhere on the machine hits them all alike.
func measure(samples: Int, _ ops: [() throws -> Int]) throws -> [(ns: Double, allocs: Double)] {
    let clock = ContinuousClock()
    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    var iterations: [Int] = []
    for op in ops {
        var n = 1
        while true {
            let start = clock.now
            for _ in 0..<n { sink &+= try op() }
            let elapsed = seconds(clock.now - start)
            if elapsed > 0.02 {
                iterations.append(max(1, Int(0.1 / (elapsed / Double(n)))))
                break
            }
            n *= 4
        }
    }
    var results = Array(repeating: [Double](), count: ops.count)
    for _ in 0..<samples {
        for (i, op) in ops.enumerated() {
            let start = clock.now
            for _ in 0..<iterations[i] { sink &+= try op() }
            results[i].append(seconds(clock.now - start) * 1e9 / Double(iterations[i]))
        }
    }
    return try ops.enumerated().map { i, op in
        let before = bench_malloc_count()
        for _ in 0..<1000 { sink &+= try op() }
        let allocs = Double(bench_malloc_count() - before) / 1000
        let sorted = results[i].sorted()
        return (sorted[sorted.count / 2], allocs)
    }
}

func format(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    return decimals == 0 ? String(Int(rounded)) : String(rounded)
}

@main
struct CodecBench {
    static func main() throws {
        try run()
    }
}

func run() throws {
    var samples = 11
    var filter = ""
    var args = CommandLine.arguments.dropFirst().makeIterator()
    while let a = args.next() {
        if a == "--samples", let n = args.next().flatMap({ Int($0) }) { samples = n }
        if a == "--filter", let f = args.next() { filter = f }
    }
    print("# loadavg \((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?")")
    print("| message | bytes | row | ns/op | MB/s | allocs/op | speed-up over swift-protobuf |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    for c in try cases() where filter.isEmpty || c.name.contains(filter) {
        let m = try measure(samples: samples, [c.copy, c.miniEncode, c.miniDecode, c.spEncode, c.spDecode])
        let (copy, me, md, se, sd) = (m[0], m[1], m[2], m[3], m[4])
        func row(_ label: String, _ m: (ns: Double, allocs: Double), _ ratio: String) {
            let mbps = Double(c.encodedSize) / m.ns * 1000
            print("| \(c.name) | \(c.encodedSize) | \(label) | \(format(m.ns, 1)) | \(format(mbps, 0)) | \(format(m.allocs, 1)) | \(ratio) |")
        }
        row("copy encoded bytes", copy, "")
        row("grpc-mini encode", me, "\(format(se.ns / me.ns, 2))x")
        row("swift-protobuf encode", se, "")
        row("grpc-mini decode", md, "\(format(sd.ns / md.ns, 2))x")
        row("swift-protobuf decode", sd, "")
        row("grpc-mini encode+decode", (me.ns + md.ns, me.allocs + md.allocs), "\(format((se.ns + sd.ns) / (me.ns + md.ns), 2))x")
        row("swift-protobuf encode+decode", (se.ns + sd.ns, se.allocs + sd.allocs), "")
    }
    print("# sink \(sink % 10)")
}
