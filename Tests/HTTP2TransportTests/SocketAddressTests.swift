import HTTP2Transport
import Testing

/// Targets as users write them: plain addresses and gRPC's naming (doc/naming.md), as C-core
/// clients and their configuration take them.
@Suite struct SocketAddressParsingTests {
    @Test(arguments: [
        ("localhost:50051", SocketAddress.tcp(host: "localhost", port: 50051)),
        ("127.0.0.1:0", .tcp(host: "127.0.0.1", port: 0)),
        ("[::1]:8080", .tcp(host: "::1", port: 8080)),
        (":50051", .tcp(host: "", port: 50051)),
        ("dns:///greeter.example:50051", .tcp(host: "greeter.example", port: 50051)),
        ("dns:greeter.example:50051", .tcp(host: "greeter.example", port: 50051)),
        ("dns:/greeter.example:50051", .tcp(host: "greeter.example", port: 50051)),
        ("dns:///greeter.example", .tcp(host: "greeter.example", port: 443)),
        ("dns:///[::1]:9", .tcp(host: "::1", port: 9)),
        ("ipv4:10.0.0.1:5", .tcp(host: "10.0.0.1", port: 5)),
        ("ipv4:10.0.0.1", .tcp(host: "10.0.0.1", port: 443)),
        ("ipv6:[::1]:5", .tcp(host: "::1", port: 5)),
        ("ipv6:::1", .tcp(host: "::1", port: 443)),
        ("unix:/tmp/a.sock", .unix(path: "/tmp/a.sock")),
        ("unix:relative.sock", .unix(path: "relative.sock")),
        ("unix:///tmp/a.sock", .unix(path: "/tmp/a.sock")),
    ])
    func parses(_ text: String, _ expected: SocketAddress) {
        #expect(SocketAddress(text) == expected)
    }

    @Test(arguments: [
        "localhost",  // no port, no scheme that implies one
        "localhost:",
        "localhost:65536",
        "localhost:-1",
        "localhost:http",
        "localhost:+80",
        "dns:///greeter.example:-0",
        "dns:///greeter.example/path",
        "::1:50051",  // IPv6 without brackets
        "[::1]",
        "[::1]50051",
        "dns://8.8.8.8/greeter.example:50051",  // a DNS server getaddrinfo cannot be told to use
        "dns:///",
        "ipv4:greeter.example:5",  // not an IPv4 literal
        "ipv4:10.0.0.1:5,10.0.0.2:5",  // address lists are not supported
        "ipv6:10.0.0.1",
        "unix:",
        "unix://relative.sock",
        "",
    ])
    func rejects(_ text: String) {
        #expect(SocketAddress(text) == nil)
    }

    @Test func describesItselfInAFormItParses() {
        for address in [SocketAddress.tcp(host: "::1", port: 5), .tcp(host: "h", port: 1), .unix(path: "/tmp/x.sock")] {
            #expect(SocketAddress(address.description) == address)
        }
    }
}
