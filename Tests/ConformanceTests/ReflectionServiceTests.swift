import GRPCCore
import GRPCHealth
import GRPCInteropProtos
import GRPCReflection
import ProtoWire
import Testing
import WellKnownTypes

/// Server reflection (v1 and v1alpha) answers like any service, over every transport.
@Suite struct ReflectionServiceTests {
    typealias Request = Grpc_Reflection_V1_ServerReflectionRequest
    typealias Response = Grpc_Reflection_V1_ServerReflectionResponse

    func makeReflection() throws -> ReflectionService {
        try ReflectionService(
            services: [Grpc_Testing_TestService.serviceName, Grpc_Health_V1_Health.serviceName],
            files: [Grpc_Testing_TestService.fileDescriptor, HealthService.fileDescriptor])
    }

    /// Sends `requests` on one v1 stream and returns the answers.
    func ask(_ client: Client, _ requests: [Request]) async throws -> [Response] {
        try await Grpc_Reflection_V1_ServerReflection.Client(wrapping: client).serverReflectionInfo { writer, response in
            var answers: [Response] = []
            var it = response.messages.makeAsyncIterator()
            for r in requests {
                try await writer.write(r)
                answers.append(try #require(await it.next()))
            }
            writer.finish()
            #expect(try await it.next() == nil)
            return answers
        }
    }

    /// The names of the files in a file-descriptor answer, in order.
    func fileNames(_ response: Response) throws -> [String] {
        guard case .fileDescriptorResponse(let r)? = response.messageResponse else {
            Issue.record("not a file descriptor response: \(response)")
            return []
        }
        return try r.fileDescriptorProto.map { try Google_Protobuf_FileDescriptorProto(serializedBytes: $0).name }
    }

    func errorCode(_ response: Response) -> Int32? {
        guard case .errorResponse(let e)? = response.messageResponse else { return nil }
        return e.errorCode
    }

    @Test(arguments: Transport.all)
    func listsServicesAndAnswersFilesAndSymbols(_ t: Transport) async throws {
        try await t.connect(Server(services: [makeReflection()]), []) { client in
            let answers = try await ask(client, [
                .with { $0.host = "example"; $0.listServices = "" },
                .with { $0.fileByFilename = "grpc/testing/test.proto" },
                .with { $0.fileContainingSymbol = "grpc.testing.SimpleRequest" },
                .with { $0.fileContainingSymbol = "grpc.testing.TestService.UnaryCall" },
                .with { $0.fileContainingSymbol = "grpc.testing.COMPRESSABLE" },
                .with { $0.fileContainingSymbol = "grpc.health.v1.HealthCheckResponse.ServingStatus" },
                .with { $0.fileContainingSymbol = "grpc.reflection.v1alpha.ServerReflection" },
                .with { $0.fileContainingSymbol = "grpc.testing.NoSuchThing" },
                .with { $0.fileByFilename = "no/such.proto" },
                .with { $0.allExtensionNumbersOfType = "grpc.testing.SimpleRequest" },
                .with { $0.fileContainingExtension = .with { $0.containingType = "grpc.testing.SimpleRequest"; $0.extensionNumber = 100 } },
                Request(),
            ])
            guard case .listServicesResponse(let list)? = answers[0].messageResponse else {
                Issue.record("not a list: \(answers[0])")
                return
            }
            #expect(list.service.map(\.name) == [
                "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection",
                "grpc.testing.TestService",
            ])
            #expect(answers[0].validHost == "example")
            #expect(answers[0].originalRequest.listServices == "")
            #expect(answers[0].originalRequest.host == "example")
            #expect(try fileNames(answers[1]) == ["grpc/testing/test.proto", "grpc/testing/empty.proto", "grpc/testing/messages.proto"])
            #expect(answers[1].originalRequest.fileByFilename == "grpc/testing/test.proto")
            #expect(try fileNames(answers[2]) == ["grpc/testing/messages.proto"])
            #expect(try fileNames(answers[3]) == ["grpc/testing/test.proto", "grpc/testing/empty.proto", "grpc/testing/messages.proto"])
            #expect(try fileNames(answers[4]) == ["grpc/testing/messages.proto"])
            #expect(try fileNames(answers[5]) == ["grpc/health/v1/health.proto"])
            #expect(try fileNames(answers[6]) == ["grpc/reflection/v1alpha/reflection.proto"])
            for i in [7, 8, 10] { #expect(errorCode(answers[i]) == 5, "answer \(i): \(answers[i])") }
            guard case .allExtensionNumbersResponse(let numbers)? = answers[9].messageResponse else {
                Issue.record("not extension numbers: \(answers[9])")
                return
            }
            #expect(numbers.baseTypeName == "grpc.testing.SimpleRequest")
            #expect(numbers.extensionNumber == [])
            #expect(errorCode(answers[11]) == 3)
        }
    }

