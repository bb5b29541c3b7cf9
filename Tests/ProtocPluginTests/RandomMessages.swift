import ProtoWire
import WellKnownTypes

/// Random values of every generated field kind, for the Swift-to-Python direction of the cross-check.
struct RandomMessages {
    var rng: SeededRandom

    mutating func chance(_ p: Double = 0.5) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    mutating func int32() -> Int32 { chance(0.3) ? [0, 1, -1, .max, .min].randomElement(using: &rng) ?? 0 : Int32.random(in: .min ... .max, using: &rng) }
    mutating func int64() -> Int64 { chance(0.3) ? [0, 1, -1, .max, .min].randomElement(using: &rng) ?? 0 : Int64.random(in: .min ... .max, using: &rng) }
    mutating func uint32() -> UInt32 { chance(0.3) ? [0, 1, .max].randomElement(using: &rng) ?? 0 : UInt32.random(in: 0 ... .max, using: &rng) }
    mutating func uint64() -> UInt64 { chance(0.3) ? [0, 1, .max].randomElement(using: &rng) ?? 0 : UInt64.random(in: 0 ... .max, using: &rng) }
    mutating func double() -> Double {
        if chance(0.3) { return [0, -0.0, 1, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude].randomElement(using: &rng) ?? 0 }
        let d = Double(bitPattern: rng.next())
        return d.isNaN ? 0.25 : d
    }
    mutating func float() -> Float {
        if chance(0.3) { return [0, -0.0, 1, .infinity, -.infinity, .leastNonzeroMagnitude].randomElement(using: &rng) ?? 0 }
        let f = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))
        return f.isNaN ? 0.5 : f
    }
    mutating func string() -> String {
        if chance(0.4) { return ["", "a", "héllo", "日本語", "\u{1F600}", "\0"].randomElement(using: &rng) ?? "" }
        let count = Int.random(in: 0..<16, using: &rng)
        return String(String.UnicodeScalarView((0..<count).compactMap { _ in Unicode.Scalar(UInt32.random(in: 0x20...0xD7FF, using: &rng)) }))
    }
    mutating func bytes() -> [UInt8] { (0..<Int.random(in: 0..<24, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) } }
    mutating func color() -> Grpcmini_Test3_Color { Grpcmini_Test3_Color(protoValue: [0, 1, 2, -1, 7, 1000].randomElement(using: &rng) ?? 0) }
    mutating func kind() -> Grpcmini_Test2_Kind { Grpcmini_Test2_Kind.allCases.randomElement(using: &rng) ?? .a }
    mutating func list<T>(_ make: (inout Self) -> T) -> [T] { (0..<Int.random(in: 0..<4, using: &rng)).map { _ in make(&self) } }

    mutating func nested(depth: Int) -> Grpcmini_Test3_AllTypes.Nested {
        var n = Grpcmini_Test3_AllTypes.Nested()
        if chance() { n.a = int32() }
        if chance() { n.tags = list { $0.string() } }
        if depth > 0, chance(0.3) { n.corecursive = allTypes(depth: depth - 1) }
        return n
    }

    mutating func allTypes(depth: Int = 2) -> Grpcmini_Test3_AllTypes {
        var m = Grpcmini_Test3_AllTypes()
        if chance() { m.fInt32 = int32() }
        if chance() { m.fInt64 = int64() }
        if chance() { m.fUint32 = uint32() }
        if chance() { m.fUint64 = uint64() }
        if chance() { m.fSint32 = int32() }
        if chance() { m.fSint64 = int64() }
        if chance() { m.fFixed32 = uint32() }
        if chance() { m.fFixed64 = uint64() }
        if chance() { m.fSfixed32 = int32() }
        if chance() { m.fSfixed64 = int64() }
        if chance() { m.fFloat = float() }
        if chance() { m.fDouble = double() }
        if chance() { m.fBool = chance() }
        if chance() { m.fString = string() }
        if chance() { m.fBytes = bytes() }
        if chance() { m.fColor = color() }
        if chance() { m.fMood = Grpcmini_Test3_AllTypes.Mood(protoValue: Int32.random(in: 0...3, using: &rng)) }
        if chance(0.3) { m.fNested = nested(depth: depth) }
        if chance() { m.oInt32 = int32() }
        if chance() { m.oString = string() }
        if chance() { m.oColor = color() }
        if chance() { m.oDouble = double() }
        if chance() { m.oBytes = bytes() }
        if chance() { m.rInt32 = list { $0.int32() } }
        if chance() { m.rInt64 = list { $0.int64() } }
        if chance() { m.rUint32 = list { $0.uint32() } }
        if chance() { m.rUint64 = list { $0.uint64() } }
        if chance() { m.rSint32 = list { $0.int32() } }
        if chance() { m.rSint64 = list { $0.int64() } }
        if chance() { m.rFixed32 = list { $0.uint32() } }
        if chance() { m.rFixed64 = list { $0.uint64() } }
        if chance() { m.rSfixed32 = list { $0.int32() } }
        if chance() { m.rSfixed64 = list { $0.int64() } }
        if chance() { m.rFloat = list { $0.float() } }
        if chance() { m.rDouble = list { $0.double() } }
        if chance() { m.rBool = list { $0.chance() } }
        if chance() { m.rString = list { $0.string() } }
        if chance() { m.rBytes = list { $0.bytes() } }
        if chance() { m.rColor = list { $0.color() } }
        if depth > 0, chance(0.3) { m.rNested = list { $0.nested(depth: depth - 1) } }
        if chance() { m.rUnpackedInt32 = list { $0.int32() } }
        if chance() { m.rUnpackedDouble = list { $0.double() } }
        if chance() { m.rUnpackedColor = list { $0.color() } }
        for _ in 0..<Int.random(in: 0..<3, using: &rng) {
            m.mStringString[string()] = string()
            m.mInt32Int64[int32()] = int64()
            m.mUint64Bool[uint64()] = chance()
            m.mSint32Bytes[int32()] = bytes()
            m.mFixed64Double[uint64()] = double()
            m.mBoolColor[chance()] = color()
            if depth > 0 { m.mStringNested[string()] = nested(depth: depth - 1) }
            m.mSfixed32Float[int32()] = float()
        }
        switch Int.random(in: 0..<8, using: &rng) {
        case 0: m.cUint32 = uint32()
        case 1: m.cString = string()
        case 2: m.cNested = nested(depth: max(0, depth - 1))
        case 3: m.cBytes = bytes()
        case 4: m.cColor = color()
        case 5: m.cDouble = double()
        default: break
        }
        if chance(0.3) {
            var ts = Google_Protobuf_Timestamp()
            ts.seconds = int64()
            ts.nanos = int32()
            m.fTimestamp = ts
        }
        if chance(0.3) { m.fInt32Wrapper.value = int32() }
        if depth > 0, chance(0.2) { m.recursive = allTypes(depth: depth - 1) }
        return m
    }

    mutating func inner() -> Grpcmini_Test2_AllTypes2.Inner {
        var i = Grpcmini_Test2_AllTypes2.Inner()
        i.id = int32()
        if chance() { i.label = string() }
        return i
    }

    mutating func allTypes2() -> Grpcmini_Test2_AllTypes2 {
        var m = Grpcmini_Test2_AllTypes2()
        m.reqInt32 = int32()
        if chance() { m.fInt32 = int32() }
        if chance() { m.fInt64 = int64() }
        if chance() { m.fUint32 = uint32() }
        if chance() { m.fUint64 = uint64() }
        if chance() { m.fSint32 = int32() }
        if chance() { m.fSint64 = int64() }
        if chance() { m.fFixed32 = uint32() }
        if chance() { m.fFixed64 = uint64() }
        if chance() { m.fSfixed32 = int32() }
        if chance() { m.fSfixed64 = int64() }
        if chance() { m.fFloat = float() }
        if chance() { m.fDouble = double() }
        if chance() { m.fBool = chance() }
        if chance() { m.fString = string() }
        if chance() { m.fBytes = bytes() }
        if chance() { m.fKind = kind() }
        if chance() { m.fInner = inner() }
        if chance() { m.rInt32 = list { $0.int32() } }
        if chance() { m.rSint64 = list { $0.int64() } }
        if chance() { m.rKind = list { $0.kind() } }
        if chance() { m.rKindPacked = list { $0.kind() } }
        if chance() { m.rString = list { $0.string() } }
        if chance() { m.rInner = list { $0.inner() } }
        if chance() { m.rDouble = list { $0.double() } }
        for _ in 0..<Int.random(in: 0..<3, using: &rng) {
            m.mInt32Kind[int32()] = kind()
            m.mStringInner[string()] = inner()
        }
        if chance() {
            if chance() { m.grp.gA = int32() }
            if chance() { m.grp.gB = string() }
        }
        if chance() { m.rgrp = list { r in var g = Grpcmini_Test2_AllTypes2.RGrp(); if r.chance() { g.rgA = r.int32() }; return g } }
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: m.cInt32 = int32()
        case 1: m.cKind = kind()
        case 2: m.cInner = inner()
        case 3: m.cString = string()
        default: break
        }
        return m
    }
}
