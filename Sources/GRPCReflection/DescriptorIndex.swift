import ProtoWire
import WellKnownTypes

/// The files a reflection service serves, indexed by file name, symbol and extension.
struct DescriptorIndex: Sendable {
    /// Every file, with its imports, by name.
    private(set) var files: [String: ProtoFileDescriptor] = [:]
    /// The file that declares each fully qualified symbol (message, field, oneof, enum, enum
    /// value, service, method, extension), without a leading dot.
    private(set) var symbols: [String: String] = [:]
    /// The file that declares each extension, by extended type (no leading dot) and number.
    private(set) var extensions: [String: [Int32: String]] = [:]
    /// The services listed, sorted.
    private(set) var services: [String] = []

    init(services: [String], files roots: [ProtoFileDescriptor]) throws(ReflectionError) {
        for root in roots {
            for file in root.withTransitiveDependencies {
                if let known = files[file.name] {
                    guard known.serializedBytes == file.serializedBytes else {
                        throw ReflectionError(description: "two different descriptors are named \(file.name)")
                    }
                    continue
                }
                files[file.name] = file
                try indexSymbols(of: file)
            }
        }
        var listed: [String] = []
        for s in Set(services) {
            guard let f = symbols[s], let file = files[f], try Self.declaredServices(file).contains(s) else {
                throw ReflectionError(description: "no file given declares the service \(s)")
            }
            listed.append(s)
        }
        self.services = listed.sorted()
    }

    /// The full names of the services `file` declares.
    static func declaredServices(_ file: ProtoFileDescriptor) throws(ReflectionError) -> [String] {
        let d = try decode(file)
        return d.service.map { qualified(d.package, $0.name) }
    }

    private static func decode(_ file: ProtoFileDescriptor) throws(ReflectionError) -> Google_Protobuf_FileDescriptorProto {
        do {
            return try Google_Protobuf_FileDescriptorProto(serializedBytes: file.serializedBytes)
        } catch {
            throw ReflectionError(description: "the descriptor of \(file.name) does not decode: \(error)")
        }
    }

    private static func qualified(_ scope: String, _ name: String) -> String {
        scope.isEmpty ? name : scope + "." + name
    }

    private mutating func indexSymbols(of file: ProtoFileDescriptor) throws(ReflectionError) {
        let d = try Self.decode(file)
        let name = file.name
        func add(_ symbol: String) { if symbols[symbol] == nil { symbols[symbol] = name } }
        func addExtensions(_ fields: [Google_Protobuf_FieldDescriptorProto], scope: String) {
            for e in fields {
                add(Self.qualified(scope, e.name))
                let extendee = e.extendee.hasPrefix(".") ? String(e.extendee.dropFirst()) : e.extendee
                extensions[extendee, default: [:]][e.number] = name
            }
        }
        func addEnums(_ enums: [Google_Protobuf_EnumDescriptorProto], scope: String) {
            for e in enums {
                add(Self.qualified(scope, e.name))
                // Enum values are siblings of their enum (C++ scoping rules), as protobuf names them.
                for v in e.value { add(Self.qualified(scope, v.name)) }
            }
        }
        func addMessages(_ messages: [Google_Protobuf_DescriptorProto], scope: String) {
            for m in messages {
                let full = Self.qualified(scope, m.name)
                add(full)
                for f in m.field { add(full + "." + f.name) }
                for o in m.oneofDecl { add(full + "." + o.name) }
                addEnums(m.enumType, scope: full)
                addExtensions(m.`extension`, scope: full)
                addMessages(m.nestedType, scope: full)
            }
        }
        addMessages(d.messageType, scope: d.package)
        addEnums(d.enumType, scope: d.package)
        addExtensions(d.`extension`, scope: d.package)
        for s in d.service {
            let full = Self.qualified(d.package, s.name)
            add(full)
            for m in s.method { add(full + "." + m.name) }
        }
    }

    /// `file` followed by every file it imports, transitively, each once, encoded.
    private func withImports(_ file: String) -> [[UInt8]]? {
        files[file].map { $0.withTransitiveDependencies.map(\.serializedBytes) }
    }

    /// The answer to one request of a reflection stream.
    func answer(_ request: Grpc_Reflection_V1_ServerReflectionRequest) -> Grpc_Reflection_V1_ServerReflectionResponse {
        var response = Grpc_Reflection_V1_ServerReflectionResponse()
        response.validHost = request.host
        response.originalRequest = request
        func found(_ file: String?) -> Grpc_Reflection_V1_ServerReflectionResponse.OneOf_MessageResponse? {
            guard let file, let bytes = withImports(file) else { return nil }
            return .fileDescriptorResponse(.with { $0.fileDescriptorProto = bytes })
        }
        func error(_ code: Int32, _ message: String) -> Grpc_Reflection_V1_ServerReflectionResponse.OneOf_MessageResponse {
            .errorResponse(.with {
                $0.errorCode = code
                $0.errorMessage = message
            })
        }
        let notFound: Int32 = 5
        switch request.messageRequest {
        case .fileByFilename(let name):
            response.messageResponse = found(name) ?? error(notFound, "no file named \(name)")
        case .fileContainingSymbol(let symbol):
            response.messageResponse = found(symbols[symbol]) ?? error(notFound, "no symbol named \(symbol)")
        case .fileContainingExtension(let e):
            response.messageResponse =
                found(extensions[e.containingType]?[e.extensionNumber])
                ?? error(notFound, "no extension \(e.extensionNumber) of \(e.containingType)")
        case .allExtensionNumbersOfType(let type):
            if symbols[type] != nil {
                response.messageResponse = .allExtensionNumbersResponse(.with {
                    $0.baseTypeName = type
                    $0.extensionNumber = (extensions[type] ?? [:]).keys.sorted()
                })
            } else {
                response.messageResponse = error(notFound, "no type named \(type)")
            }
        case .listServices:
            response.messageResponse = .listServicesResponse(.with {
                $0.service = services.map { name in .with { $0.name = name } }
            })
        case nil:
            response.messageResponse = error(3, "the request sets no message_request")
        }
        return response
    }
}
