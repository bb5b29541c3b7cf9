/// A .proto file as a serialized `google.protobuf.FileDescriptorProto`, with the files it
/// imports: what a reflection service serves. The plugin writes one per file when run with
/// `FileDescriptors=true`.
public struct ProtoFileDescriptor: Sendable, Hashable {
    /// The file's name as protoc saw it, e.g. `grpc/testing/test.proto`.
    public let name: String
    /// The encoded `FileDescriptorProto` (without source code info).
    public let serializedBytes: [UInt8]
    /// The files this file imports, each with its own imports.
    public let dependencies: [ProtoFileDescriptor]

    /// A file `name` whose descriptor encodes to `serializedBytes`, importing `dependencies`.
    public init(name: String, serializedBytes: [UInt8], dependencies: [ProtoFileDescriptor] = []) {
        self.name = name
        self.serializedBytes = serializedBytes
        self.dependencies = dependencies
    }

    /// This file and every file it imports, transitively, each once: the file first, then its
    /// imports depth-first in declaration order.
    public var withTransitiveDependencies: [ProtoFileDescriptor] {
        var seen: Set<String> = []
        var out: [ProtoFileDescriptor] = []
        var stack = [self]
        while let next = stack.popLast() {
            guard seen.insert(next.name).inserted else { continue }
            out.append(next)
            stack.append(contentsOf: next.dependencies.reversed())
        }
        return out
    }
}
