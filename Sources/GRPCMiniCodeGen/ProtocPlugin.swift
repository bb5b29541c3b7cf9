import ProtoWire
import WellKnownTypes

/// The protoc plugin: a CodeGeneratorRequest in, a CodeGeneratorResponse out.
public enum ProtocPlugin {
    /// Bit 1 of `supported_features`: proto3 `optional` fields are handled.
    static let featureProto3Optional: UInt64 = 1

    /// Answers an encoded request with an encoded response; a request that is not protobuf throws.
    public static func run(request bytes: [UInt8]) throws(ProtoDecodingError) -> [UInt8] {
        let request = try Google_Protobuf_Compiler_CodeGeneratorRequest(serializedBytes: bytes)
        return respond(to: request).serializedBytes()
    }

    /// Generates the files of `request`, or a response whose `error` names the file and element at fault.
    static func respond(to request: Google_Protobuf_Compiler_CodeGeneratorRequest) -> Google_Protobuf_Compiler_CodeGeneratorResponse {
        var response = Google_Protobuf_Compiler_CodeGeneratorResponse()
        response.supportedFeatures = featureProto3Optional
        do throws(GeneratorError) {
            response.file = try generate(request)
        } catch {
            response.error = error.message
        }
        return response
    }

    /// The generated files for every file to generate, in request order.
    static func generate(_ request: Google_Protobuf_Compiler_CodeGeneratorRequest) throws(GeneratorError) -> [Google_Protobuf_Compiler_CodeGeneratorResponse.File] {
        let options = try GeneratorOptions(parameter: request.parameter)
        let symbols = try SymbolTable(files: request.protoFile)
        let analysis = MessageAnalysis(symbols: symbols)
        let generated = Set(request.fileToGenerate)
        var out: [Google_Protobuf_Compiler_CodeGeneratorResponse.File] = []
        var names: [String: String] = [:]
        if options.fileDescriptors {
            guard options.messages else {
                throw GeneratorError("FileDescriptors=true needs Messages=true: the descriptors go in the .pb.swift files")
            }
            var constants: [String: String] = [:]
            for name in request.fileToGenerate {
                let constant = DescriptorGenerator.constantName(name)
                if let other = constants[constant] {
                    throw GeneratorError("\(name): its descriptor constant \(constant) has the same name as that of \(other)")
                }
                constants[constant] = name
            }
        }
        for name in request.fileToGenerate {
            guard let file = symbols.files[name] else {
                throw GeneratorError("\(name): the request does not describe this file")
            }
            if !file.syntax.isEmpty, file.syntax != "proto2", file.syntax != "proto3" {
                throw GeneratorError("\(name): syntax \"\(file.syntax)\" is not supported (proto2 and proto3 are)")
            }
            let context = FileContext(
                file: file, options: options, symbols: symbols, analysis: analysis, comments: Comments(file),
                generatedFiles: generated)
            let generator = FileGenerator(context: context)
            var outputs: [(String, String)] = []
            if options.messages {
                outputs.append((FileGenerator.outputName(name, suffix: ".pb.swift", naming: options.fileNaming), try generator.messagesFile()))
            }
            if options.services {
                outputs.append((FileGenerator.outputName(name, suffix: ".grpc.swift", naming: options.fileNaming), try generator.servicesFile()))
            }
            for (path, content) in outputs {
                let base = String(path.split(separator: "/").last ?? Substring(path))
                if let other = names[base] {
                    throw GeneratorError("\(name): its output \(path) has the same file name as the output of \(other); Swift needs unique file names in a module (try FileNaming=PathToUnderscores)")
                }
                names[base] = name
                var f = Google_Protobuf_Compiler_CodeGeneratorResponse.File()
                f.name = path
                f.content = content
                out.append(f)
            }
        }
        return out
    }
}
