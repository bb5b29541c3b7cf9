import WellKnownTypes

/// Emits one service: method descriptors, a server protocol that registers itself, and a client.
struct ServiceGenerator {
    let service: Google_Protobuf_ServiceDescriptorProto
    let index: Int
    let context: FileContext

    private struct Method {
        let d: Google_Protobuf_MethodDescriptorProto
        let typeName: String
        let funcName: String
        let input: String
        let output: String
        let kind: String
        let path: [Int32]
    }

    func emit(_ w: inout CodeWriter) throws(GeneratorError) {
        let file = context.file
        let access = context.options.access
        let prefix = Naming.typePrefix(
            package: file.package, swiftPrefix: file.options.hasSwiftPrefix ? file.options.swiftPrefix : nil)
        let namespace = Naming.sanitizeType(prefix + service.name, disambiguator: "Service")
        let fullName = file.package.isEmpty ? service.name : file.package + "." + service.name
        var methods: [Method] = []
        var typeNames: Set<String> = ["Client", "ServiceProtocol", "descriptors"]
        var funcNames: Set<String> = ["client", "register"]
        for (i, m) in service.method.enumerated() {
            let element = "method \(service.name).\(m.name)"
            var typeName = Naming.camelCase(m.name, upperFirst: true)
            if SwiftKeywords.quotable.contains(typeName) || ["Type", "Protocol", "Method"].contains(typeName) {
                typeName += "Method"
            }
            if !typeNames.insert(typeName).inserted { typeName += "_\(i)" }
            var funcBase = Naming.camelCase(m.name, upperFirst: false)
            if !funcNames.insert(funcBase).inserted { funcBase += "_\(i)" }
            let input = try context.symbols.lookup(m.inputType, from: file.name, element: element)
            let output = try context.symbols.lookup(m.outputType, from: file.name, element: element)
            guard input.message != nil, output.message != nil else {
                throw GeneratorError("\(file.name): \(element) takes or returns a type that is not a message")
            }
            let kind =
                switch (m.clientStreaming, m.serverStreaming) {
                case (false, false): "unary"
                case (true, false): "clientStreaming"
                case (false, true): "serverStreaming"
                case (true, true): "bidiStreaming"
                }
            methods.append(
                Method(
                    d: m, typeName: typeName, funcName: Naming.sanitizeMember(funcBase, basedOn: funcBase),
                    input: input.swiftName, output: output.swiftName, kind: kind, path: [6, Int32(index), 2, Int32(i)]))
        }

        w.doc(context.comments.leading([6, Int32(index)]))
        try w.block("\(access)enum \(namespace)") { (w) throws(GeneratorError) in
            w.line("/// The fully qualified service name.")
            w.line("\(access)static let serviceName = \(Naming.stringLiteral(fullName))")
            if context.options.fileDescriptors {
                w.line()
                w.line("/// The .proto file that declares the service, with the files it imports: what a reflection service serves.")
                w.line("\(access)static var fileDescriptor: ProtoWire.ProtoFileDescriptor { \(DescriptorGenerator.constantName(file.name)) }")
            }
            w.line()
            w.line("/// The service's methods.")
            try w.block("\(access)enum Method") { (w) throws(GeneratorError) in
                for m in methods {
                    w.doc(context.comments.leading(m.path))
                    try w.block("\(access)enum \(m.typeName)") { (w) throws(GeneratorError) in
                        w.line("\(access)typealias Input = \(m.input)")
                        w.line("\(access)typealias Output = \(m.output)")
                        w.line("/// Names the method on the wire.")
                        w.line(
                            "\(access)static let descriptor = GRPCCore.MethodDescriptor(service: \(Naming.stringLiteral(fullName)), method: \(Naming.stringLiteral(m.d.name)), kind: .\(m.kind))"
                        )
                        w.line("/// The method with its protobuf codecs.")
                        w.line(
                            "\(access)static let rpc = GRPCCore.RPCMethod<Input, Output>(descriptor, requestCodec: .protobuf, responseCodec: .protobuf)"
                        )
                    }
                    w.line()
                }
                w.line("/// Every method's descriptor.")
                w.line("\(access)static let descriptors: [GRPCCore.MethodDescriptor] = [\(methods.map { "\($0.typeName).descriptor" }.joined(separator: ", "))]")
            }
            w.line()
            try emitServer(&w, methods, namespace: namespace)
            w.line()
            try emitClient(&w, methods, namespace: namespace)
        }
        w.line()
        try w.block("extension \(namespace).ServiceProtocol") { (w) throws(GeneratorError) in
            w.line("/// Registers every method of the service in `router`.")
            try w.block("\(access)func register(with router: inout GRPCCore.Router)") { (w) throws(GeneratorError) in
                for m in methods {
                    let rpc = "\(namespace).Method.\(m.typeName).rpc"
                    switch m.kind {
                    case "unary":
                        w.line("router.register(\(rpc), unary: { request, context in try await self.\(m.funcName)(request: request, context: context) })")
                    case "serverStreaming":
                        w.line(
                            "router.register(\(rpc), serverStreaming: { request, response, context in try await self.\(m.funcName)(request: request, response: response, context: context) })"
                        )
                    case "clientStreaming":
                        w.line(
                            "router.register(\(rpc), clientStreaming: { requests, context in try await self.\(m.funcName)(requests: requests, context: context) })"
                        )
                    default:
                        w.line(
                            "router.register(\(rpc), bidiStreaming: { requests, response, context in try await self.\(m.funcName)(requests: requests, response: response, context: context) })"
                        )
                    }
                }
            }
        }
    }

