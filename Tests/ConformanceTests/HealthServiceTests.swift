import GRPCCore
import GRPCHealth
import Testing

/// grpc.health.v1.Health answers like any service, over every transport.
@Suite struct HealthServiceTests {
    typealias Status = HealthService.Status

    private func check(_ client: Client, _ service: String) async throws -> Status {
        try await Grpc_Health_V1_Health.Client(wrapping: client).check(.with { $0.service = service }).status
    }

    @Test(arguments: Transport.all)
    func checkAnswersTheServerEachServiceAndNotFound(_ t: Transport) async throws {
        let health = HealthService()
        health.setStatus(.serving, for: "test.Up")
        health.setStatus(.notServing, for: "test.Down")
        try await t.connect(Server(services: [health]), []) { client in
            let all = try await check(client, "")
            let up = try await check(client, "test.Up")
            let down = try await check(client, "test.Down")
            #expect(all == .serving)
            #expect(up == .serving)
            #expect(down == .notServing)
            let error = await #expect(throws: RPCError.self) { try await check(client, "test.Unknown") }
            #expect(error?.code == .notFound)
            health.clearStatus(for: "test.Up")
            let cleared = await #expect(throws: RPCError.self) { try await check(client, "test.Up") }
            #expect(cleared?.code == .notFound)
        }
    }

    @Test(arguments: Transport.all)
    func watchSendsServiceUnknownThenEveryChange(_ t: Transport) async throws {
        let health = HealthService()
        try await t.connect(Server(services: [health]), []) { client in
            let seen = try await Grpc_Health_V1_Health.Client(wrapping: client).watch(.with { $0.service = "test.Later" }) { response in
                var it = response.messages.makeAsyncIterator()
                var seen: [Status] = []
                seen.append(try #require(await it.next()).status)
                health.setStatus(.serving, for: "test.Later")
                seen.append(try #require(await it.next()).status)
                health.setStatus(.serving, for: "test.Other")  // not watched: nothing sent
                health.setStatus(.notServing, for: "test.Later")
                seen.append(try #require(await it.next()).status)
                health.clearStatus(for: "test.Later")
                seen.append(try #require(await it.next()).status)
                return seen
            }
            #expect(seen == [.serviceUnknown, .serving, .notServing, .serviceUnknown])
        }
    }

    @Test(arguments: Transport.all)
    func enterShutdownTurnsEveryStatusNotServingForGood(_ t: Transport) async throws {
        let health = HealthService()
        health.setStatus(.serving, for: "test.A")
        try await t.connect(Server(services: [health]), []) { client in
            let seen = try await Grpc_Health_V1_Health.Client(wrapping: client).watch(.with { $0.service = "" }) { response in
                var it = response.messages.makeAsyncIterator()
                var seen: [Status] = []
                seen.append(try #require(await it.next()).status)
                health.enterShutdown()
                seen.append(try #require(await it.next()).status)
                return seen
            }
            #expect(seen == [.serving, .notServing])
            let afterShutdown = try await check(client, "test.A")
            #expect(afterShutdown == .notServing)
            health.setStatus(.serving, for: "test.A")
            health.setStatus(.serving, for: "test.B")
            let afterSet = try await check(client, "test.A")
            #expect(afterSet == .notServing)
            let error = await #expect(throws: RPCError.self) { try await check(client, "test.B") }
            #expect(error?.code == .notFound)
        }
    }

    @Test(arguments: Transport.all)
    func aWatcherLeavingEndsItsHandler(_ t: Transport) async throws {
        let health = HealthService()
        try await t.connect(Server(services: [health]), []) { client in
            for _ in 0..<20 {
                let first = try await Grpc_Health_V1_Health.Client(wrapping: client).watch(.with { $0.service = "" }) { response in
                    var it = response.messages.makeAsyncIterator()
                    return try #require(await it.next()).status
                }
                #expect(first == .serving)
            }
            // Each call returned, so its handler ended and left the watcher list.
            try await eventually { health.watcherCount == 0 }
        }
    }
}
