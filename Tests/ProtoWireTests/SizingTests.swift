import ProtoWire
import Synchronization
import Testing

/// Counts `encodedSize(in:)` calls, to show encoding measures each message once.
final class SizeCallCounter: Sendable {
    let calls = Atomic<Int>(0)
}

/// message Counted { repeated Counted children = 1; string label = 2; }, counting size calls.
struct Counted: ProtoMessage {
    var children: [Counted] = []
    var label = ""
    var counter: SizeCallCounter?
    var unknownFields = UnknownFields()

    static func == (lhs: Counted, rhs: Counted) -> Bool {
        lhs.children == rhs.children && lhs.label == rhs.label && lhs.unknownFields == rhs.unknownFields
    }

    func encodedSize(in sizer: inout ProtoSizer) -> Int {
        counter?.calls.add(1, ordering: .relaxed)
        var size = sizer.sizeRepeatedMessage(children, field: 1)
        if !label.isEmpty { size += sizer.size(label, as: ProtoString.self, field: 2) }
        return size + sizer.sizeUnknownFields(unknownFields)
    }

    func encode(to writer: inout ProtoWriter) {
        writer.writeRepeatedMessage(children, field: 1)
        if !label.isEmpty { writer.write(label, as: ProtoString.self, field: 2) }
        writer.writeUnknownFields(unknownFields)
    }

    mutating func decodeField(_ tag: FieldTag, from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        switch tag.number {
        case 1: try reader.readRepeatedMessage(&children, tag: tag)
        case 2: try reader.read(&label, as: ProtoString.self, tag: tag)
        default: false
        }
    }
}

@Suite("Sizing")
struct SizingTests {
    @Test("serializedBytes measures every nested message exactly once")
    func eachMessageMeasuredOnce() throws {
        let counter = SizeCallCounter()
        // A chain 80 deep whose every level also has three leaf children: 80 * 4 + 1 messages.
        var root = Counted(label: "leaf", counter: counter)
        for level in 0..<80 {
            let leaves = (0..<3).map { Counted(label: "l\(level)-\($0)", counter: counter) }
            root = Counted(children: [root] + leaves, label: "level \(level)", counter: counter)
        }
        let bytes = root.serializedBytes()
        #expect(counter.calls.load(ordering: .relaxed) == 80 * 4 + 1)
        #expect(try Counted(serializedBytes: bytes) == root)

        counter.calls.store(0, ordering: .relaxed)
        #expect(root.serializedSize == bytes.count)
        #expect(counter.calls.load(ordering: .relaxed) == 80 * 4 + 1)
    }

    @Test("varint sizes at every 7-bit boundary")
    func varintSizes() {
        #expect(Varint.size(0) == 1)
        for bytes in 1...9 {
            let largest = (UInt64(1) << (7 * UInt64(bytes))) - 1
            #expect(Varint.size(largest) == bytes)
            #expect(Varint.size(largest + 1) == bytes + 1)
        }
        #expect(Varint.size(.max) == 10)
        #expect(Varint.tagSize(1) == 1)
        #expect(Varint.tagSize(15) == 1)
        #expect(Varint.tagSize(16) == 2)
        #expect(Varint.tagSize(FieldTag.maxFieldNumber) == 5)
    }

    @Test("string and bytes sizes on both sides of the one-byte length", arguments: [0, 1, 127, 128, 129, 16_383, 16_384])
    func lengthDelimitedSizes(count: Int) throws {
        let text = String(repeating: "é", count: count / 2) + String(repeating: "a", count: count % 2)
        #expect(text.utf8.count == count)
        #expect(ProtoString.encodedSize(of: text) == Varint.size(UInt64(count)) + count)
        #expect(ProtoBytes.encodedSize(of: Array(text.utf8)) == Varint.size(UInt64(count)) + count)
        // The writer traps when the size pass and the bytes written disagree.
        let message = Counted(label: text)
        let bytes = message.serializedBytes()
        #expect(bytes.count == (count == 0 ? 0 : 1 + Varint.size(UInt64(count)) + count))
        #expect(try Counted(serializedBytes: bytes) == message)
    }

    @Test("negative int32 and enum values take ten bytes, as protoc writes them")
    func negativeInt32IsTenBytes() {
        #expect(ProtoInt32.encodedSize(of: -1) == 10)
        #expect(ProtoInt32.encodedSize(of: .min) == 10)
        #expect(ProtoEnumType<Color>.encodedSize(of: .negative) == 10)
        #expect(ProtoSInt32.encodedSize(of: -1) == 1)
        #expect(Scalars(oInt32: -1).serializedBytes() == [0x08] + Array(repeating: 0xFF, count: 9) + [0x01])
    }

    @Test("ZigZag maps small magnitudes to small values and back")
    func zigZag() {
        let pairs32: [(Int32, UInt32)] = [(0, 0), (-1, 1), (1, 2), (-2, 3), (.max, .max - 1), (.min, .max)]
        for (signed, unsigned) in pairs32 {
            #expect(ZigZag.encode(signed) == unsigned)
            #expect(ZigZag.decode(unsigned) == signed)
        }
        let pairs64: [(Int64, UInt64)] = [(0, 0), (-1, 1), (1, 2), (.max, .max - 1), (.min, .max)]
        for (signed, unsigned) in pairs64 {
            #expect(ZigZag.encode(signed) == unsigned)
            #expect(ZigZag.decode(unsigned) == signed)
        }
    }

    @Test("serializedBytes(headroom:) puts zero bytes of room before the same encoding")
    func headroom() {
        let nested = Counted(children: [Counted(label: "leaf"), Counted(children: [Counted(label: "x")])], label: "root")
        #expect(nested.serializedBytes(headroom: 5) == [0, 0, 0, 0, 0] + nested.serializedBytes())
        #expect(Counted().serializedBytes(headroom: 5) == [0, 0, 0, 0, 0])
        #expect(Counted().serializedBytes(headroom: 0) == [])
        #expect(nested.serializedBytes(headroom: 0) == nested.serializedBytes())
    }
}
