import ProtoWire
import Testing
import WellKnownTypes

@Suite struct GeneratedMessageTests {
    typealias P2 = Grpcmini_Test2_AllTypes2
    typealias P3 = Grpcmini_Test3_AllTypes

    @Test func proto2DefaultsAndPresence() {
        var m = P2()
        #expect(m.fInt32 == -42 && !m.hasFInt32)
        #expect(m.fInt64 == .min && m.fUint32 == .max && m.fUint64 == .max)
        #expect(m.fFloat == 1.5 && m.fDouble == 1e300 && m.fBool)
        #expect(m.fString == "d\"ef\\ault\né")
        #expect(m.fBytes == [0x01, 0xFF, 0x00, 0x78])
        #expect(m.fKind == .b)
        #expect(m.fInf == .infinity && m.fNegInf == -.infinity && m.fNan.isNaN)
        m.fInt32 = 0
        #expect(m.hasFInt32 && m.fInt32 == 0)
        m.reqInt32 = 1
        #expect(m.serializedBytes() == [0x08, 0x01, 0x10, 0x00])
        m.clearFInt32()
        #expect(!m.hasFInt32 && m.fInt32 == -42)
    }

    @Test func proto3ImplicitAndExplicitPresence() {
        var m = P3()
        m.fInt32 = 0
        m.fDouble = -0.0
        #expect(m.serializedBytes() == [0x61, 0, 0, 0, 0, 0, 0, 0, 0x80])
        m.fDouble = 0
        m.oInt32 = 0
        #expect(m.hasOInt32)
        #expect(m.serializedBytes() == [0xA8, 0x01, 0x00])
        m.clearOInt32()
        #expect(m.serializedBytes().isEmpty)
    }

    @Test func requiredFieldsAreChecked() throws {
        #expect(throws: ProtoDecodingError.missingRequiredFields) { try P2(serializedBytes: [UInt8]()) }
        // f_inner (18) present without its required id.
        #expect(throws: ProtoDecodingError.missingRequiredFields) { try P2(serializedBytes: [0x08, 0x01, 0x92, 0x01, 0x00]) }
        let ok = try P2(serializedBytes: [0x08, 0x01, 0x92, 0x01, 0x02, 0x08, 0x07])
        #expect(ok.fInner.id == 7 && ok.isInitialized)
    }

    @Test func closedEnumValuesItDoesNotNameGoToUnknownFields() throws {
        let m = try P2(serializedBytes: [0x08, 0x01, 0x88, 0x01, 0x63])
        #expect(!m.hasFKind && m.fKind == .b)
        #expect(m.unknownFields.bytes == [0x88, 0x01, 0x63])
        #expect(m.serializedBytes() == [0x08, 0x01, 0x88, 0x01, 0x63])
    }

    @Test func openEnumsKeepValuesTheyDoNotName() throws {
        let m = try P3(serializedBytes: [0x80, 0x01, 0x05])
        #expect(m.fColor == .UNRECOGNIZED(5))
        #expect(m.serializedBytes() == [0x80, 0x01, 0x05])
        #expect(Grpcmini_Test3_Color(protoValue: -1) == .negative)
    }

    @Test func oneofLastMemberWinsAndMessagesMerge() throws {
        var m = P3()
        m.cString = "x"
        m.cUint32 = 3
        #expect(m.choice == .cUint32(3))
        let merged = try P3(serializedBytes: [0xCA, 0x04, 0x02, 0x08, 0x01, 0xCA, 0x04, 0x02, 0x1A, 0x00])
        #expect(merged.cNested.a == 1 && merged.cNested.tags == [""])
    }

    @Test func copiesAreIndependent() {
        var a = P3()
        a.fString = "a"
        a.recursive.fInt32 = 1
        var b = a
        b.recursive.fInt32 = 2
        b.rInt32.append(5)
        #expect(a.recursive.fInt32 == 1 && a.rInt32.isEmpty)
        #expect(b.recursive.fInt32 == 2 && b.fString == "a")
        #expect(a != b)
        b.recursive.fInt32 = 1
        b.rInt32 = []
        #expect(a == b && a.hashValue == b.hashValue)
    }

    @Test func deepRecursionIsAnErrorNotACrash() {
        var bytes: [UInt8] = []
        for _ in 0..<200 { bytes = [0x9A, 0x05] + varint(bytes.count) + bytes }
        #expect(throws: ProtoDecodingError.nestingTooDeep(limit: ProtoReader.defaultRecursionLimit)) { try P3(serializedBytes: bytes) }
    }

    @Test func groupsRoundTrip() throws {
        var m = P2()
        m.reqInt32 = 1
        m.grp.gA = 5
        m.rgrp = [.with { $0.rgA = 1 }, .init()]
        let bytes = m.serializedBytes()
        #expect(bytes == [0x08, 0x01, 0x9B, 0x03, 0xA0, 0x03, 0x05, 0x9C, 0x03, 0xB3, 0x03, 0xB8, 0x03, 0x01, 0xB4, 0x03, 0xB3, 0x03, 0xB4, 0x03])
        #expect(try P2(serializedBytes: bytes) == m)
    }

    @Test func namesAreEscaped() {
        var s = N_String()
        s.class = 1
        s.description_p = "d"
        s.hasFoo_p = 2
        s.fooBar_11 = 3
        s.urlID = 4
        s.`in` = 5
        #expect(s.hasClass && s.`protocol` == .`in`(5))
        var d = N_Data()
        #expect(d.e == .self_ && N_Type.Enum.alias == .self_)
        d.children["x"] = N_Data()
        #expect(N_Type.Enum(protoValue: 2) == .enum2Nd)
    }

    @Test func wellKnownTypesAreOrdinaryMessages() throws {
        var v = Google_Protobuf_Value()
        v.structValue.fields["k"] = .with { $0.listValue.values = [.with { $0.numberValue = 1.5 }] }
        let back = try Google_Protobuf_Value(serializedBytes: v.serializedBytes())
        #expect(back == v)
        var any = Google_Protobuf_Any()
        any.typeURL = "type.googleapis.com/google.protobuf.Value"
        any.value = v.serializedBytes()
        #expect(try Google_Protobuf_Value(serializedBytes: any.value) == v)
    }

    @Test func manyNestedLengthsSpillPastTheStackBuffer() throws {
        var m = P3()
        m.rNested = (0..<100).map { i in .with { $0.a = Int32(i); $0.tags = ["t\(i)"] } }
        m.mStringNested = Dictionary(uniqueKeysWithValues: (0..<40).map { ("k\($0)", .with { $0.a = 1 }) })
        m.rInt32 = Array(-5...5)
        let bytes = m.serializedBytes()
        #expect(bytes.count == m.serializedSize)
        #expect(try P3(serializedBytes: bytes) == m)
        var appended: [UInt8] = [0xAA]
        m.appendSerializedBytes(to: &appended)
        #expect(Array(appended.dropFirst()).count == bytes.count && appended.first == 0xAA)
        #expect(try P3(serializedBytes: Array(appended.dropFirst())) == m)
    }

    private func varint(_ n: Int) -> [UInt8] {
        var n = n
        var out: [UInt8] = []
        while n >= 0x80 {
            out.append(UInt8(n & 0x7F) | 0x80)
            n >>= 7
        }
        out.append(UInt8(n))
        return out
    }
}
