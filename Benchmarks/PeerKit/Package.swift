// swift-tools-version:6.0
// What every Swift peer executable of the benchmark shares: the process protocol (server
// flags, READY line, lifetime; client flags), the measurement, the JSON row, the ListStrings
// workload and its protobuf bytes. No dependencies, so a peer with a clashing module (grpc-swift-2's
// `GRPCCore`) and grpc-mini's own rows can both use it. See Benchmarks/README.md.
import PackageDescription

let package = Package(
    name: "PeerKit",
    products: [.library(name: "PeerKit", targets: ["PeerKit"])],
    targets: [.target(name: "PeerKit")],
    swiftLanguageModes: [.v6]
)
