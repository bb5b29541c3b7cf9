import GRPCCore
import HTTP2Transport
import InProcTransport
import ProtoWire

/// Calls a ListStrings service through the in-process channel: unary, server streaming with
/// trailers, an error status, a deadline, and the bytes ProtoWire puts on a wire.
@main
struct Demo {
    static func main() async throws {
        try await run()
    }

    nonisolated static func run() async throws {
        let client = Client(channel: InProcessChannel(server: Server(services: [ListStrings.Service()])))

        let one = try await client.unary(ListRequest(count: 3), method: ListStrings.count)
        print("unary Count(3) -> \(one.strings)")

        let (received, trailers) = try await client.serverStreaming(ListRequest(count: 5), method: ListStrings.list) { response in
            var received: [String] = []
            for try await message in response.messages { received.append(contentsOf: message.strings) }
            return (received, response.trailers)
        }
        print("server streaming List(5) -> \(received), trailers \(trailers ?? Metadata())")

        do {
            _ = try await client.unary(ListRequest(count: -1), method: ListStrings.count)
        } catch let error as RPCError {
            print("unary Count(-1) -> \(error)")
        }

        do {
            try await client.serverStreaming(ListRequest(count: 1_000_000_000), method: ListStrings.list,
                                             options: CallOptions(timeout: .milliseconds(20))) { response in
                for try await _ in response.messages {}
            }
        } catch let error as RPCError {
            print("List(1e9) with a 20 ms timeout -> \(error)")
        }

        let bytes = ListResponse(strings: ["a", "bc"]).serializedBytes()
        print("ListResponse{strings: [a, bc]} on the wire: \(bytes.map { String($0, radix: 16) }.joined(separator: " "))")
        print("linked libnghttp2 \(nghttp2LinkedVersion())")
    }
}

extension ListRequest {
    init(count: Int32) {
        self.init()
        self.count = count
    }
}

extension ListResponse {
    init(strings: [String]) {
        self.init()
        self.strings = strings
    }
}
