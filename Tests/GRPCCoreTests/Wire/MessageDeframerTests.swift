import GRPCCore
import Testing

@Suite("MessageDeframer")
struct MessageDeframerTests {
    /// Frames `messages`, compressing every other one when `algorithm` compresses.
    static func stream(_ messages: [[UInt8]], algorithm: CompressionAlgorithm = .identity) throws -> [UInt8] {
        let framer = MessageFramer(compression: algorithm)
        var output: [UInt8] = []
        for (index, message) in messages.enumerated() {
            try framer.append(message, compress: index % 2 == 0, to: &output)
        }
        return output
    }

    static let sampleMessages: [[UInt8]] = [
        [], [1], WireFixtures.compressibleBytes(300), WireFixtures.randomBytes(1000, seed: 1), [], WireFixtures.compressibleBytes(70_000), WireFixtures.randomBytes(17, seed: 2),
    ]

    /// Feeds `stream` in `chunks` and returns every message produced, checking the end.
    static func deframe(
        _ chunks: [ArraySlice<UInt8>],
        algorithm: CompressionAlgorithm = .identity,
        max: Int = 1 << 20
    ) throws -> [[UInt8]] {
        var deframer = MessageDeframer(maxMessageSize: max, compression: algorithm)
        var messages: [[UInt8]] = []
        for chunk in chunks {
            try deframer.append(Array(chunk))
            while let message = try deframer.next() { messages.append(message) }
        }
        try deframer.finish()
        #expect(deframer.bufferedByteCount == 0)
        return messages
    }

