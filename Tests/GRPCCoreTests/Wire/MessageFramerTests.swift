import GRPCCore
import Testing

@Suite("MessageFramer")
struct MessageFramerTests {
    @Test("An uncompressed message gets flag 0 and its big-endian length")
    func exactBytes() throws {
        let framer = MessageFramer()
        #expect(try framer.frame([1, 2, 3]) == [0, 0, 0, 0, 3, 1, 2, 3])
        #expect(try framer.frame([]) == [0, 0, 0, 0, 0])
        let large = [UInt8](repeating: 0xAB, count: 0x01_02_03)
        let framed = try framer.frame(large)
        #expect(Array(framed.prefix(5)) == [0, 0, 0x01, 0x02, 0x03])
        #expect(Array(framed.dropFirst(5)) == large)
    }

    @Test("Messages are appended after what the output already holds")
    func appends() throws {
        let framer = MessageFramer()
        var output: [UInt8] = []
        try framer.append([0xA], to: &output)
        try framer.append([0xB, 0xC], to: &output)
        #expect(output == [0, 0, 0, 0, 1, 0xA, 0, 0, 0, 0, 2, 0xB, 0xC])
    }

    @Test("The raw-buffer overload frames the same bytes")
    func rawBuffer() throws {
        let framer = MessageFramer()
        let message: [UInt8] = [5, 6, 7, 8]
        var output: [UInt8] = []
        try message.withUnsafeBytes { bytes in try framer.append(bytes, to: &output) }
        #expect(output == (try framer.frame(message)))
    }

    @Test("A compressing framer sets flag 1 and the compressed length", arguments: [CompressionAlgorithm.gzip, .deflate])
    func compressed(algorithm: CompressionAlgorithm) throws {
        let message = WireFixtures.compressibleBytes(10_000)
        let framed = try MessageFramer(compression: algorithm).frame(message)
        #expect(framed[0] == 1)
        let length = Int(framed[1]) << 24 | Int(framed[2]) << 16 | Int(framed[3]) << 8 | Int(framed[4])
        #expect(length == framed.count - 5)
        #expect(length < message.count)
        #expect(try algorithm.decompress(Array(framed.dropFirst(5)), limit: message.count) == message)
    }

    @Test("compress: false sends one message uncompressed even with an algorithm set")
    func perMessageOptOut() throws {
        let framer = MessageFramer(compression: .gzip)
        #expect(try framer.frame([1, 2], compress: false) == [0, 0, 0, 0, 2, 1, 2])
    }

    @Test("identity never sets the compressed flag")
    func identity() throws {
        #expect(try MessageFramer(compression: .identity).frame([9]) == [0, 0, 0, 0, 1, 9])
    }

    @Test("A payload over the send limit is RESOURCE_EXHAUSTED and leaves the output unchanged")
    func sendLimit() throws {
        let framer = MessageFramer(maxMessageSize: 4)
        var output: [UInt8] = [42]
        try framer.append([1, 2, 3, 4], to: &output)
        let before = output
        let error = WireFixtures.rpcError { try framer.append([1, 2, 3, 4, 5], to: &output) }
        #expect(error?.code == .resourceExhausted)
        #expect(output == before)
    }

    @Test("The send limit applies to the compressed payload, and a refusal leaves the output unchanged")
    func compressedSendLimit() throws {
        let message = WireFixtures.randomBytes(1000, seed: 7)  // does not compress
        let framer = MessageFramer(compression: .gzip, maxMessageSize: 1000)
        var output: [UInt8] = [1, 2, 3]
        let error = WireFixtures.rpcError { try framer.append(message, to: &output) }
        #expect(error?.code == .resourceExhausted)
        #expect(output == [1, 2, 3])
        // Repetitive data compresses well under the same limit.
        try framer.append(WireFixtures.compressibleBytes(5000), to: &output)
        #expect(output[3] == 1)
    }

    @Test("A framable message gets its prefix written into its room, uncompressed or compressed", arguments: [CompressionAlgorithm.identity, .gzip, .deflate])
    func framable(algorithm: CompressionAlgorithm) throws {
        let message = WireFixtures.compressibleBytes(10_000)
        var buffer = [0, 0, 0, 0, 0] + message
        try MessageFramer(compression: algorithm).frame(framable: &buffer)
        #expect(buffer == (try MessageFramer(compression: algorithm).frame(message)))
        var uncompressed = [0, 0, 0, 0, 0] + message
        try MessageFramer(compression: algorithm).frame(framable: &uncompressed, compress: false)
        #expect(uncompressed == (try MessageFramer().frame(message)))
    }

    @Test("A framable message over the send limit is RESOURCE_EXHAUSTED and stays as it was")
    func framableSendLimit() throws {
        for algorithm in [CompressionAlgorithm.identity, .gzip] {
            let message = WireFixtures.randomBytes(1000, seed: 3)  // does not compress
            var buffer = [0, 0, 0, 0, 0] + message
            let error = WireFixtures.rpcError { try MessageFramer(compression: algorithm, maxMessageSize: 999).frame(framable: &buffer) }
            #expect(error?.code == .resourceExhausted)
            #expect(buffer == [0, 0, 0, 0, 0] + message)
        }
    }

    @Test("A codec without its own framable encoder or borrowed decoder goes through serialize and deserialize")
    func defaultFramableEncoder() throws {
        let codec = Codec<String>(serialize: { Array($0.utf8) }, deserialize: { String(decoding: $0, as: UTF8.self) })
        #expect(try codec.serializeFramable("abc") == [0, 0, 0, 0, 0, 97, 98, 99])
        #expect(try codec.serializeFramable("") == [0, 0, 0, 0, 0])
        let bytes: [UInt8] = [104, 105]
        #expect(try bytes.withUnsafeBytes { try codec.deserializeBorrowed($0) } == "hi")
    }
}
