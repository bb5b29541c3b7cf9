import GRPCCore
import HTTP2Transport
import InProcTransport
import ProtoWire

/// Calls a ListStrings service through the in-process channel with the generated client: unary,
/// server streaming with trailers, an error status, a deadline, and the bytes ProtoWire puts on a wire.
@main
struct Demo {
    static func main() async throws {
        try await run()
    }

    nonisolated static func run() async throws {
        let client = Demo_ListStrings.Client(channel: InProcessChannel(server: Server(services: [ListStringsService()])))

        let one = try await client.count(.with { $0.count = 3 })
        print("unary Count(3) -> \(one.strings)")

        let (received, trailers) = try await client.list(.with { $0.count = 5 }) { response in
            var received: [String] = []
            for try await message in response.messages { received.append(contentsOf: message.strings) }
            return (received, response.trailers)
        }
        print("server streaming List(5) -> \(received), trailers \(trailers ?? Metadata())")

        do {
            _ = try await client.count(.with { $0.count = -1 })
        } catch let error as RPCError {
            print("unary Count(-1) -> \(error)")
        }

        do {
            try await client.list(.with { $0.count = 1_000_000_000 }, options: CallOptions(timeout: .milliseconds(20))) { response in
                for try await _ in response.messages {}
            }
        } catch let error as RPCError {
            print("List(1e9) with a 20 ms timeout -> \(error)")
        }

        let bytes = Demo_ListResponse.with { $0.strings = ["a", "bc"] }.serializedBytes()
        print("ListResponse{strings: [a, bc]} on the wire: \(bytes.map { String($0, radix: 16) }.joined(separator: " "))")
        print("linked libnghttp2 \(nghttp2LinkedVersion())")
    }
}