    static func split(_ bytes: [UInt8], seed: UInt64, maxChunk: Int) -> [ArraySlice<UInt8>] {
        var generator = WireFixtures.SeededGenerator(seed: seed)
        var chunks: [ArraySlice<UInt8>] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + Int.random(in: 1...maxChunk, using: &generator))
            chunks.append(bytes[start..<end])
            start = end
        }
        return chunks
    }

    @Test("Known bytes yield the messages")
    func knownBytes() throws {
        let bytes: [UInt8] = [0, 0, 0, 0, 3, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 9]
        #expect(try Self.deframe([bytes[...]]) == [[1, 2, 3], [], [9]])
    }

    @Test("Nothing is returned until a message is complete")
    func incomplete() throws {
        var deframer = MessageDeframer(maxMessageSize: 100)
        try deframer.append([0, 0, 0, 0])
        #expect(try deframer.next() == nil)
        try deframer.append([2, 7])
        #expect(try deframer.next() == nil)
        #expect(deframer.hasPartialMessage)
        try deframer.append([8])
        #expect(try deframer.next() == [7, 8])
        #expect(try deframer.next() == nil)
        #expect(!deframer.hasPartialMessage)
        try deframer.finish()
    }

    @Test("Fed one byte at a time", arguments: CompressionAlgorithm.allCases)
    func oneByteAtATime(algorithm: CompressionAlgorithm) throws {
        let bytes = try Self.stream(Self.sampleMessages, algorithm: algorithm)
        let chunks = bytes.indices.map { bytes[$0...$0] }
        #expect(try Self.deframe(chunks, algorithm: algorithm) == Self.sampleMessages)
    }

    @Test("Fed in random splits", arguments: CompressionAlgorithm.allCases, [1, 2, 3, 4, 5])
    func randomSplits(algorithm: CompressionAlgorithm, seed: UInt64) throws {
        let bytes = try Self.stream(Self.sampleMessages, algorithm: algorithm)
        for maxChunk in [7, 100, 20_000] {
            let chunks = Self.split(bytes, seed: seed, maxChunk: maxChunk)
            #expect(try Self.deframe(chunks, algorithm: algorithm) == Self.sampleMessages)
        }
    }

    @Test("Fed all at once, and through the raw-buffer overload")
    func wholeStream() throws {
        let bytes = try Self.stream(Self.sampleMessages, algorithm: .gzip)
        #expect(try Self.deframe([bytes[...]], algorithm: .gzip) == Self.sampleMessages)

        var deframer = MessageDeframer(maxMessageSize: 1 << 20, compression: .gzip)
        try bytes.withUnsafeBytes { raw in try deframer.append(raw) }
        var messages: [[UInt8]] = []
        while let message = try deframer.next() { messages.append(message) }
        #expect(messages == Self.sampleMessages)
    }

    @Test("Draining each chunk as it is fed yields every message and its flag, split anywhere", arguments: CompressionAlgorithm.allCases)
    func drainedPerChunk(algorithm: CompressionAlgorithm) throws {
        let bytes = try Self.stream(Self.sampleMessages, algorithm: algorithm)
        let flags = Self.sampleMessages.indices.map { $0 % 2 == 0 && algorithm.compresses }
        for seed: UInt64 in 1...5 {
            // Whole, in chunks that often hold complete messages (lent straight from the
            // chunk), and in chunks that split prefixes and bodies (buffered).
            for maxChunk in [bytes.count, 2_000, 7] {
                var deframer = MessageDeframer(maxMessageSize: 1 << 20, compression: algorithm)
                var messages: [[UInt8]] = []
                var seen: [Bool] = []
                for chunk in Self.split(bytes, seed: seed, maxChunk: maxChunk) {
                    try Array(chunk).withUnsafeBytes { raw in
                        try deframer.append(raw) { message, compressed in
                            messages.append(Array(message))
                            seen.append(compressed)
                        }
                    }
                }
                try deframer.finish()
                #expect(messages == Self.sampleMessages)
                #expect(seen == flags)
                #expect(deframer.bufferedByteCount == 0)
            }
        }
    }

    @Test("A message whose consumer throws is taken, and the messages after it stay for later")
    func drainedConsumerThrows() throws {
        let messages: [[UInt8]] = [[1], [2, 2], [3, 3, 3]]
        let bytes = try Self.stream(messages)
        var deframer = MessageDeframer(maxMessageSize: 100)
        var got: [[UInt8]] = []
        let error = #expect(throws: RPCError.self) {
            try bytes.withUnsafeBytes { raw in
                try deframer.append(raw) { message, _ throws(RPCError) in
                    got.append(Array(message))
                    if message.count == 2 { throw RPCError(.internal, "rejected") }
                }
            }
        }
        #expect(error?.message == "rejected")
        #expect(got == [[1], [2, 2]])
        #expect(try deframer.next() == [3, 3, 3])
        try deframer.finish()
    }

    @Test("Each message's compressed flag is reported after it is returned")
    func compressedFlagPerMessage() throws {
        let bytes = try Self.stream(Self.sampleMessages, algorithm: .gzip)
        var deframer = MessageDeframer(maxMessageSize: 1 << 20, compression: .gzip)
        try deframer.append(bytes)
        var flags: [Bool] = []
        while try deframer.next() != nil { flags.append(deframer.lastMessageWasCompressed) }
        // `stream` compresses every other message, starting with the first.
        #expect(flags == Self.sampleMessages.indices.map { $0 % 2 == 0 })
    }

    @Test("Many small messages in odd-sized chunks keep the buffer drained")
    func manyMessages() throws {
        let messages = (0..<20_000).map { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
        let bytes = try Self.stream(messages)
        let chunks = stride(from: 0, to: bytes.count, by: 13).map { bytes[$0..<min($0 + 13, bytes.count)] }
        var deframer = MessageDeframer(maxMessageSize: 10)
        var count = 0
        for chunk in chunks {
            try deframer.append(Array(chunk))
            while let message = try deframer.next() {
                #expect(message == messages[count])
                count += 1
            }
            #expect(deframer.bufferedByteCount < 7)
        }
        #expect(count == messages.count)
        try deframer.finish()
    }

    @Test("A declared length over the limit is RESOURCE_EXHAUSTED as soon as the prefix arrives")
    func declaredTooLarge() {
        var deframer = MessageDeframer(maxMessageSize: 1024)
        #expect(WireFixtures.rpcError { try deframer.append([0, 0, 0]) } == nil)
        let error = WireFixtures.rpcError { try deframer.append([0x04, 0x01]) }  // declares 1025 bytes
        #expect(error?.code == .resourceExhausted)
        #expect(deframer.bufferedByteCount == 3)
    }

    @Test("A huge declared length is refused without buffering the body that follows it")
    func hugeDeclared() {
        var deframer = MessageDeframer(maxMessageSize: 4 * 1024 * 1024)
        let chunk: [UInt8] = [0, 0xFF, 0xFF, 0xFF, 0xFF] + [UInt8](repeating: 1, count: 1000)
        let error = WireFixtures.rpcError { try deframer.append(chunk) }
        #expect(error?.code == .resourceExhausted)
        #expect(deframer.bufferedByteCount == 0)
    }

    @Test("A declared length equal to the limit is accepted")
    func declaredAtLimit() throws {
        let message = [UInt8](repeating: 3, count: 1024)
        let bytes = try MessageFramer().frame(message)
        #expect(try Self.deframe([bytes[...]], max: 1024) == [message])
    }

    @Test("The limit applies to the compressed length as declared", arguments: [CompressionAlgorithm.gzip, .deflate])
    func compressedDeclaredTooLarge(algorithm: CompressionAlgorithm) throws {
        let bytes = try MessageFramer(compression: algorithm).frame(WireFixtures.randomBytes(2000, seed: 3))
        let error = WireFixtures.rpcError { _ = try Self.deframe([bytes[...]], algorithm: algorithm, max: 1000) }
        #expect(error?.code == .resourceExhausted)
    }

    @Test("A message that decompresses over the limit is RESOURCE_EXHAUSTED", arguments: [CompressionAlgorithm.gzip, .deflate])
    func decompressedTooLarge(algorithm: CompressionAlgorithm) throws {
        let bomb = try MessageFramer(compression: algorithm).frame([UInt8](repeating: 0, count: 10_000_000))
        var deframer = MessageDeframer(maxMessageSize: 4 * 1024 * 1024, compression: algorithm)
        try deframer.append(bomb)
        let error = WireFixtures.rpcError { _ = try deframer.next() }
        #expect(error?.code == .resourceExhausted)
    }

    @Test("Compressed flag values other than 0 and 1 are INTERNAL", arguments: [UInt8(2), 0x80, 0xFF])
    func badFlag(flag: UInt8) {
        var deframer = MessageDeframer(maxMessageSize: 100, compression: .gzip)
        let error = WireFixtures.rpcError { try deframer.append([flag, 0, 0, 0, 1, 0]) }
        #expect(error?.code == .internal)
    }

    @Test("A compressed flag with no algorithm negotiated is INTERNAL")
    func flagWithoutAlgorithm() throws {
        var gzipped: [UInt8] = []
        try CompressionAlgorithm.gzip.compress([1, 2, 3], appendingTo: &gzipped)
        let frame = [1, 0, 0, 0, UInt8(gzipped.count)] + gzipped
        var deframer = MessageDeframer(maxMessageSize: 100)
        let error = WireFixtures.rpcError { try deframer.append(frame) }
        #expect(error?.code == .internal)
        var explicitIdentity = MessageDeframer(maxMessageSize: 100, compression: .identity)
        #expect(WireFixtures.rpcError { try explicitIdentity.append(frame) }?.code == .internal)
    }

    @Test("A corrupt compressed message is INTERNAL")
    func corruptCompressed() throws {
        var deframer = MessageDeframer(maxMessageSize: 100, compression: .gzip)
        try deframer.append([1, 0, 0, 0, 4, 0xDE, 0xAD, 0xBE, 0xEF])
        let error = WireFixtures.rpcError { _ = try deframer.next() }
        #expect(error?.code == .internal)
    }

    @Test("A partial frame at the end of the stream is INTERNAL", arguments: [1, 4, 5, 7])
    func truncated(cut: Int) throws {
        var deframer = MessageDeframer(maxMessageSize: 100)
        let bytes = try MessageFramer().frame([1, 2, 3])
        try deframer.append(Array(bytes.prefix(cut)))
        #expect(try deframer.next() == nil)
        let error = WireFixtures.rpcError { try deframer.finish() }
        #expect(error?.code == .internal)
        #expect(error?.message.contains("truncated message") == true)
    }

    @Test("An empty stream, or one ending on a boundary, finishes cleanly")
    func cleanFinish() throws {
        try MessageDeframer(maxMessageSize: 0).finish()
        var deframer = MessageDeframer(maxMessageSize: 0)
        try deframer.append([0, 0, 0, 0, 0])
        try deframer.finish()  // undelivered complete messages are not truncation
        #expect(try deframer.next() == [])
    }

    @Test("After an error every call rethrows it")
    func sticky() {
        var deframer = MessageDeframer(maxMessageSize: 10)
        let first = WireFixtures.rpcError { try deframer.append([7, 0, 0, 0, 0]) }
        #expect(first?.code == .internal)
        #expect(WireFixtures.rpcError { try deframer.append([0, 0, 0, 0, 0]) } == first)
        #expect(WireFixtures.rpcError { _ = try deframer.next() } == first)
        #expect(WireFixtures.rpcError { try deframer.finish() } == first)
    }

    @Test("withNextMessage lends the same messages next() returns, in random splits", arguments: CompressionAlgorithm.allCases)
    func borrowedMessages(algorithm: CompressionAlgorithm) throws {
        let bytes = try Self.stream(Self.sampleMessages, algorithm: algorithm)
        var deframer = MessageDeframer(maxMessageSize: 1 << 20, compression: algorithm)
        var messages: [[UInt8]] = []
        var flags: [Bool] = []
        for chunk in Self.split(bytes, seed: 9, maxChunk: 4000) {
            try deframer.append(Array(chunk))
            while try deframer.withNextMessage({ messages.append(Array($0)) }) {
                flags.append(deframer.lastMessageWasCompressed)
            }
        }
        try deframer.finish()
        #expect(messages == Self.sampleMessages)
        #expect(flags == Self.sampleMessages.indices.map { $0 % 2 == 0 && algorithm.compresses })
    }

    @Test("A message whose borrower throws is taken: the next call lends the one after it")
    func throwingBorrower() throws {
        var deframer = MessageDeframer(maxMessageSize: 100)
        try deframer.append(try Self.stream([[1, 2], [3]]))
        let error = WireFixtures.rpcError {
            _ = try deframer.withNextMessage { (_) throws(RPCError) in throw RPCError(.internal, "does not decode") }
        }
        #expect(error?.code == .internal)
        var lent: [[UInt8]] = []
        #expect(try deframer.withNextMessage { lent.append(Array($0)) })
        #expect(try !deframer.withNextMessage { lent.append(Array($0)) })
        #expect(lent == [[3]])
        try deframer.finish()
    }
}
