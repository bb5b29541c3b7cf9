import ProtoWire
import Testing

@Suite("Round trips")
struct RoundTripTests {
    @Test("decode(encode(m)) == m for every fixture value", arguments: ProtocCases.all)
    func roundTrip(_ protocCase: ProtocCase) throws {
        let encoded = protocCase.encode()
        #expect(try protocCase.decodesToValue(encoded))
    }

    @Test("a value with every field kind set round-trips")
    func everythingRoundTrips() throws {
        let containers = Containers(
            strings: ["a", "", ProtocCases.multiByte], blobs: [[0, 255], []],
            nested: Nested(a: -1, leaf: Leaf(v: .min, s: "é"), leaves: [Leaf(), Leaf(v: 3)]),
            nesteds: [Nested(), Nested(leaves: [Leaf(s: "x")])],
            stringToInt32: ["a": 1, "b": -1], int32ToString: [.min: "min", .max: "max"],
            boolToBytes: [true: [1], false: []], sint64ToLeaf: [-1: Leaf(v: 1), 0: Leaf()],
            uint64ToColor: [0: .red, 1: .unrecognized(-7)], fixed32ToDouble: [1: 0.5],
            sfixed64ToFloat: [-1: -1.5], stringToNested: ["n": Nested(a: 9, leaf: Leaf())])
        #expect(try Containers(serializedBytes: containers.serializedBytes()) == containers)

        let group = WithGroup(
            a: -1, item: .init(x: 1, y: "", inner: [.init(z: .min)]), many: [.init(w: 0), .init()], b: 0)
        #expect(try WithGroup(serializedBytes: group.serializedBytes()) == group)
    }

    @Test("serializedSize is the exact encoded size")
    func serializedSizeIsExact() {
        for protocCase in ProtocCases.all {
            #expect(protocCase.size() == protocCase.encode().count, "\(protocCase.name)")
        }
        let list = ListResponse(strings: Array(repeating: String(repeating: "z", count: 130), count: 3))
        #expect(list.serializedSize == 3 * (1 + 2 + 130))
        #expect(Scalars().serializedSize == 0)
        #expect(Scalars().serializedBytes() == [])
    }

    @Test("every byte-source initializer decodes the same")
    func byteSources() throws {
        let value = Nested(a: 5, leaf: Leaf(v: -2, s: "leaf"))
        let bytes = value.serializedBytes()
        #expect(try Nested(serializedBytes: bytes) == value)
        let framed = [0xAA, 0xBB] + bytes + [0xCC]
        #expect(try Nested(serializedBytes: framed[2..<(framed.count - 1)]) == value)
        let fromRaw = try bytes.withUnsafeBytes { raw in try Nested(serializedBytes: raw) }
        #expect(fromRaw == value)
        #expect(try Nested(serializedBytes: []) == Nested())
    }

    @Test("appendSerializedBytes appends exactly serializedBytes")
    func appendSerializedBytes() {
        let value = Containers(strings: ["x", "yy"], nested: Nested(a: 1, leaf: Leaf(s: "s")))
        var buffer: [UInt8] = [0, 0, 0, 0, 9]
        value.appendSerializedBytes(to: &buffer)
        #expect(buffer == [0, 0, 0, 0, 9] + value.serializedBytes())
        Scalars().appendSerializedBytes(to: &buffer)
        #expect(buffer.count == 5 + value.serializedSize)
    }

    @Test("packed and unpacked encodings decode to the same values either way")
    func packedAndUnpackedAreInterchangeable() throws {
        let packed = ProtocCases.repeatedValue(PackedEncoding.self)
        let unpacked = ProtocCases.repeatedValue(UnpackedEncoding.self)
        let asUnpacked = try Unpacked(serializedBytes: packed.serializedBytes())
        let asPacked = try Packed(serializedBytes: unpacked.serializedBytes())
        #expect(asUnpacked.serializedBytes() == unpacked.serializedBytes())
        #expect(asPacked.serializedBytes() == packed.serializedBytes())
        #expect(packed.serializedBytes() != unpacked.serializedBytes())
    }

    @Test("several packed chunks and unpacked elements of one field concatenate")
    func mixedRepeatedChunks() throws {
        // int32s = 1: packed [1, 2], unpacked 3, packed [-1], packed []
        let bytes: [UInt8] = [0x0A, 0x02, 0x01, 0x02, 0x08, 0x03, 0x0A, 0x0A]
            + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x0A, 0x00]
        #expect(try Packed(serializedBytes: bytes).int32s == [1, 2, 3, -1])
    }

    @Test("concatenated encodings merge: last scalar wins, repeated append, messages merge")
    func concatenationMerges() throws {
        let first = Nested(a: 1, leaf: Leaf(v: 1, s: "keep"), leaves: [Leaf(v: 1)])
        let second = Nested(a: 2, leaf: Leaf(v: 2), leaves: [Leaf(v: 2)])
        let merged = try Nested(serializedBytes: first.serializedBytes() + second.serializedBytes())
        #expect(merged == Nested(a: 2, leaf: Leaf(v: 2, s: "keep"), leaves: [Leaf(v: 1), Leaf(v: 2)]))

        var target = first
        try second.serializedBytes().withUnsafeBytes { raw in try target.merge(serializedBytes: raw) }
        #expect(target == merged)
    }

    @Test("map entries: missing key or value default, extra fields skipped, last duplicate wins")
    func mapEntryEdgeCases() throws {
        // string_to_int32 = 5: entry {value: 7}, entry {key: "k"}, entry {key "d", 9: 1, value 1}, entry {key "d", value 2}
        let bytes: [UInt8] = [0x2A, 0x02, 0x10, 0x07]
            + [0x2A, 0x03, 0x0A, 0x01, 0x6B]
            + [0x2A, 0x07, 0x0A, 0x01, 0x64, 0x48, 0x01, 0x10, 0x01]
            + [0x2A, 0x05, 0x0A, 0x01, 0x64, 0x10, 0x02]
        let decoded = try Containers(serializedBytes: bytes)
        #expect(decoded.stringToInt32 == ["": 7, "k": 0, "d": 2])
        // string_to_nested = 12 with no value: an empty Nested.
        #expect(try Containers(serializedBytes: [0x62, 0x03, 0x0A, 0x01, 0x6E]).stringToNested == ["n": Nested()])
    }

    @Test("unrecognized enum values and non-canonical bools survive")
    func openEnumsAndBools() throws {
        let value = Scalars(oEnum: .unrecognized(-123_456), iEnum: .unrecognized(42))
        #expect(try Scalars(serializedBytes: value.serializedBytes()) == value)
        // o_bool = 13 encoded as varint 2: decodes as true.
        #expect(try Scalars(serializedBytes: [0x68, 0x02]).oBool == true)
    }

    @Test("100 nested messages round-trip")
    func deepNestingWithinLimit() throws {
        let deep = Node.chain(depth: ProtoReader.defaultRecursionLimit)
        #expect(try Node(serializedBytes: deep.serializedBytes()) == deep)
    }
}
