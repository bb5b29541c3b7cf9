import WellKnownTypes

/// A message as the generator emits it: its fields and oneofs with resolved names and its storage choice.
struct MessageModel {
    /// A real (non-synthetic) oneof.
    struct Oneof {
        let name: String
        let enumName: String
        let index: Int
        let members: [FieldModel]
        let sourcePath: [Int32]
    }

    let entry: SymbolTable.TypeEntry
    let descriptor: Google_Protobuf_DescriptorProto
    /// Fields outside real oneofs, in declaration order.
    let plainFields: [FieldModel]
    let oneofs: [Oneof]
    /// Every field, in field-number order (the encoding order).
    let fieldsByNumber: [FieldModel]
    /// Whether fields live in a copy-on-write box.
    let usesStorage: Bool
    /// Whether `isInitialized` must check required fields here or below.
    let checksInitialized: Bool
    /// Whether a message type has required fields here or below.
    let analysisHasRequired: (SymbolTable.TypeEntry) -> Bool

    var swiftName: String { entry.swiftName }
    var isProto3: Bool { entry.isProto3 }

    init(_ entry: SymbolTable.TypeEntry, analysis: MessageAnalysis) throws(GeneratorError) {
        guard let d = entry.message else { throw GeneratorError("internal: \(entry.protoName) is not a message") }
        self.entry = entry
        self.descriptor = d
        let file = entry.file.name
        let isProto3 = entry.isProto3
        let symbols = analysis.symbols

        var usedNames: Set<String> = []
        func claim(_ base: String, number: Int) -> String {
            var name = base
            if usedNames.contains(name) { name += "_\(number)" }
            usedNames.insert(name)
            return name
        }

        // Real oneofs: those with a member that is not proto3 `optional`.
        var realOneof: [Int: Bool] = [:]
        for f in d.field where f.hasOneofIndex && !f.proto3Optional {
            realOneof[Int(f.oneofIndex)] = true
        }

        var all: [FieldModel] = []
        var oneofMembers: [Int: [FieldModel]] = [:]
        for (i, f) in d.field.enumerated() {
            let element = "field \(d.name).\(f.name)"
            var kind: FieldModel.Kind
            switch f.type {
            case .message, .group, .enum:
                let t = try symbols.lookup(f.typeName, from: file, element: element)
                kind = f.type == .enum ? .enumType(t) : (f.type == .group ? .group(t) : .message(t))
            default:
                guard let s = ScalarKind.of(f.type) else { throw GeneratorError("\(file): \(element) has an unknown type") }
                kind = .scalar(s)
            }
            let inOneof = f.hasOneofIndex && realOneof[Int(f.oneofIndex)] == true
            var shape: FieldModel.Shape
            if f.label == .repeated {
                if case .message(let t) = kind, t.isMapEntry, let entryMessage = t.message {
                    guard let keyField = entryMessage.field.first(where: { $0.number == 1 }),
                        let valueField = entryMessage.field.first(where: { $0.number == 2 }),
                        let key = ScalarKind.of(keyField.type)
                    else { throw GeneratorError("\(file): \(element) is a map with an unsupported entry") }
                    var value: FieldModel.Kind
                    switch valueField.type {
                    case .message, .group, .enum:
                        let vt = try symbols.lookup(valueField.typeName, from: file, element: element)
                        value = valueField.type == .enum ? .enumType(vt) : .message(vt)
                    default:
                        guard let s = ScalarKind.of(valueField.type) else {
                            throw GeneratorError("\(file): \(element) has an unknown map value type")
                        }
                        value = .scalar(s)
                    }
                    shape = .map(key: key, value: value)
                } else {
                    var packable: Bool
                    switch kind {
                    case .scalar(let s): packable = s.packable
                    case .enumType: packable = true
                    default: packable = false
                    }
                    let packed = packable && (f.options.hasPacked ? f.options.packed : isProto3)
                    shape = .repeated(packed: packed)
                }
            } else {
                var explicit = true
                if isProto3, !f.proto3Optional, !inOneof {
                    if case .scalar = kind { explicit = false }
                    if case .enumType = kind { explicit = false }
                }
                shape = .single(explicit: explicit)
            }

            let protoBase: String
            if case .group(let t) = kind, let m = t.message { protoBase = m.name } else { protoBase = f.name }
            let lower = Naming.camelCase(protoBase, upperFirst: false)
            let upper = Naming.camelCase(protoBase, upperFirst: true)
            let base = claim(lower, number: Int(f.number))
            let suffix = base == lower ? "" : "_\(f.number)"
            let name = Naming.sanitizeMember(base, basedOn: base)
            let hasName = Naming.sanitizeMember("has" + upper + suffix, basedOn: base)
            let clearName = Naming.sanitizeMember("clear" + upper + suffix, basedOn: base)
            var stored = name
            if case .single(true) = shape, !inOneof { stored = "_" + Naming.trimBackticks(name) }

            var defaultExpr: String
            switch kind {
            case .scalar(let s):
                defaultExpr = s.zero
                if f.hasDefaultValue {
                    guard let v = DefaultValue.scalar(f.defaultValue, type: f.type) else {
                        throw GeneratorError("\(file): \(element) has a default value the plugin cannot read: \(f.defaultValue)")
                    }
                    defaultExpr = v
                }
            case .enumType(let t):
                guard let model = t.enumModel else { throw GeneratorError("internal: enum \(t.protoName) without model") }
                defaultExpr = "\(t.swiftName).\(model.defaultCase)"
                if f.hasDefaultValue {
                    guard let c = model.caseByProtoName[f.defaultValue] else {
                        throw GeneratorError("\(file): \(element) defaults to \(f.defaultValue), which \(t.protoName) does not name")
                    }
                    defaultExpr = "\(t.swiftName).\(c)"
                }
            case .message(let t), .group(let t):
                defaultExpr = "\(t.swiftName)()"
            }

            let model = FieldModel(
                descriptor: f, kind: kind, shape: shape, name: name, hasName: hasName, clearName: clearName,
                storedName: stored, oneofIndex: inOneof ? Int(f.oneofIndex) : nil, defaultExpr: defaultExpr,
                sourcePath: entry.sourcePath + [2, Int32(i)])
            all.append(model)
            if inOneof { oneofMembers[Int(f.oneofIndex), default: []].append(model) }
        }

        var oneofs: [Oneof] = []
        for (i, o) in d.oneofDecl.enumerated() where realOneof[i] == true {
            let lower = Naming.camelCase(o.name, upperFirst: false)
            let base = claim(lower, number: i)
            let enumName = Naming.sanitizeType("OneOf_" + Naming.camelCase(o.name, upperFirst: true), disambiguator: "Oneof")
            oneofs.append(
                Oneof(
                    name: Naming.sanitizeMember(base, basedOn: base), enumName: enumName, index: i,
                    members: oneofMembers[i] ?? [], sourcePath: entry.sourcePath + [8, Int32(i)]))
        }
        self.plainFields = all.filter { $0.oneofIndex == nil }
        self.oneofs = oneofs
        self.fieldsByNumber = all.sorted { $0.number < $1.number }
        self.usesStorage = analysis.usesStorage(entry)
        self.checksInitialized = analysis.hasRequired(entry)
        self.analysisHasRequired = { analysis.hasRequired($0) }
    }

    /// The oneof a member field belongs to.
    func oneof(of field: FieldModel) -> Oneof? {
        guard let i = field.oneofIndex else { return nil }
        return oneofs.first { $0.index == i }
    }
}
