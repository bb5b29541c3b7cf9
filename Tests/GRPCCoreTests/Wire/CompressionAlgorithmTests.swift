import GRPCCore
import Testing

@Suite("CompressionAlgorithm names and header lists")
struct CompressionAlgorithmTests {
    @Test("Wire names round trip")
    func wireNames() {
        #expect(CompressionAlgorithm.identity.name == "identity")
        #expect(CompressionAlgorithm.gzip.name == "gzip")
        #expect(CompressionAlgorithm.deflate.name == "deflate")
        for algorithm in CompressionAlgorithm.allCases {
            #expect(CompressionAlgorithm(name: algorithm.name) == algorithm)
        }
    }

    @Test("Names are parsed ignoring surrounding whitespace and ASCII case")
    func tolerantNames() {
        #expect(CompressionAlgorithm(name: " gzip\t") == .gzip)
        #expect(CompressionAlgorithm(name: "GZip") == .gzip)
        #expect(CompressionAlgorithm(name: "DEFLATE") == .deflate)
        #expect(CompressionAlgorithm(name: "br") == nil)
        #expect(CompressionAlgorithm(name: "") == nil)
        #expect(CompressionAlgorithm(name: "gzip2") == nil)
        #expect(CompressionAlgorithm(name: "g zip") == nil)
    }

    @Test("Only gzip and deflate compress")
    func compresses() {
        #expect(!CompressionAlgorithm.identity.compresses)
        #expect(CompressionAlgorithm.gzip.compresses)
        #expect(CompressionAlgorithm.deflate.compresses)
    }

    @Test("An accept-encoding list splits on commas, tolerates whitespace and reports unknown names")
    func parseList() {
        let parsed = CompressionAlgorithm.parseList(" gzip,deflate , br,identity,, snappy ,gzip")
        #expect(parsed.known == [.gzip, .deflate, .identity])
        #expect(parsed.unknown == ["br", "snappy"])
    }

    @Test("An empty or single-name list")
    func parseSmallLists() {
        let empty = CompressionAlgorithm.parseList("")
        #expect(empty.known.isEmpty && empty.unknown.isEmpty)
        let single = CompressionAlgorithm.parseList("deflate")
        #expect(single.known == [.deflate] && single.unknown.isEmpty)
        let unknown = CompressionAlgorithm.parseList("zstd")
        #expect(unknown.known.isEmpty && unknown.unknown == ["zstd"])
    }

    @Test("A list value is comma-joined wire names")
    func listValue() {
        #expect(CompressionAlgorithm.listValue([.identity, .deflate, .gzip]) == "identity,deflate,gzip")
        #expect(CompressionAlgorithm.listValue([]) == "")
        #expect(CompressionAlgorithm.parseList(CompressionAlgorithm.listValue(CompressionAlgorithm.allCases)).known
            == CompressionAlgorithm.allCases)
    }
}
