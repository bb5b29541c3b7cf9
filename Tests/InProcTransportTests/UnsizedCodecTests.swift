import GRPCCore
import InProcTransport
import Synchronization
import Testing

/// A codec without a size function still counts against the buffers' byte limit.
@Suite struct UnsizedCodecTests {
    @Test func theBufferByteLimitHoldsForACodecWithoutASizeFunction() async throws {
        let written = Atomic<Int>(0)
        let stream = method("Big", textCodec, textCodec, kind: .serverStreaming)
        let server = Server(services: [Registrar { r in
            r.register(stream, serverStreaming: { request, writer, _ in
                for _ in 0..<100 {
                    try await writer.write(request)
                    written.add(1, ordering: .relaxed)
                }
            })
        }])
        // 1,000 messages would fit, 1,000 bytes hold two of these 500-byte ones.
        let client = Client(channel: InProcessChannel(server: server, bufferLimit: BufferLimit(messages: 1000, bytes: 1000)))
        let count = try await client.serverStreaming(String(repeating: "x", count: 500), method: stream) { response in
            var iterator = response.messages.makeAsyncIterator()
            _ = try await iterator.next()
            try await Task.sleep(for: .milliseconds(100))
            let ahead = written.load(ordering: .relaxed)
            #expect(ahead < 10, "the handler buffered \(ahead) messages of 500 bytes under a 1,000-byte limit")
            var n = 1
            while try await iterator.next() != nil { n += 1 }
            return n
        }
        #expect(count == 100)
    }
}
