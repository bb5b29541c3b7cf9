// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "grpc-mini",
    products: [
        .library(name: "ProtoWire", targets: ["ProtoWire"]),
        .library(name: "GRPCCore", targets: ["GRPCCore"]),
        .library(name: "InProcTransport", targets: ["InProcTransport"]),
        .library(name: "HTTP2Transport", targets: ["HTTP2Transport"]),
        .executable(name: "grpc-mini-demo", targets: ["Demo"]),
    ],
    targets: [
        .systemLibrary(
            name: "CNGHTTP2",
            path: "Sources/CNGHTTP2",
            pkgConfig: "libnghttp2",
            providers: [.apt(["libnghttp2-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "CLinuxShim"),
        .target(name: "ProtoWire"),
        .target(name: "GRPCCore", dependencies: ["ProtoWire", "CZlib"]),
        .target(name: "InProcTransport", dependencies: ["GRPCCore"]),
        .target(name: "HTTP2Transport", dependencies: ["GRPCCore", "CNGHTTP2", "CLinuxShim"]),
        .executableTarget(
            name: "Demo",
            dependencies: ["GRPCCore", "InProcTransport", "ProtoWire", "HTTP2Transport"],
            path: "Examples/Demo"
        ),
        .testTarget(name: "ProtoWireTests", dependencies: ["ProtoWire"]),
        .testTarget(name: "GRPCCoreTests", dependencies: ["GRPCCore", "ProtoWire"]),
        .testTarget(
            name: "ConformanceTests",
            dependencies: ["GRPCCore", "ProtoWire", "InProcTransport", "HTTP2Transport"]
        ),
        .testTarget(name: "InProcTransportTests", dependencies: ["GRPCCore", "InProcTransport"]),
        .testTarget(
            name: "HTTP2TransportTests",
            dependencies: ["GRPCCore", "HTTP2Transport", "CNGHTTP2"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// protoc-gen-grpc-mini: the protoc plugin, its library, the build-tool plugin, the well-known types.
package.products += [
    .executable(name: "protoc-gen-grpc-mini", targets: ["protoc-gen-grpc-mini"]),
    .plugin(name: "GRPCMiniGenerator", targets: ["GRPCMiniGenerator"]),
]
package.targets += [
    .target(name: "GRPCMiniCodeGen", dependencies: ["ProtoWire", "WellKnownTypes"]),
    .executableTarget(name: "protoc-gen-grpc-mini", dependencies: ["GRPCMiniCodeGen"]),
    .plugin(name: "GRPCMiniGenerator", capability: .buildTool(), dependencies: ["protoc-gen-grpc-mini"]),
]
package.products += [.library(name: "WellKnownTypes", targets: ["WellKnownTypes"])]
package.targets += [.target(name: "WellKnownTypes", dependencies: ["ProtoWire"])]
package.targets += [
    .testTarget(
        name: "ProtocPluginTests",
        dependencies: ["GRPCMiniCodeGen", "ProtoWire", "GRPCCore", "InProcTransport", "WellKnownTypes", "GRPCInteropProtos"],
        exclude: ["Protos", "Golden", "crosscheck.py"]
    ),
]
package.products += [.library(name: "GRPCInteropProtos", targets: ["GRPCInteropProtos"])]
package.targets += [
    // Generated from Debian grpc-proto's grpc/testing/{empty,messages,test}.proto by scripts/generate-protos.sh.
    .target(name: "GRPCInteropProtos", dependencies: ["GRPCCore", "ProtoWire"], path: "Interop/GRPCInteropProtos"),
]
package.targets += [
    // Example of the build-tool plugin: Swift generated from Protos/greeter.proto at build time.
    .executableTarget(
        name: "BuildPluginDemo",
        dependencies: ["GRPCCore", "InProcTransport", "ProtoWire", "WellKnownTypes"],
        path: "Examples/BuildPluginDemo",
        exclude: ["grpc-mini-config.json"],
        plugins: ["GRPCMiniGenerator"]
    ),
]
package.targets += [
    // The server the hostile-peer suite (Tests/Hostile/hostile.py, run by scripts/test.sh) attacks.
    .executableTarget(
        name: "hostile-test-server",
        dependencies: ["GRPCCore", "HTTP2Transport", "WellKnownTypes"],
        path: "Tests/Hostile/Server"
    ),
    // Interop (issue 15): grpc.testing.TestService server and client for gRPC's interop cases,
    // run against gRPC C-core peers by Interop/run.sh (called from scripts/test.sh).
    .executableTarget(
        name: "interop-server",
        dependencies: ["GRPCCore", "HTTP2Transport", "GRPCInteropProtos", "GRPCHealth", "GRPCReflection"],
        path: "Interop/Server"
    ),
    .executableTarget(
        name: "interop-client",
        dependencies: ["GRPCCore", "HTTP2Transport", "GRPCInteropProtos", "ProtoWire"],
        path: "Interop/Client"
    ),
]

// Health checking and server reflection (issue 17): ordinary generated services on the public
// API, each enabled by adding it to a server's services; a demo server that serves both.
package.products += [
    .library(name: "GRPCHealth", targets: ["GRPCHealth"]),
    .library(name: "GRPCReflection", targets: ["GRPCReflection"]),
    .executable(name: "health-reflection-demo", targets: ["HealthReflectionDemo"]),
]
package.targets += [
    // Generated/ is made from Debian grpc-proto's grpc/health/v1/health.proto by scripts/generate-protos.sh.
    .target(name: "GRPCHealth", dependencies: ["GRPCCore", "ProtoWire"]),
    // Generated/ is made from grpc-proto's grpc/reflection/{v1,v1alpha}/reflection.proto.
    .target(name: "GRPCReflection", dependencies: ["GRPCCore", "ProtoWire", "WellKnownTypes"]),
    .executableTarget(
        name: "HealthReflectionDemo",
        dependencies: ["GRPCCore", "ProtoWire", "HTTP2Transport", "GRPCHealth", "GRPCReflection", "GRPCInteropProtos"],
        path: "Examples/HealthReflectionDemo"
    ),
]
for target in package.targets where target.name == "ConformanceTests" {
    target.dependencies += ["GRPCHealth", "GRPCReflection", "GRPCInteropProtos", "WellKnownTypes"]
}

// The fan-out proxy (issue 16): the seed's scenario. `FanOut` holds the code generated from
// Examples/FanOut/Protos/liststrings.proto, the backend and the proxy; `fanout` runs them
// (backend, proxy, client); scripts/demo.sh puts them together.
package.products += [.executable(name: "fanout", targets: ["FanOutCommand"])]
package.targets += [
    .target(
        name: "FanOut",
        dependencies: ["GRPCCore", "ProtoWire", "InProcTransport", "HTTP2Transport"],
        path: "Examples/FanOut/FanOut"
    ),
    .executableTarget(
        name: "FanOutCommand",
        dependencies: ["FanOut", "GRPCCore", "InProcTransport", "HTTP2Transport", "GRPCHealth", "GRPCReflection"],
        path: "Examples/FanOut/fanout"
    ),
    .testTarget(
        name: "FanOutTests",
        dependencies: ["FanOut", "GRPCCore", "InProcTransport", "HTTP2Transport"]
    ),
]
