import GRPCCore
import Testing

@Suite("zlib compression and decompression")
struct CompressionTests {
    /// `gzip.compress(b"hello, gRPC", mtime=0)` from CPython.
    static let gzipHello: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0xd7,
        0x51, 0x48, 0x0f, 0x0a, 0x70, 0x06, 0x00, 0xbe, 0x60, 0xbb, 0xdb, 0x0b, 0x00, 0x00, 0x00,
    ]
    /// `zlib.compress(b"hello, gRPC")` from CPython: the zlib wrapper gRPC calls "deflate".
    static let zlibHello: [UInt8] = [
        0x78, 0x9c, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0xd7, 0x51, 0x48, 0x0f, 0x0a, 0x70, 0x06, 0x00, 0x17,
        0xc7, 0x03, 0xad,
    ]
    /// The same text as raw deflate (no wrapper), which gRPC's "deflate" is not.
    static let rawDeflateHello: [UInt8] = [
        0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0xd7, 0x51, 0x48, 0x0f, 0x0a, 0x70, 0x06, 0x00,
    ]
    static let hello = Array("hello, gRPC".utf8)

    @Test("Round trips", arguments: CompressionAlgorithm.allCases, [0, 1, 100, 70_000])
    func roundTrip(algorithm: CompressionAlgorithm, size: Int) throws {
        for input in [WireFixtures.randomBytes(size, seed: UInt64(size)), WireFixtures.compressibleBytes(size)] {
            var compressed: [UInt8] = []
            let appended = try algorithm.compress(input, appendingTo: &compressed)
            #expect(appended == compressed.count)
            #expect(try algorithm.decompress(compressed, limit: size) == input)
        }
    }

    @Test("Compression shrinks repetitive data")
    func shrinks() throws {
        let input = WireFixtures.compressibleBytes(100_000)
        for algorithm in [CompressionAlgorithm.gzip, .deflate] {
            var compressed: [UInt8] = []
            try algorithm.compress(input, appendingTo: &compressed)
            #expect(compressed.count < input.count / 10)
        }
    }

    @Test("gzip output has the gzip magic, deflate output the zlib header")
    func wrappers() throws {
        var gzip: [UInt8] = []
        try CompressionAlgorithm.gzip.compress(Self.hello, appendingTo: &gzip)
        #expect(Array(gzip.prefix(3)) == [0x1f, 0x8b, 0x08])
        var deflate: [UInt8] = []
        try CompressionAlgorithm.deflate.compress(Self.hello, appendingTo: &deflate)
        #expect(deflate.first == 0x78)
        #expect((UInt16(deflate[0]) << 8 | UInt16(deflate[1])) % 31 == 0)
    }

    @Test("Known vectors from another zlib user decode")
    func knownVectors() throws {
        #expect(try CompressionAlgorithm.gzip.decompress(Self.gzipHello, limit: 100) == Self.hello)
        #expect(try CompressionAlgorithm.deflate.decompress(Self.zlibHello, limit: 100) == Self.hello)
    }

    @Test("deflate is the zlib wrapper: raw deflate and gzip input are refused as INTERNAL")
    func deflateIsZlibWrapped() {
        for input in [Self.rawDeflateHello, Self.gzipHello] {
            let error = WireFixtures.rpcError { _ = try CompressionAlgorithm.deflate.decompress(input, limit: 100) }
            #expect(error?.code == .internal)
        }
        let error = WireFixtures.rpcError { _ = try CompressionAlgorithm.gzip.decompress(Self.zlibHello, limit: 100) }
        #expect(error?.code == .internal)
    }

    @Test("Compression appends after what the buffer already holds")
    func appends() throws {
        var output: [UInt8] = [9, 9, 9]
        let appended = try CompressionAlgorithm.gzip.compress(Self.hello, appendingTo: &output)
        #expect(output.count == 3 + appended)
        #expect(Array(output.prefix(3)) == [9, 9, 9])
        #expect(try CompressionAlgorithm.gzip.decompress(Array(output.dropFirst(3)), limit: 100) == Self.hello)
    }

    @Test("A 10 MB gzip bomb is refused with RESOURCE_EXHAUSTED under a 4 MiB cap", arguments: [CompressionAlgorithm.gzip, .deflate])
    func zipBomb(algorithm: CompressionAlgorithm) throws {
        var bomb: [UInt8] = []
        try algorithm.compress([UInt8](repeating: 0, count: 10_000_000), appendingTo: &bomb)
        #expect(bomb.count < 100_000)
        let error = WireFixtures.rpcError { _ = try algorithm.decompress(bomb, limit: 4 * 1024 * 1024) }
        #expect(error?.code == .resourceExhausted)
    }

    @Test("Output exactly at the limit is accepted, one byte over is RESOURCE_EXHAUSTED", arguments: CompressionAlgorithm.allCases)
    func limitBoundary(algorithm: CompressionAlgorithm) throws {
        let input = WireFixtures.compressibleBytes(5000)
        var compressed: [UInt8] = []
        try algorithm.compress(input, appendingTo: &compressed)
        #expect(try algorithm.decompress(compressed, limit: 5000) == input)
        let error = WireFixtures.rpcError { _ = try algorithm.decompress(compressed, limit: 4999) }
        #expect(error?.code == .resourceExhausted)
        let zero = WireFixtures.rpcError { _ = try algorithm.decompress(compressed, limit: 0) }
        #expect(zero?.code == .resourceExhausted)
    }

    @Test("Corrupt input is INTERNAL", arguments: [CompressionAlgorithm.gzip, .deflate])
    func corrupt(algorithm: CompressionAlgorithm) throws {
        var compressed: [UInt8] = []
        try algorithm.compress(WireFixtures.compressibleBytes(1000), appendingTo: &compressed)
        var flipped = compressed
        flipped[compressed.count / 2] ^= 0xFF
        flipped[compressed.count - 2] ^= 0xFF  // the checksum, in case the flip above still decodes
        for input in [flipped, [0x00, 0x01, 0x02, 0x03], Array(repeating: 0xFF, count: 64)] {
            let error = WireFixtures.rpcError { _ = try algorithm.decompress(input, limit: 1 << 20) }
            #expect(error?.code == .internal)
        }
    }

    @Test("Truncated and empty input is INTERNAL", arguments: [CompressionAlgorithm.gzip, .deflate])
    func truncated(algorithm: CompressionAlgorithm) throws {
        var compressed: [UInt8] = []
        try algorithm.compress(WireFixtures.compressibleBytes(1000), appendingTo: &compressed)
        for cut in [0, 1, compressed.count / 2, compressed.count - 1] {
            let error = WireFixtures.rpcError { _ = try algorithm.decompress(Array(compressed.prefix(cut)), limit: 1 << 20) }
            #expect(error?.code == .internal)
        }
    }

    @Test("Bytes after the end of the compressed stream are INTERNAL")
    func trailingGarbage() throws {
        for algorithm in [CompressionAlgorithm.gzip, .deflate] {
            var compressed: [UInt8] = []
            try algorithm.compress(Self.hello, appendingTo: &compressed)
            let error = WireFixtures.rpcError { _ = try algorithm.decompress(compressed + [1, 2, 3], limit: 100) }
            #expect(error?.code == .internal)
        }
    }

    @Test("Concatenated gzip members decode to the concatenation (RFC 1952 §2.2)")
    func gzipMembers() throws {
        var compressed: [UInt8] = []
        try CompressionAlgorithm.gzip.compress(Self.hello, appendingTo: &compressed)
        try CompressionAlgorithm.gzip.compress(Array(" again".utf8), appendingTo: &compressed)
        #expect(try CompressionAlgorithm.gzip.decompress(compressed, limit: 100) == Array("hello, gRPC again".utf8))
        let error = WireFixtures.rpcError { _ = try CompressionAlgorithm.gzip.decompress(compressed, limit: 12) }
        #expect(error?.code == .resourceExhausted)
    }

    @Test("identity copies, and enforces the limit")
    func identity() throws {
        var output: [UInt8] = [7]
        #expect(try CompressionAlgorithm.identity.compress(Self.hello, appendingTo: &output) == Self.hello.count)
        #expect(output == [7] + Self.hello)
        #expect(try CompressionAlgorithm.identity.decompress(Self.hello, limit: Self.hello.count) == Self.hello)
        let error = WireFixtures.rpcError { _ = try CompressionAlgorithm.identity.decompress(Self.hello, limit: 3) }
        #expect(error?.code == .resourceExhausted)
    }
}
