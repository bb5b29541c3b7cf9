import GRPCCore
import Testing

@Suite("grpc-message percent-encoding")
struct PercentEncodingTests {
    @Test("Encoding vectors", arguments: [
        ("", ""),
        ("Hello, world!", "Hello, world!"),
        ("~ !\"#$&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}", "~ !\"#$&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}"),
        ("%", "%25"),
        ("100% done", "100%25 done"),
        ("line\nbreak\ttab\r", "line%0Abreak%09tab%0D"),
        ("my favorite character is \u{0000}", "my favorite character is %00"),
        ("\u{7F}", "%7F"),
        ("\u{1F}", "%1F"),
        ("é", "%C3%A9"),
        ("☺", "%E2%98%BA"),
        ("日本", "%E6%97%A5%E6%9C%AC"),
        ("🙂", "%F0%9F%99%82"),
    ])
    func encode(plain: String, encoded: String) {
        #expect(PercentEncoding.encode(plain) == encoded)
        #expect(PercentEncoding.decode(encoded) == plain)
    }

    @Test("Every printable ASCII byte except % is kept, every other byte escaped")
    func allBytes() {
        for byte in UInt8(0)...0x7F {
            let encoded = PercentEncoding.encode(String(decoding: [byte], as: UTF8.self))
            if byte >= 0x20 && byte <= 0x7E && byte != UInt8(ascii: "%") {
                #expect(Array(encoded.utf8) == [byte])
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                #expect(encoded == "%" + (hex.count == 1 ? "0" + hex : hex))
            }
        }
    }

    @Test("Lower-case hex decodes too")
    func lowerCaseHex() {
        #expect(PercentEncoding.decode("%e2%98%ba %0a") == "☺ \n")
    }

    @Test("Broken % sequences are kept as they are", arguments: [
        "%", "%2", "%zz", "100%", "%G0", "%%", "a%2", "%-1", "% 20",
    ])
    func broken(value: String) {
        #expect(PercentEncoding.decode(value) == value)
    }

    @Test("Valid escapes next to broken ones still decode")
    func mixed() {
        #expect(PercentEncoding.decode("%%25") == "%%")
        #expect(PercentEncoding.decode("50%2 off%21") == "50%2 off!")
    }

    @Test("Invalid UTF-8 after decoding is repaired, not refused")
    func invalidUTF8() {
        #expect(PercentEncoding.decode("a%FFb") == "a\u{FFFD}b")
        #expect(PercentEncoding.decode("%E2%98").contains("\u{FFFD}"))
        #expect(PercentEncoding.decode("%C0%AF").unicodeScalars.allSatisfy { $0 == "\u{FFFD}" })
    }

    @Test("The byte overload decodes the same way")
    func bytes() {
        let raw = Array("caf%C3%A9 %ZZ".utf8)
        #expect(raw.withUnsafeBytes { PercentEncoding.decode($0) } == "café %ZZ")
        #expect([UInt8]().withUnsafeBytes { PercentEncoding.decode($0) } == "")
    }

    @Test("Arbitrary text round trips")
    func roundTrip() {
        var generator = WireFixtures.SeededGenerator(seed: 9)
        for _ in 0..<500 {
            let scalars = (0..<Int.random(in: 0...20, using: &generator)).compactMap { _ in
                Unicode.Scalar(UInt32.random(in: 0...0x1_F000, using: &generator))
            }
            let text = String(String.UnicodeScalarView(scalars))
            let encoded = PercentEncoding.encode(text)
            #expect(encoded.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E })
            #expect(PercentEncoding.decode(encoded) == text)
        }
    }
}
