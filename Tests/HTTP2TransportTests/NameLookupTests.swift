import GRPCCore
import Glibc
@testable import HTTP2Transport
import Synchronization
import Testing

/// A stand-in for getaddrinfo that blocks until released (or for 10 s), then answers
/// 127.0.0.1:`port`.
final class BlockingLookup: Sendable {
    let started = Atomic<Bool>(false)
    let release = Atomic<Bool>(false)
    let returned = Atomic<Bool>(false)
    let port: Int

    init(port: Int) { self.port = port }

    var resolve: NameLookup.Resolve {
        { [self] _ throws(RPCError) in
            started.store(true, ordering: .relaxed)
            for _ in 0..<10_000 where !release.load(ordering: .relaxed) { usleep(1_000) }
            defer { returned.store(true, ordering: .relaxed) }
            return try ResolvedAddress.resolve(.tcp(host: "127.0.0.1", port: port), passive: false)
        }
    }

    /// Waits (up to 10 s) for `flag` to be set.
    static func wait(for flag: borrowing Atomic<Bool>) async throws -> Bool {
        for _ in 0..<1_000 where !flag.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(10)) }
        return flag.load(ordering: .relaxed)
    }
}

/// Resolving a channel's target: off the loop, once per connection, failures fail fast.
@Suite struct NameLookupTests {
    /// A DNS lookup can block for seconds; the loop thread serves every connection on it.
    @Test func aSlowLookupDoesNotHoldUpOtherChannelsOnItsLoop() async throws {
        try await withWireServer { address in
            guard case .tcp(_, let port) = address else { Issue.record("not TCP: \(address)"); return }
            let loop = EventLoop(name: "lookup-test")
            // A loop that waited for this lookup would serve nothing else until it returned.
            let lookup = BlockingLookup(port: port)
            var slowConfiguration = HTTP2Channel.Configuration()
            slowConfiguration.loop = loop
            slowConfiguration.resolve = lookup.resolve
            let slow = HTTP2Channel(target: .tcp(host: "slow.example", port: port), configuration: slowConfiguration)
            let fast = HTTP2Channel(target: address, loop: loop)
            defer {
                slow.close()
                fast.close()
            }
            let slowCall = Task {
                try await Client(channel: slow).unary([7], method: WireService.unary, options: CallOptions(timeout: .seconds(60)))
            }
            let lookupStarted = try await BlockingLookup.wait(for: lookup.started)
            try #require(lookupStarted)

            for i in 0..<20 {
                let answer = try await Client(channel: fast).unary(
                    [UInt8(i)], method: WireService.unary, options: CallOptions(timeout: .seconds(20)))
                #expect(answer == [UInt8(i)])
            }
            let lookupReturned = lookup.returned.load(ordering: .relaxed)
            #expect(!lookupReturned, "the other channel's calls finished while the lookup was blocked")

            lookup.release.store(true, ordering: .relaxed)
            let answer = try await slowCall.value
            #expect(answer == [7])
        }
    }

