import GRPCCore
import InProcTransport
import Testing

/// The Calculator service of services.proto, implemented on the generated protocol.
struct Calculator: Grpcmini_Test_Svc_Calculator.ServiceProtocol {
    func double(request: Grpcmini_Test_Svc_Number, context: ServerContext) async throws -> Grpcmini_Test_Svc_Number {
        .with { $0.value = request.value * 2 }
    }

    func countTo(request: Grpcmini_Test_Svc_Number, response: ResponseWriter<Grpcmini_Test_Svc_Number>, context: ServerContext) async throws {
        for i in 0..<request.value {
            try await response.write(.with { $0.value = i + 1 })
        }
    }

    func sum(requests: MessageStream<Grpcmini_Test_Svc_Number>, context: ServerContext) async throws -> Grpcmini_Test_Svc_Number {
        var total: Int64 = 0
        for try await n in requests { total += n.value }
        return .with { $0.value = total }
    }

    func negate(
        requests: MessageStream<Grpcmini_Test_Svc_Number>, response: ResponseWriter<Grpcmini_Test_Svc_Number>, context: ServerContext
    ) async throws {
        for try await n in requests {
            try await response.write(.with { $0.value = -n.value })
        }
    }
}

@Suite struct GeneratedServiceTests {
    let client = Grpcmini_Test_Svc_Calculator.Client(channel: InProcessChannel(server: Server(services: [Calculator()])))

    @Test func methodDescriptorsCarryTheProtoNames() {
        typealias M = Grpcmini_Test_Svc_Calculator.Method
        #expect(M.Double.descriptor.path == "/grpcmini.test.svc.Calculator/Double")
        #expect(M.CountTo.descriptor.kind == .serverStreaming)
        #expect(M.Sum.descriptor.kind == .clientStreaming)
        #expect(M.Negate.descriptor.kind == .bidiStreaming)
        #expect(M.descriptors.map(\.method) == ["Double", "CountTo", "Sum", "Negate"])
        #expect(Grpcmini_Test_Svc_Calculator.serviceName == "grpcmini.test.svc.Calculator")
    }

    @Test func unary() async throws {
        let response = try await client.double(.with { $0.value = 21 })
        #expect(response.value == 42)
    }

    @Test func serverStreaming() async throws {
        let values = try await client.countTo(.with { $0.value = 5 }) { response in
            var values: [Int64] = []
            for try await n in response.messages { values.append(n.value) }
            return values
        }
        #expect(values == [1, 2, 3, 4, 5])
    }

    @Test func clientStreaming() async throws {
        let total = try await client.sum { writer in
            for i in 1...10 { try await writer.write(.with { $0.value = Int64(i) }) }
        }
        #expect(total.value == 55)
    }

    @Test func bidiStreaming() async throws {
        let values = try await client.negate { writer, response in
            try await writer.write(contentsOf: (1...3).map { i in .with { $0.value = Int64(i) } })
            writer.finish()
            var values: [Int64] = []
            for try await n in response.messages { values.append(n.value) }
            return values
        }
        #expect(values == [-1, -2, -3])
    }

    @Test func metadataAndOptionsReachTheServer() async throws {
        var metadata = Metadata()
        try metadata.add("x-test", "1")
        var options = CallOptions()
        options.timeout = .seconds(5)
        let response = try await client.double(.with { $0.value = 1 }, metadata: metadata, options: options)
        #expect(response.value == 2)
    }
}
