import GRPCCore
import Synchronization
import Testing

/// Records what it sees; adds metadata; fails calls whose metadata asks it to.
final class RecordingClientInterceptor: ClientInterceptor {
    let events = Mutex<[String]>([])

    func willStart(_ call: inout ClientCallInfo) async throws {
        if call.metadata.first("x-client-deny") != nil { throw RPCError(.unauthenticated, "denied by client interceptor") }
        try call.metadata.add("x-intercepted", "client")
        events.withLock { $0.append("start \(call.method.method)") }
    }

    func didSend<Message: Sendable>(_ message: Message, call: ClientCallInfo) {
        events.withLock { $0.append("send \((message as? Echo)?.text ?? "?")") }
    }

    func didReceive<Message: Sendable>(_ message: Message, call: ClientCallInfo) {
        events.withLock { $0.append("receive \((message as? Echo)?.text ?? "?")") }
    }

    func didFinish(_ call: ClientCallInfo, error: RPCError?, trailers: Metadata) {
        events.withLock { $0.append("finish \(error?.code ?? .ok) \(trailers.first("x-server-interceptor") ?? "-")") }
    }
}

final class RecordingServerInterceptor: ServerInterceptor {
    let events = Mutex<[String]>([])

    func willHandle(_ context: ServerContext) async throws {
        if context.requestMetadata.first("x-server-deny") != nil { throw RPCError(.permissionDenied, "denied by server interceptor") }
        var md = context.requestMetadata
        try md.add("x-seen-by", "server-interceptor")
        context.requestMetadata = md
        events.withLock { $0.append("handle \(context.requestMetadata.first("x-intercepted") ?? "-")") }
    }

    func didReceive<Message: Sendable>(_ message: Message, context: ServerContext) {
        events.withLock { $0.append("receive \((message as? Echo)?.text ?? "?")") }
    }

    func didSend<Message: Sendable>(_ message: Message, context: ServerContext) {
        events.withLock { $0.append("send \((message as? Echo)?.text ?? "?")") }
    }

    func didFinish(_ context: ServerContext, error: RPCError?) {
        var trailers = context.trailers
        try? trailers.add("x-server-interceptor", "was-here")
        context.trailers = trailers
        events.withLock { $0.append("finish \(error?.code ?? .ok)") }
    }
}

@Suite struct InterceptorTests {
    let probe = Probe()
    let serverInterceptor = RecordingServerInterceptor()
    let clientInterceptor = RecordingClientInterceptor()
    var server: Server { Server(services: [EchoService(probe: probe)], interceptors: [serverInterceptor]) }

    @Test(arguments: Transport.all)
    func interceptorsSeeAndChangeAUnaryCall(_ t: Transport) async throws {
        try await t.connect(server, [clientInterceptor]) { client in
            let response = try await client.unaryWithMetadata(Echo(text: "hi"), method: EchoService.get)
            #expect(response.trailers.first("x-server-interceptor") == "was-here")
        }
        #expect(clientInterceptor.events.withLock { $0 } == ["start Get", "send hi", "receive hi", "finish OK was-here"])
        #expect(serverInterceptor.events.withLock { $0 } == ["handle client", "receive hi", "send hi", "finish OK"])
        #expect(probe.sawMetadata.withLock { $0.first("x-seen-by") } == "server-interceptor")
    }

    @Test(arguments: Transport.all)
    func interceptorsSeeEveryStreamedMessage(_ t: Transport) async throws {
        try await t.connect(server, [clientInterceptor]) { client in
            try await client.bidiStreaming(method: EchoService.update) { writer, response in
                try await writer.write(Echo(text: "a"))
                try await writer.write(Echo(text: "b"))
                writer.finish()
                for try await _ in response.messages {}
            }
        }
        let client = clientInterceptor.events.withLock { $0 }
        #expect(client.first == "start Update")
        #expect(client.last == "finish OK was-here")
        #expect(Set(client) == ["start Update", "send a", "send b", "receive echo: a", "receive echo: b", "finish OK was-here"])
        let server = serverInterceptor.events.withLock { $0 }
        #expect(server.filter { $0.hasPrefix("receive") } == ["receive a", "receive b"])
        #expect(server.filter { $0.hasPrefix("send") } == ["send echo: a", "send echo: b"])
        #expect(server.last == "finish OK")
    }

    @Test(arguments: Transport.all)
    func aServerInterceptorCanRejectACall(_ t: Transport) async throws {
        let metadata = try meta([("x-server-deny", "1")])
        try await t.connect(server, []) { client in
            let error = await #expect(throws: RPCError.self) {
                try await client.unary(Echo(text: "x"), method: EchoService.get, metadata: metadata)
            }
            #expect(error?.code == .permissionDenied)
            #expect(error?.trailers.first("x-server-interceptor") == "was-here")
        }
        #expect(probe.started.load(ordering: .relaxed) == 0)
    }

    @Test(arguments: Transport.all)
    func aClientInterceptorCanFailACallBeforeItStarts(_ t: Transport) async throws {
        let metadata = try meta([("x-client-deny", "1")])
        try await t.connect(server, [clientInterceptor]) { client in
            let error = await #expect(throws: RPCError.self) {
                try await client.serverStreaming(Echo(text: "x"), method: EchoService.expand, metadata: metadata) { response in
                    for try await _ in response.messages {}
                }
            }
            #expect(error?.code == .unauthenticated)
        }
        #expect(probe.started.load(ordering: .relaxed) == 0)
        #expect(clientInterceptor.events.withLock { $0 } == ["finish UNAUTHENTICATED -"])
    }

    @Test(arguments: Transport.all)
    func aClientInterceptorSeesTheTrailersOfAFailedStream(_ t: Transport) async throws {
        let metadata = try meta([("x-fail-code", "\(StatusCode.notFound.rawValue)"), ("x-count", "2")])
        try await t.connect(server, [clientInterceptor]) { client in
            // The caller handles the failure itself, so the call ends normally for it.
            let error = try await client.serverStreaming(Echo(text: "m"), method: EchoService.expand, metadata: metadata) { response in
                do {
                    for try await _ in response.messages {}
                    return nil as RPCError?
                } catch let error as RPCError {
                    return error
                }
            }
            #expect(error?.code == .notFound)
            #expect(error?.trailers.first("x-server-interceptor") == "was-here")
        }
        #expect(clientInterceptor.events.withLock { $0.last } == "finish NOT_FOUND was-here")
    }
}