    @Test func aNameThatDoesNotResolveFailsTheCallFastWithUnavailable() async throws {
        var configuration = HTTP2Channel.Configuration()
        configuration.resolve = { address throws(RPCError) in
            throw RPCError(.unavailable, "cannot resolve \(address): Name or service not known")
        }
        let channel = HTTP2Channel(target: .tcp(host: "nowhere.invalid", port: 443), configuration: configuration)
        defer { channel.close() }
        let start = ContinuousClock.now
        let error = await #expect(throws: RPCError.self) {
            try await Client(channel: channel).unary([1], method: WireService.unary, options: CallOptions(timeout: .seconds(60)))
        }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("Name or service not known") == true, "\(String(describing: error))")
        #expect(ContinuousClock.now - start < .seconds(20), "fails fast, long before its deadline")
    }

    @Test func aChannelLooksItsNameUpOncePerConnection() async throws {
        let lookups = Atomic<Int>(0)
        try await withWireServer { address in
            guard case .tcp(_, let port) = address else { Issue.record("not TCP: \(address)"); return }
            var configuration = HTTP2Channel.Configuration()
            configuration.resolve = { _ throws(RPCError) in
                lookups.add(1, ordering: .relaxed)
                return try ResolvedAddress.resolve(.tcp(host: "127.0.0.1", port: port), passive: false)
            }
            let channel = HTTP2Channel(target: .tcp(host: "server.example", port: port), configuration: configuration)
            defer { channel.close() }
            for i in 0..<10 {
                let answer = try await Client(channel: channel).unary(
                    [UInt8(i)], method: WireService.unary, options: CallOptions(timeout: .seconds(20)))
                #expect(answer == [UInt8(i)])
            }
        }
        let count = lookups.load(ordering: .relaxed)
        #expect(count == 1)
    }

    @Test func closingAChannelWhileItResolvesFailsItsCallsAndIgnoresTheLateAnswer() async throws {
        try await withWireServer { address in
            guard case .tcp(_, let port) = address else { Issue.record("not TCP: \(address)"); return }
            let lookup = BlockingLookup(port: port)
            var configuration = HTTP2Channel.Configuration()
            configuration.resolve = lookup.resolve
            let channel = HTTP2Channel(target: .tcp(host: "server.example", port: port), configuration: configuration)
            let call = Task {
                try await Client(channel: channel).unary([1], method: WireService.unary, options: CallOptions(timeout: .seconds(60)))
            }
            _ = try await BlockingLookup.wait(for: lookup.started)
            channel.close()
            let error = await #expect(throws: RPCError.self) { try await call.value }
            #expect(error?.code == .unavailable)
            #expect(error?.message.contains("closed") == true, "\(String(describing: error))")
            // The answer that comes after the close finds a closed channel: no connection, no crash.
            lookup.release.store(true, ordering: .relaxed)
            _ = try await BlockingLookup.wait(for: lookup.returned)
            try await Task.sleep(for: .milliseconds(50))
            let later = await #expect(throws: RPCError.self) {
                try await Client(channel: channel).unary([2], method: WireService.unary, options: CallOptions(timeout: .seconds(20)))
            }
            #expect(later?.code == .unavailable)
        }
    }

    @Test func aWaitForReadyCallOutlivesAFailedLookupAndConnectsAfterTheBackoff() async throws {
        let lookups = Atomic<Int>(0)
        try await withWireServer { address in
            guard case .tcp(_, let port) = address else { Issue.record("not TCP: \(address)"); return }
            var configuration = HTTP2Channel.Configuration()
            configuration.resolve = { _ throws(RPCError) in
                guard lookups.add(1, ordering: .relaxed).newValue > 1 else {
                    throw RPCError(.unavailable, "cannot resolve server.example: Temporary failure in name resolution")
                }
                return try ResolvedAddress.resolve(.tcp(host: "127.0.0.1", port: port), passive: false)
            }
            let channel = HTTP2Channel(target: .tcp(host: "server.example", port: port), configuration: configuration)
            defer { channel.close() }
            let answer = try await Client(channel: channel).unary(
                [3], method: WireService.unary, options: CallOptions(timeout: .seconds(30), waitForReady: true))
            #expect(answer == [3])
        }
        let count = lookups.load(ordering: .relaxed)
        #expect(count == 2)
    }

    @Test func lookupsRunOnABoundedNumberOfThreads() async throws {
        let running = Atomic<Int>(0)
        let peak = Atomic<Int>(0)
        let release = Atomic<Bool>(false)
        let channels = 3 * NameLookup.maxThreads / 2
        try await withWireServer { address in
            guard case .tcp(_, let port) = address else { Issue.record("not TCP: \(address)"); return }
            var configuration = HTTP2Channel.Configuration()
            configuration.resolve = { _ throws(RPCError) in
                let now = running.add(1, ordering: .relaxed).newValue
                _ = peak.max(now, ordering: .relaxed)
                for _ in 0..<10_000 where !release.load(ordering: .relaxed) { usleep(1_000) }
                running.subtract(1, ordering: .relaxed)
                return try ResolvedAddress.resolve(.tcp(host: "127.0.0.1", port: port), passive: false)
            }
            let shared = configuration
            try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for i in 0..<channels {
                    group.addTask {
                        let channel = HTTP2Channel(target: .tcp(host: "server\(i).example", port: port), configuration: shared)
                        defer { channel.close() }
                        return try await Client(channel: channel).unary(
                            [UInt8(i)], method: WireService.unary, options: CallOptions(timeout: .seconds(60)))
                    }
                }
                // Every channel has asked for its lookup well before this.
                try await Task.sleep(for: .milliseconds(500))
                let most = peak.load(ordering: .relaxed)
                #expect(most <= NameLookup.maxThreads, "at most \(NameLookup.maxThreads) lookups at once, saw \(most)")
                release.store(true, ordering: .relaxed)
                var answers = 0
                for try await _ in group { answers += 1 }
                #expect(answers == channels)
            }
        }
    }

    @Test func anIPLiteralOrUnixPathNeedsNoLookup() throws {
        #expect(try ResolvedAddress.withoutLookup(.tcp(host: "127.0.0.1", port: 1))?.count == 1)
        #expect(try ResolvedAddress.withoutLookup(.unix(path: "/tmp/x.sock"))?.count == 1)
        #expect(try ResolvedAddress.withoutLookup(.tcp(host: "localhost", port: 1)) == nil)
    }
}
