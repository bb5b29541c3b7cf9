import GRPCCore
import Testing

@Suite struct MetadataTests {
    @Test func keysAreLowerCasedAndOrderAndDuplicatesKept() throws {
        var md = Metadata()
        try md.add("X-Trace", "a")
        try md.add("x-other", "b")
        try md.add("x-trace", "c")
        #expect(md.map(\.key) == ["x-trace", "x-other", "x-trace"])
        #expect(md["X-TRACE"] == [.string("a"), .string("c")])
        #expect(md.first("x-trace") == "a")
        md.removeAll("x-trace")
        #expect(md.map(\.key) == ["x-other"])
    }

    @Test(arguments: ["", "bad key", "ключ", "a/b", "x:y", "tab\tkey"])
    func invalidKeysAreRefused(_ key: String) {
        var md = Metadata()
        #expect(throws: MetadataError.invalidKey(key)) { try md.add(key, "v") }
    }

    /// Lower-casing must not turn a non-ASCII key into a valid one (U+212A KELVIN SIGN lower-cases to "k").
    @Test(arguments: ["\u{212A}ey", "x-\u{212A}", "\u{130}d", "stra\u{DF}e"])
    func nonASCIIKeysAreRefusedEvenIfTheyLowerCaseToASCII(_ key: String) {
        var md = Metadata()
        #expect(throws: MetadataError.invalidKey(key)) { try md.add(key, "v") }
        #expect(throws: MetadataError.invalidKey(key)) { try Metadata.validatedKey(key) }
        #expect(md.isEmpty)
    }

    @Test func lookupsDoNotLowerCaseNonASCIIKeysIntoASCIIOnes() throws {
        var md = Metadata()
        try md.add("key", "v")
        #expect(md.first("\u{212A}ey") == nil)
        #expect(md["\u{212A}EY"].isEmpty)
        md.removeAll("\u{212A}ey")
        #expect(md.first("KEY") == "v")
    }

    @Test(arguments: ["grpc-status", "grpc-timeout", "grpc-message", "grpc-anything", "content-type", "te",
                      "user-agent", "connection", "transfer-encoding", ":path", "Grpc-Encoding"])
    func reservedKeysAreRefused(_ key: String) {
        var md = Metadata()
        #expect(throws: MetadataError.self) { try md.add(key, "v") }
        #expect(md.isEmpty)
    }

    @Test(arguments: ["new\nline", "tab\there", "é", "\u{7F}"])
    func textValuesOutsidePrintableASCIIAreRefused(_ value: String) {
        var md = Metadata()
        #expect(throws: MetadataError.invalidValue("x-key")) { try md.add("x-key", value) }
    }

    @Test func binaryValuesGoOnlyWithBinKeys() throws {
        var md = Metadata()
        try md.add("x-blob-bin", [0, 255, 10])
        #expect(md.firstBinary("x-blob-bin") == [0, 255, 10])
        #expect(throws: MetadataError.binaryValueForTextKey("x-blob")) { try md.add("x-blob", [1]) }
        #expect(throws: MetadataError.textValueForBinaryKey("x-blob-bin")) { try md.add("x-blob-bin", "text") }
    }

    @Test func printableASCIIIncludingSpacesIsAccepted() throws {
        var md = Metadata()
        let value = String((0x20...0x7E).map { Character(UnicodeScalar(UInt8($0))) })
        try md.add("x-all", value)
        #expect(md.first("x-all") == value)
    }
}

@Suite struct StatusTests {
    @Test func everyCodeHasItsWireValueAndName() {
        #expect(StatusCode.allCases.count == 17)
        #expect(StatusCode.allCases.map(\.rawValue) == Array(0...16))
        #expect(StatusCode.deadlineExceeded.description == "DEADLINE_EXCEEDED")
        #expect(StatusCode.unauthenticated.description == "UNAUTHENTICATED")
    }

    @Test func grpcStatusValuesParseStrictly() {
        #expect(StatusCode(wireValue: "0") == .ok)
        #expect(StatusCode(wireValue: "14") == .unavailable)
        #expect(StatusCode(wireValue: "99") == .unknown)
        #expect(StatusCode(wireValue: "") == nil)
        #expect(StatusCode(wireValue: "014") == nil)
        #expect(StatusCode(wireValue: "-1") == nil)
        #expect(StatusCode(wireValue: "1 ") == nil)
        #expect(StatusCode(wireValue: "99999999999999999999") == nil)
    }

    @Test func errorsMapToTheCodesTheSpecNames() {
        struct Oops: Error {}
        #expect(RPCError(from: CancellationError()).code == .cancelled)
        #expect(RPCError(from: Oops()).code == .unknown)
        #expect(RPCError(from: RPCError(.notFound, "x")).code == .notFound)
        #expect(RPCError(.ok).code == .unknown)
    }
}
