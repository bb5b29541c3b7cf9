import ProtoWire
import WellKnownTypes

/// Emits a file's serialized FileDescriptorProto (option `FileDescriptors`): a
/// `ProtoWire.ProtoFileDescriptor` constant that links to the constants of the files it
/// imports when they are generated in the same run (one module), and embeds the others whole.
struct DescriptorGenerator {
    let context: FileContext

    /// The Swift name of the constant that holds `protoName`'s descriptor.
    static func constantName(_ protoName: String) -> String {
        "fileDescriptor_" + String(String.UnicodeScalarView(protoName.unicodeScalars.map { s in
            (("0"..."9").contains(s) || ("a"..."z").contains(s) || ("A"..."Z").contains(s)) ? s : "_"
        }))
    }

    /// The descriptor as embedded: what protoc sent, less the source code info (comments, spans)
    /// that a reflection client has no use for.
    static func embeddedBytes(_ file: Google_Protobuf_FileDescriptorProto) -> [UInt8] {
        var copy = file
        copy.clearSourceCodeInfo()
        return copy.serializedBytes()
    }

    func emit(_ w: inout CodeWriter) throws(GeneratorError) {
        let file = context.file
        let access = context.options.access
        var bytesConstants: [(String, Google_Protobuf_FileDescriptorProto)] = []
        let value = try descriptorExpression(file, linkingOwn: false, bytes: &bytesConstants)
        w.line()
        w.line("/// \(file.name) as a serialized FileDescriptorProto, with the files it imports: what a reflection service serves.")
        w.line("\(access)let \(Self.constantName(file.name)): ProtoWire.ProtoFileDescriptor = \(value)")
        for (name, f) in bytesConstants {
            w.line()
            w.line("/// The encoded FileDescriptorProto of \(f.name).")
            w.line("private let \(name): [Swift.UInt8] = [")
            let bytes = Self.embeddedBytes(f)
            var i = 0
            while i < bytes.count {
                let row = bytes[i..<min(i + 20, bytes.count)].map { b in
                    let hex = String(b, radix: 16)
                    return "0x" + (hex.count == 1 ? "0" + hex : hex)
                }
                w.line("    " + row.joined(separator: ", ") + ",")
                i += 20
            }
            w.line("]")
        }
    }

    /// `ProtoWire.ProtoFileDescriptor(...)` for `file`: its imports generated in this run by
    /// their constants, the others embedded whole (recursively); `bytes` collects the byte arrays.
    private func descriptorExpression(
        _ file: Google_Protobuf_FileDescriptorProto, linkingOwn: Bool,
        bytes: inout [(String, Google_Protobuf_FileDescriptorProto)]
    ) throws(GeneratorError) -> String {
        if linkingOwn, context.generatedFiles.contains(file.name) {
            return Self.constantName(file.name)
        }
        let bytesName = "_bytes_" + Self.constantName(file.name)
        if !bytes.contains(where: { $0.0 == bytesName }) { bytes.append((bytesName, file)) }
        var deps: [String] = []
        for d in file.dependency {
            guard let dep = context.symbols.files[d] else {
                throw GeneratorError("\(context.file.name): the request does not describe \(d), which \(file.name) imports")
            }
            deps.append(try descriptorExpression(dep, linkingOwn: true, bytes: &bytes))
        }
        return "ProtoWire.ProtoFileDescriptor(name: \(Naming.stringLiteral(file.name)), serializedBytes: \(bytesName), dependencies: [\(deps.joined(separator: ", "))])"
    }
}