    @Test(arguments: Transport.all)
    func theDescriptorsAreWhatProtocSaw(_ t: Transport) async throws {
        try await t.connect(Server(services: [makeReflection()]), []) { client in
            let answer = try await ask(client, [.with { $0.fileContainingSymbol = "grpc.testing.TestService" }])[0]
            guard case .fileDescriptorResponse(let r)? = answer.messageResponse else {
                Issue.record("not a file descriptor response: \(answer)")
                return
            }
            let test = try Google_Protobuf_FileDescriptorProto(serializedBytes: r.fileDescriptorProto[0])
            #expect(test.package == "grpc.testing")
            #expect(test.dependency == ["grpc/testing/empty.proto", "grpc/testing/messages.proto"])
            #expect(!test.hasSourceCodeInfo)
            let service = try #require(test.service.first { $0.name == "TestService" })
            let unary = try #require(service.method.first { $0.name == "UnaryCall" })
            #expect(unary.inputType == ".grpc.testing.SimpleRequest")
            #expect(unary.outputType == ".grpc.testing.SimpleResponse")
            let streaming = try #require(service.method.first { $0.name == "FullDuplexCall" })
            #expect(streaming.clientStreaming && streaming.serverStreaming)
        }
    }

    @Test(arguments: Transport.all)
    func v1alphaAnswersTheSame(_ t: Transport) async throws {
        try await t.connect(Server(services: [makeReflection()]), []) { client in
            let answers = try await Grpc_Reflection_V1alpha_ServerReflection.Client(wrapping: client).serverReflectionInfo { writer, response in
                var it = response.messages.makeAsyncIterator()
                try await writer.write(.with { $0.listServices = "*" })
                let list = try #require(await it.next())
                try await writer.write(.with { $0.fileContainingSymbol = "grpc.health.v1.Health.Watch" })
                let file = try #require(await it.next())
                return (list, file)
            }
            guard case .listServicesResponse(let list)? = answers.0.messageResponse,
                case .fileDescriptorResponse(let file)? = answers.1.messageResponse
            else {
                Issue.record("unexpected answers: \(answers)")
                return
            }
            #expect(list.service.count == 4)
            #expect(answers.0.originalRequest.listServices == "*")
            #expect(try file.fileDescriptorProto.map { try Google_Protobuf_FileDescriptorProto(serializedBytes: $0).name } == ["grpc/health/v1/health.proto"])
        }
    }

    /// A proto2 file with an extendable message, extended at 100 and (in a message's scope) 101.
    static var extensionFile: ProtoFileDescriptor {
        var file = Google_Protobuf_FileDescriptorProto()
        file.name = "ext/base.proto"
        file.package = "ext"
        var base = Google_Protobuf_DescriptorProto()
        base.name = "Base"
        base.extensionRange = [.with { $0.start = 100; $0.end = 200 }]
        var holder = Google_Protobuf_DescriptorProto()
        holder.name = "Holder"
        func ext(_ name: String, _ number: Int32) -> Google_Protobuf_FieldDescriptorProto {
            .with {
                $0.name = name
                $0.number = number
                $0.label = .optional
                $0.type = .int32
                $0.extendee = ".ext.Base"
            }
        }
        holder.`extension` = [ext("inner", 101)]
        file.messageType = [base, holder]
        file.`extension` = [ext("outer", 100)]
        return ProtoFileDescriptor(name: file.name, serializedBytes: file.serializedBytes())
    }

    @Test(arguments: Transport.all)
    func answersExtensionsAndTheirNumbers(_ t: Transport) async throws {
        let reflection = try ReflectionService(files: [Self.extensionFile])
        try await t.connect(Server(services: [reflection]), []) { client in
            let answers = try await ask(client, [
                .with { $0.allExtensionNumbersOfType = "ext.Base" },
                .with { $0.fileContainingExtension = .with { $0.containingType = "ext.Base"; $0.extensionNumber = 101 } },
                .with { $0.fileContainingSymbol = "ext.Holder.inner" },
                .with { $0.fileContainingSymbol = "ext.outer" },
                .with { $0.allExtensionNumbersOfType = "ext.Nothing" },
            ])
            guard case .allExtensionNumbersResponse(let numbers)? = answers[0].messageResponse else {
                Issue.record("not extension numbers: \(answers[0])")
                return
            }
            #expect(numbers.extensionNumber == [100, 101])
            for i in 1...3 { #expect(try fileNames(answers[i]) == ["ext/base.proto"], "answer \(i)") }
            #expect(errorCode(answers[4]) == 5)
        }
    }

    @Test func servicesComeFromTheFilesOrMustBeDeclaredInThem() throws {
        let fromFiles = try ReflectionService(files: [HealthService.fileDescriptor])
        #expect(fromFiles.serviceNames == ["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"])
        #expect(throws: ReflectionError.self) {
            try ReflectionService(services: ["grpc.testing.TestService"], files: [HealthService.fileDescriptor])
        }
        // A message is a symbol, but not a service.
        #expect(throws: ReflectionError.self) {
            try ReflectionService(services: ["grpc.health.v1.HealthCheckRequest"], files: [HealthService.fileDescriptor])
        }
        let clash = ProtoFileDescriptor(name: "grpc/health/v1/health.proto", serializedBytes: [])
        #expect(throws: ReflectionError.self) {
            try ReflectionService(files: [HealthService.fileDescriptor, clash])
        }
        let garbage = ProtoFileDescriptor(name: "bad.proto", serializedBytes: [0xFF])
        #expect(throws: ReflectionError.self) { try ReflectionService(files: [garbage]) }
    }
}
