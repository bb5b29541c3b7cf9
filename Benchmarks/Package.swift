// swift-tools-version:6.0
// Benchmarks for grpc-mini. A separate package so the runtime never depends on peer libraries.
import PackageDescription

let package = Package(
    name: "grpc-mini-benchmarks",
    dependencies: [
        // The peer: grpc-swift-2's InProcessTransport. Its module `GRPCCore` clashes with
        // grpc-mini's own `GRPCCore`, so it is renamed to `GRPCCore2` in this package (both of
        // its products below carry the same alias). grpc-mini's rows will add
        // `.package(path: "..")` and `.product(name: "GRPCCore", package: "grpc-mini")`; the two
        // modules then coexist as `GRPCCore` (grpc-mini) and `GRPCCore2` (checked with a
        // stand-in package named grpc-mini exposing a GRPCCore module).
        .package(url: "https://github.com/grpc/grpc-swift-2", exact: "2.4.3"),
        // The codec benchmark's peer: swift-protobuf's generated messages.
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        // grpc-mini itself.
        .package(name: "grpc-mini", path: ".."),
    ],
    targets: [
        // Counts malloc/calloc/realloc/memalign calls by interposing them in the executable.
        .target(
            name: "CMallocCounter",
            linkerSettings: [
                // The executable exports only the interposed functions some linked library
                // references; export all of them so any library loaded later uses them too.
                .unsafeFlags(["malloc", "calloc", "realloc", "posix_memalign", "aligned_alloc", "memalign"]
                    .flatMap { ["-Xlinker", "--export-dynamic-symbol=\($0)"] }),
            ]
        ),
        .executableTarget(
            name: "ListStringsBench",
            dependencies: [
                "CMallocCounter",
                .product(
                    name: "GRPCCore", package: "grpc-swift-2",
                    moduleAliases: ["GRPCCore": "GRPCCore2"]
                ),
                .product(
                    name: "GRPCInProcessTransport", package: "grpc-swift-2",
                    moduleAliases: ["GRPCCore": "GRPCCore2"]
                ),
                .product(name: "GRPCCore", package: "grpc-mini"),
                .product(name: "InProcTransport", package: "grpc-mini"),
                .product(name: "ProtoWire", package: "grpc-mini"),
            ]
        ),
        // Memory check: rounds of 100,000 badly ending in-process calls.
        .executableTarget(
            name: "LeakCheck",
            dependencies: [
                "CMallocCounter",
                .product(name: "GRPCCore", package: "grpc-mini"),
                .product(name: "HTTP2Transport", package: "grpc-mini"),
                .product(name: "InProcTransport", package: "grpc-mini"),
            ]
        ),
        // swift-protobuf's generated code for the codec benchmark (checked in, see its README.md).
        .target(
            name: "SwiftProtobufMessages",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["README.md"]
        ),
        // Encode/decode of generated messages: grpc-mini against swift-protobuf 1.39.
        .executableTarget(
            name: "CodecBench",
            dependencies: [
                "CMallocCounter", "SwiftProtobufMessages",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "ProtoWire", package: "grpc-mini"),
                .product(name: "GRPCInteropProtos", package: "grpc-mini"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
