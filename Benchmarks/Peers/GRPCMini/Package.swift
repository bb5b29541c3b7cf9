// swift-tools-version:6.0
// grpc-mini's HTTP/2 rows of the benchmark: a server executable and a client executable
// following the process protocol of Benchmarks/README.md, like every peer.
import PackageDescription

let package = Package(
    name: "grpc-mini-peer",
    dependencies: [
        .package(name: "grpc-mini", path: "../../.."),
        .package(name: "PeerKit", path: "../../PeerKit"),
    ],
    targets: [
        // Symlink to Benchmarks/Sources/CMallocCounter: counts the client process's allocations.
        .target(
            name: "CMallocCounter",
            linkerSettings: [
                .unsafeFlags(["malloc", "calloc", "realloc", "posix_memalign", "aligned_alloc", "memalign"]
                    .flatMap { ["-Xlinker", "--export-dynamic-symbol=\($0)"] }),
            ]
        ),
        .target(
            name: "GRPCMiniCommon",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-mini"),
                .product(name: "ProtoWire", package: "grpc-mini"),
                .product(name: "PeerKit", package: "PeerKit"),
            ]
        ),
        .executableTarget(
            name: "GRPCMiniServer",
            dependencies: [
                "GRPCMiniCommon",
                .product(name: "GRPCCore", package: "grpc-mini"),
                .product(name: "HTTP2Transport", package: "grpc-mini"),
                .product(name: "PeerKit", package: "PeerKit"),
            ]
        ),
        .executableTarget(
            name: "GRPCMiniClient",
            dependencies: [
                "CMallocCounter",
                "GRPCMiniCommon",
                .product(name: "GRPCCore", package: "grpc-mini"),
                .product(name: "HTTP2Transport", package: "grpc-mini"),
                .product(name: "PeerKit", package: "PeerKit"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