    private func emitServer(_ w: inout CodeWriter, _ methods: [Method], namespace: String) throws(GeneratorError) {
        let access = context.options.access
        w.line("/// The server side: implement one function per method, then register the service with a server.")
        try w.block("\(access)protocol ServiceProtocol: GRPCCore.RegistrableService") { (w) throws(GeneratorError) in
            for (i, m) in methods.enumerated() {
                if i > 0 { w.line() }
                w.doc(context.comments.leading(m.path))
                let t = "\(namespace).Method.\(m.typeName)"
                switch m.kind {
                case "unary":
                    w.line("func \(m.funcName)(request: \(t).Input, context: GRPCCore.ServerContext) async throws -> \(t).Output")
                case "serverStreaming":
                    w.line(
                        "func \(m.funcName)(request: \(t).Input, response: GRPCCore.ResponseWriter<\(t).Output>, context: GRPCCore.ServerContext) async throws"
                    )
                case "clientStreaming":
                    w.line(
                        "func \(m.funcName)(requests: GRPCCore.MessageStream<\(t).Input>, context: GRPCCore.ServerContext) async throws -> \(t).Output"
                    )
                default:
                    w.line(
                        "func \(m.funcName)(requests: GRPCCore.MessageStream<\(t).Input>, response: GRPCCore.ResponseWriter<\(t).Output>, context: GRPCCore.ServerContext) async throws"
                    )
                }
            }
        }
    }

    private func emitClient(_ w: inout CodeWriter, _ methods: [Method], namespace: String) throws(GeneratorError) {
        let access = context.options.access
        let common = "metadata: GRPCCore.Metadata = GRPCCore.Metadata(), options: GRPCCore.CallOptions = GRPCCore.CallOptions()"
        let isolation = "isolation: isolated (any Swift.Actor)? = #isolation"
        w.line("/// The client side: one function per method over any channel; streaming calls are scoped to their closure.")
        try w.block("\(access)struct Client: Swift.Sendable") { (w) throws(GeneratorError) in
            w.line("/// The client that makes the calls.")
            w.line("\(access)let client: GRPCCore.Client")
            w.line()
            w.line("/// Creates a client that calls through `client`.")
            w.line("\(access)init(wrapping client: GRPCCore.Client) { self.client = client }")
            w.line()
            w.line("/// Creates a client over `channel`.")
            w.line("\(access)init(channel: any GRPCCore.Channel) { self.client = GRPCCore.Client(channel: channel) }")
            for m in methods {
                w.line()
                w.doc(context.comments.leading(m.path))
                let t = "\(namespace).Method.\(m.typeName)"
                switch m.kind {
                case "unary":
                    try w.block("\(access)func \(m.funcName)(_ request: \(t).Input, \(common)) async throws -> \(t).Output") { (w) throws(GeneratorError) in
                        w.line("try await self.client.unary(request, method: \(t).rpc, metadata: metadata, options: options)")
                    }
                case "serverStreaming":
                    try w.block(
                        "\(access)func \(m.funcName)<Result>(_ request: \(t).Input, \(common), \(isolation), _ body: (GRPCCore.StreamingResponse<\(t).Output>) async throws -> Result) async throws -> Result"
                    ) { (w) throws(GeneratorError) in
                        w.line("try await self.client.serverStreaming(request, method: \(t).rpc, metadata: metadata, options: options, isolation: isolation, body)")
                    }
                case "clientStreaming":
                    try w.block(
                        "\(access)func \(m.funcName)(\(common), \(isolation), requests: (GRPCCore.RequestWriter<\(t).Input>) async throws -> Void) async throws -> \(t).Output"
                    ) { (w) throws(GeneratorError) in
                        w.line(
                            "try await self.client.clientStreaming(method: \(t).rpc, metadata: metadata, options: options, isolation: isolation, requests: requests).message"
                        )
                    }
                default:
                    try w.block(
                        "\(access)func \(m.funcName)<Result>(\(common), \(isolation), _ body: (GRPCCore.RequestWriter<\(t).Input>, GRPCCore.StreamingResponse<\(t).Output>) async throws -> Result) async throws -> Result"
                    ) { (w) throws(GeneratorError) in
                        w.line("try await self.client.bidiStreaming(method: \(t).rpc, metadata: metadata, options: options, isolation: isolation, body)")
                    }
                }
            }
        }
    }
}
