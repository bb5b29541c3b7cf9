/// Emits one enum: open (proto3, keeps unknown values) or closed (proto2, raw Int32 values).
struct EnumGenerator {
    let entry: SymbolTable.TypeEntry
    let context: FileContext

    func emit(_ w: inout CodeWriter) throws(GeneratorError) {
        guard let e = entry.enumType, let model = entry.enumModel else { return }
        let access = context.options.access
        let local = String(entry.swiftName.split(separator: ".").last ?? "")
        w.doc(context.comments.leading(entry.sourcePath))
        if e.options.deprecated { w.deprecationNote() }
        if entry.isClosedEnum {
            try w.block("\(access)enum \(local): Swift.Int32, ProtoWire.ProtoClosedEnum, Swift.CaseIterable") { (w) throws(GeneratorError) in
                for c in model.cases {
                    w.doc(context.comments.leading(entry.sourcePath + [2, Int32(c.index)]))
                    w.line("case \(c.name) = \(c.number)")
                }
                emitAliases(&w, model, access: access)
                w.line()
                w.line("/// The first declared value.")
                w.line("\(access)init() { self = .\(model.defaultCase) }")
                w.line()
                w.line("\(access)init?(knownValue: Swift.Int32) { self.init(rawValue: knownValue) }")
                w.line()
                w.line("\(access)init(protoValue: Swift.Int32) { self = Self(rawValue: protoValue) ?? .\(model.defaultCase) }")
                w.line()
                w.line("\(access)var protoValue: Swift.Int32 { self.rawValue }")
            }
            return
        }
        try w.block("\(access)enum \(local): ProtoWire.ProtoEnum, Swift.CaseIterable") { (w) throws(GeneratorError) in
            for c in model.cases {
                w.doc(context.comments.leading(entry.sourcePath + [2, Int32(c.index)]))
                w.line("case \(c.name) // = \(c.number)")
            }
            w.line("/// A value this version of the enum does not name.")
            w.line("case UNRECOGNIZED(Swift.Int32)")
            emitAliases(&w, model, access: access)
            w.line()
            w.line("/// The first declared value.")
            w.line("\(access)init() { self = .\(model.defaultCase) }")
            w.line()
            try w.block("\(access)init(protoValue: Swift.Int32)") { (w) throws(GeneratorError) in
                try w.switchBlock("switch protoValue") { (w) throws(GeneratorError) in
                    for c in model.cases { w.line("case \(c.number): self = .\(c.name)") }
                    w.line("default: self = .UNRECOGNIZED(protoValue)")
                }
            }
            w.line()
            try w.block("\(access)var protoValue: Swift.Int32") { (w) throws(GeneratorError) in
                try w.switchBlock("switch self") { (w) throws(GeneratorError) in
                    for c in model.cases { w.line("case .\(c.name): \(c.number)") }
                    w.line("case .UNRECOGNIZED(let value): value")
                }
            }
            w.line()
            w.line("/// The named values, in declaration order.")
            w.line("\(access)static let allCases: [Self] = [\(model.cases.map { "." + $0.name }.joined(separator: ", "))]")
        }
    }

    private func emitAliases(_ w: inout CodeWriter, _ model: EnumModel, access: String) {
        guard let e = entry.enumType else { return }
        for a in model.aliases {
            w.line()
            w.doc(context.comments.leading(entry.sourcePath + [2, Int32(a.index)]))
            w.line("/// An alias of `\(Naming.trimBackticks(a.target))` (`\(e.value[a.index].name)`).")
            w.line("\(access)static let \(a.name): Self = .\(a.target)")
        }
    }
}
