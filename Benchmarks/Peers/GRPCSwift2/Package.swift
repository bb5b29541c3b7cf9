// swift-tools-version:6.1
// The grpc-swift-2 peer of the HTTP/2 benchmark rows: grpc-swift-2 2.4.3 over
// grpc-swift-nio-transport 2.9.2 (HTTP2ServerTransport.Posix / HTTP2ClientTransport.Posix,
// plaintext), as a server executable and a client executable following the process protocol
// of Benchmarks/README.md. Its own package because grpc-swift-2's module `GRPCCore` clashes with
// grpc-mini's and a module alias does not work through grpc-swift-nio-transport.
import PackageDescription

let package = Package(
    name: "grpc-swift-2-peer",
    dependencies: [
        .package(url: "https://github.com/grpc/grpc-swift-2", exact: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", exact: "2.9.2"),
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
            name: "GRPCSwift2Common",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "PeerKit", package: "PeerKit"),
            ]
        ),
        .executableTarget(
            name: "GRPCSwift2Server",
            dependencies: [
                "GRPCSwift2Common",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                .product(name: "PeerKit", package: "PeerKit"),
            ]
        ),
        .executableTarget(
            name: "GRPCSwift2Client",
            dependencies: [
                "CMallocCounter",
                "GRPCSwift2Common",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                .product(name: "PeerKit", package: "PeerKit"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
