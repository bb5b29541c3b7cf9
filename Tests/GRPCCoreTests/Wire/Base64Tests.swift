import GRPCCore
import Testing

@Suite("Base64 for -bin metadata")
struct Base64Tests {
    /// RFC 4648 §10 test vectors, without and with padding.
    static let rfcVectors: [(String, String, String)] = [
        ("", "", ""),
        ("f", "Zg", "Zg=="),
        ("fo", "Zm8", "Zm8="),
        ("foo", "Zm9v", "Zm9v"),
        ("foob", "Zm9vYg", "Zm9vYg=="),
        ("fooba", "Zm9vYmE", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy", "Zm9vYmFy"),
    ]

    @Test("RFC 4648 vectors encode unpadded")
    func encode() {
        for (plain, unpadded, _) in Self.rfcVectors {
            #expect(Base64.encode(Array(plain.utf8)) == unpadded)
            #expect(Array(plain.utf8).withUnsafeBytes { Base64.encode($0) } == unpadded)
        }
    }

    @Test("RFC 4648 vectors decode padded and unpadded")
    func decode() throws {
        for (plain, unpadded, padded) in Self.rfcVectors {
            #expect(try Base64.decode(unpadded) == Array(plain.utf8))
            #expect(try Base64.decode(padded) == Array(plain.utf8))
        }
    }

    @Test("The standard alphabet, including + and /")
    func alphabet() throws {
        #expect(Base64.encode([0xFB, 0xFF, 0xBF]) == "+/+/")
        #expect(try Base64.decode("+/+/") == [0xFB, 0xFF, 0xBF])
        let all = (0...255).map { UInt8($0) }
        #expect(try Base64.decode(Base64.encode(all)) == all)
    }

    @Test("Random bytes round trip at every length")
    func roundTrip() throws {
        for count in 0..<70 {
            let bytes = WireFixtures.randomBytes(count, seed: UInt64(count))
            let encoded = Base64.encode(bytes)
            #expect(!encoded.contains("="))
            #expect(try Base64.decode(encoded) == bytes)
        }
    }

    @Test("Malformed values are INTERNAL", arguments: [
        "Z", "Zm9vY", "Zg=", "Z===", "====", "=", "Zg==Zg==", "Zm9v!", "Zm 9v", "-_", "Zm9v\n", "Zg=a", "é",
        "Zm9v,YmFy",
    ])
    func malformed(value: String) {
        let error = WireFixtures.rpcError { _ = try Base64.decode(value) }
        #expect(error?.code == .internal)
    }

    @Test("Header values are split on commas before decoding")
    func splitValues() throws {
        #expect(try Base64.decodeValues("Zm9v,YmFy") == [Array("foo".utf8), Array("bar".utf8)])
        #expect(try Base64.decodeValues("Zg==, Zm8 ,\tZm9v") == [Array("f".utf8), Array("fo".utf8), Array("foo".utf8)])
        #expect(try Base64.decodeValues("Zm9vYmFy") == [Array("foobar".utf8)])
        #expect(try Base64.decodeValues("") == [[]])
        #expect(try Base64.decodeValues("Zg,,Zg") == [[0x66], [], [0x66]])
    }

    @Test("A malformed element makes the whole header INTERNAL")
    func splitMalformed() {
        for value in ["Zm9v,!!", "Zm9v,Z", "Zg=,Zg"] {
            let error = WireFixtures.rpcError { _ = try Base64.decodeValues(value) }
            #expect(error?.code == .internal)
        }
    }
}
