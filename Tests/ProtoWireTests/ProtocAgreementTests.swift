import Foundation
import ProtoWire
import Testing

/// ProtoWire against the reference encoder, protoc 3.21: checked-in fixtures and a live re-run.
@Suite("Agreement with protoc")
struct ProtocAgreementTests {
    @Test("every case has a checked-in protoc fixture")
    func everyCaseHasFixture() {
        for protocCase in ProtocCases.all {
            #expect(ProtocExpected.hex[protocCase.name] != nil, "no fixture for \(protocCase.name)")
        }
        #expect(Set(ProtocCases.all.map(\.name)).count == ProtocCases.all.count, "duplicate case names")
    }

    @Test("ProtoWire encodes like protoc", arguments: ProtocCases.all)
    func encodingMatchesFixture(_ protocCase: ProtocCase) {
        let encoded = protocCase.encode()
        #expect(encoded.count == protocCase.size(), "serializedSize")
        if protocCase.deterministic {
            #expect(Hex.encode(encoded) == Hex.encode(protocCase.expected))
        } else {
            #expect(encoded.count == protocCase.expected.count)
        }
    }

    @Test("ProtoWire decodes protoc's bytes to the same value", arguments: ProtocCases.all)
    func decodingFixtureGivesValue(_ protocCase: ProtocCase) throws {
        #expect(try protocCase.decodesToValue(protocCase.expected))
    }

    @Test("protoc's bytes survive as unknown fields byte for byte", arguments: ProtocCases.all)
    func fixtureRoundTripsAsUnknown(_ protocCase: ProtocCase) throws {
        #expect(try protocCase.reencodeAsUnknown(protocCase.expected) == protocCase.expected)
    }

    @Test("the checked-in fixtures are what protoc produces now")
    func fixturesMatchProtoc() throws {
        guard let protoc = Protoc.find() else {
            Issue.record("protoc not found on PATH: install protobuf-compiler (apt-get install protobuf-compiler)")
            return
        }
        let directory = try Protoc.writeSchemas()
        defer { try? FileManager.default.removeItem(at: directory) }
        for protocCase in ProtocCases.all {
            let produced = try Protoc.encode(
                protoc: protoc, directory: directory, file: protocCase.protoFile,
                messageType: protocCase.messageType, text: protocCase.text)
            if protocCase.deterministic {
                #expect(
                    produced == protocCase.expected,
                    "FIXTURE \(protocCase.name) \(Hex.encode(produced))")
                #expect(protocCase.encode() == produced, "ProtoWire differs from protoc for \(protocCase.name)")
            } else {
                #expect(produced.count == protocCase.expected.count, "FIXTURE \(protocCase.name) \(Hex.encode(produced))")
                #expect(try protocCase.decodesToValue(produced), "\(protocCase.name) decodes differently")
            }
        }
    }

    @Test("the nesting limit is protoc's: 100 nested messages decode, 101 do not")
    func nestingLimitMatchesProtoc() throws {
        guard let protoc = Protoc.find() else {
            Issue.record("protoc not found on PATH: install protobuf-compiler (apt-get install protobuf-compiler)")
            return
        }
        let directory = try Protoc.writeSchemas()
        defer { try? FileManager.default.removeItem(at: directory) }
        for depth in [99, 100, 101] {
            let bytes = Node.chain(depth: depth).serializedBytes()
            let protocAccepts = try Protoc.accepts(
                protoc: protoc, directory: directory, file: "pw_test.proto", messageType: "pw.Node", bytes: bytes)
            let protoWireAccepts = (try? Node(serializedBytes: bytes)) != nil
            #expect(protoWireAccepts == protocAccepts, "depth \(depth)")
            #expect(protoWireAccepts == (depth <= ProtoReader.defaultRecursionLimit), "depth \(depth)")
        }
    }
}
