import GRPCCore
import ProtoWire

/// gRPC server reflection, `grpc.reflection.v1.ServerReflection` and its older twin
/// `grpc.reflection.v1alpha.ServerReflection`: lists the services and answers with the
/// FileDescriptorProtos that describe them (file by name, file containing a symbol or an
/// extension, with every file it imports), so a client that has no .proto can call them.
///
/// The descriptors come from the plugin (`--grpc-mini_opt=FileDescriptors=true` writes a
/// `fileDescriptor` into each service's namespace). Add it to a server like any service:
/// `Server(services: [..., try ReflectionService(services: [...], files: [...])])`.
public struct ReflectionService: RegistrableService {
    /// What the service knows: files, symbols, extensions, listed services.
    let index: DescriptorIndex

    /// Reflection that lists `services` (full names, e.g. `grpc.testing.TestService`), described
    /// by `files` and the files they import; the reflection services themselves are added.
    /// Throws `ReflectionError` when a descriptor does not decode, two different files share a
    /// name, or a listed service is declared in none of the files.
    public init(services: [String], files: [ProtoFileDescriptor]) throws(ReflectionError) {
        index = try DescriptorIndex(
            services: services + [Self.v1Name, Self.v1alphaName],
            files: files + [Grpc_Reflection_V1_ServerReflection.fileDescriptor, Grpc_Reflection_V1alpha_ServerReflection.fileDescriptor])
    }

    /// Reflection that lists every service declared in `files` (not in the files they import).
    public init(files: [ProtoFileDescriptor]) throws(ReflectionError) {
        var names: [String] = []
        for f in files { names += try DescriptorIndex.declaredServices(f) }
        try self.init(services: names, files: files)
    }

    static let v1Name = Grpc_Reflection_V1_ServerReflection.serviceName
    static let v1alphaName = Grpc_Reflection_V1alpha_ServerReflection.serviceName

    /// The full names of the services listed, sorted.
    public var serviceNames: [String] { index.services }

    /// Registers the v1 and v1alpha services.
    public func register(with router: inout Router) {
        V1(index: index).register(with: &router)
        V1alpha(index: index).register(with: &router)
    }

    /// The v1 service.
    struct V1: Grpc_Reflection_V1_ServerReflection.ServiceProtocol {
        let index: DescriptorIndex

        func serverReflectionInfo(
            requests: MessageStream<Grpc_Reflection_V1_ServerReflectionRequest>,
            response: ResponseWriter<Grpc_Reflection_V1_ServerReflectionResponse>, context: ServerContext
        ) async throws {
            for try await request in requests {
                try await response.write(index.answer(request))
            }
        }
    }

    /// The v1alpha service: the same messages field for field, so answered by the v1 code
    /// through an encode/decode round trip.
    struct V1alpha: Grpc_Reflection_V1alpha_ServerReflection.ServiceProtocol {
        let index: DescriptorIndex

        func serverReflectionInfo(
            requests: MessageStream<Grpc_Reflection_V1alpha_ServerReflectionRequest>,
            response: ResponseWriter<Grpc_Reflection_V1alpha_ServerReflectionResponse>, context: ServerContext
        ) async throws {
            for try await request in requests {
                let v1 = try Grpc_Reflection_V1_ServerReflectionRequest(serializedBytes: request.serializedBytes())
                let answer = index.answer(v1)
                try await response.write(Grpc_Reflection_V1alpha_ServerReflectionResponse(serializedBytes: answer.serializedBytes()))
            }
        }
    }
}

/// Why a reflection service could not be made.
public struct ReflectionError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let description: String
}
