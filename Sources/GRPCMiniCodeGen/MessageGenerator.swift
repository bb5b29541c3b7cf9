/// Emits one message struct: its public API, nested types and coding members.
struct MessageGenerator {
    let model: MessageModel
    let context: FileContext

    private var access: String { context.options.access }

    func emit(_ w: inout CodeWriter) throws(GeneratorError) {
        let d = model.descriptor
        let local = String(model.swiftName.split(separator: ".").last ?? "")
        w.doc(context.comments.leading(model.entry.sourcePath))
        if d.options.deprecated { w.deprecationNote() }
        let conformances = "ProtoWire.ProtoMessage, Swift.Hashable, Swift.Sendable"
        try w.block("\(access)struct \(local): \(conformances)") { (w) throws(GeneratorError) in
            if model.usesStorage {
                try emitStorageAPI(&w)
            } else {
                try emitInlineAPI(&w)
            }
            try emitOneofEnums(&w)
            try emitNestedTypes(&w)
        }
    }

    // MARK: - Inline messages (fields stored in the struct)

    private func emitInlineAPI(_ w: inout CodeWriter) throws(GeneratorError) {
        for f in model.plainFields {
            emitDoc(&w, f)
            switch f.shape {
            case .single(explicit: true):
                let getter = "self.\(f.storedName) ?? \(f.defaultExpr)"
                if f.messageEntry != nil {
                    try w.block("\(access)var \(f.name): \(f.propertyType)") { (w) throws(GeneratorError) in
                        w.line("get { \(getter) }")
                        w.line("_modify {")
                        w.line("    var v = self.\(f.storedName).take() ?? \(f.defaultExpr)")
                        w.line("    defer { self.\(f.storedName) = v }")
                        w.line("    yield &v")
                        w.line("}")
                    }
                } else {
                    try w.block("\(access)var \(f.name): \(f.propertyType)") { (w) throws(GeneratorError) in
                        w.line("get { \(getter) }")
                        w.line("set { self.\(f.storedName) = newValue }")
                    }
                }
                emitPresence(&w, f, stored: "self.\(f.storedName)", mutableStored: "self.\(f.storedName)")
            default:
                w.line("\(access)var \(f.name): \(f.propertyType) = \(emptyValue(f))")
            }
            w.line()
        }
        for o in model.oneofs {
            w.doc(context.comments.leading(o.sourcePath))
            w.line("\(access)var \(o.name): \(o.enumName)? = nil")
            w.line()
            try emitOneofMembers(&w, o, get: "self.\(o.name)", set: "self.\(o.name)")
        }
        w.line("\(access)var unknownFields = ProtoWire.UnknownFields()")
        w.line()
        w.line("\(access)init() {}")
        w.line()
        try MessageCoding(model: model).emit(&w, access: access)
        let explicit = model.plainFields.filter { if case .single(true) = $0.shape { return true }; return false }
        if !explicit.isEmpty { w.line() }
        for f in explicit {
            w.line("private var \(f.storedName): \(f.propertyType)? = nil")
        }
    }

    // MARK: - Messages with copy-on-write storage

    private func emitStorageAPI(_ w: inout CodeWriter) throws(GeneratorError) {
        let get = "self._storage.fields"
        let set = "self._uniqueStorage().fields"
        for f in model.plainFields {
            emitDoc(&w, f)
            try w.block("\(access)var \(f.name): \(f.propertyType)") { (w) throws(GeneratorError) in
                switch f.shape {
                case .single(explicit: true):
                    w.line("get { \(get).\(f.storedName) ?? \(f.defaultExpr) }")
                    if f.messageEntry != nil {
                        w.line("_modify {")
                        w.line("    let storage = self._uniqueStorage()")
                        w.line("    var v = storage.fields.\(f.storedName).take() ?? \(f.defaultExpr)")
                        w.line("    defer { storage.fields.\(f.storedName) = v }")
                        w.line("    yield &v")
                        w.line("}")
                    } else {
                        w.line("set { \(set).\(f.storedName) = newValue }")
                    }
                default:
                    w.line("get { \(get).\(f.storedName) }")
                    w.line("_modify { yield &\(set).\(f.storedName) }")
                }
            }
            if case .single(true) = f.shape {
                emitPresence(&w, f, stored: "\(get).\(f.storedName)", mutableStored: "\(set).\(f.storedName)")
            }
            w.line()
        }
        for o in model.oneofs {
            w.doc(context.comments.leading(o.sourcePath))
            try w.block("\(access)var \(o.name): \(o.enumName)?") { (w) throws(GeneratorError) in
                w.line("get { \(get).\(o.name) }")
                w.line("_modify { yield &\(set).\(o.name) }")
            }
            w.line()
            try emitOneofMembers(&w, o, get: "\(get).\(o.name)", set: "\(set).\(o.name)")
        }
        try w.block("\(access)var unknownFields: ProtoWire.UnknownFields") { (w) throws(GeneratorError) in
            w.line("get { \(get).unknownFields }")
            w.line("_modify { yield &\(set).unknownFields }")
        }
        w.line()
        w.line("\(access)init() {}")
        w.line()
        w.line("\(access)func encodedSize(in sizer: inout ProtoWire.ProtoSizer) -> Swift.Int { \(get).encodedSize(in: &sizer) }")
        w.line()
        w.line("\(access)func encode(to writer: inout ProtoWire.ProtoWriter) { \(get).encode(to: &writer) }")
        w.line()
        try w.block(
            "\(access)mutating func decodeField(_ tag: ProtoWire.FieldTag, from reader: inout ProtoWire.ProtoReader) throws(ProtoWire.ProtoDecodingError) -> Swift.Bool"
        ) { (w) throws(GeneratorError) in
            w.line("try \(set).decodeField(tag, from: &reader)")
        }
        if model.checksInitialized {
            w.line()
            w.line("\(access)var isInitialized: Swift.Bool { \(get).isInitialized }")
        }
        w.line()
        try w.block("\(access)static func == (lhs: Self, rhs: Self) -> Swift.Bool") { (w) throws(GeneratorError) in
            w.line("lhs._storage === rhs._storage || lhs._storage.fields == rhs._storage.fields")
        }
        w.line()
        try w.block("\(access)func hash(into hasher: inout Swift.Hasher)") { (w) throws(GeneratorError) in
            w.line("\(get).hash(into: &hasher)")
        }
        w.line()
        w.line("private var _storage = _Storage.empty")
        w.line()
        try w.block("private mutating func _uniqueStorage() -> _Storage") { (w) throws(GeneratorError) in
            w.line("if !Swift.isKnownUniquelyReferenced(&self._storage) { self._storage = _Storage(self._storage.fields) }")
            w.line("return self._storage")
        }
        w.line()
        w.line("/// The fields, shared by copies until one of them is mutated.")
        try w.block("private final class _Storage: @unchecked Swift.Sendable") { (w) throws(GeneratorError) in
            w.line("static let empty = _Storage(_Fields())")
            w.line("var fields: _Fields")
            w.line("init(_ fields: _Fields) { self.fields = fields }")
        }
        w.line()
        try w.block("fileprivate struct _Fields: Swift.Hashable, Swift.Sendable") { (w) throws(GeneratorError) in
            for f in model.plainFields {
                if case .single(true) = f.shape {
                    w.line("var \(f.storedName): \(f.propertyType)? = nil")
                } else {
                    w.line("var \(f.storedName): \(f.propertyType) = \(emptyValue(f))")
                }
            }
            for o in model.oneofs {
                w.line("var \(o.name): \(model.swiftName).\(o.enumName)? = nil")
            }
            w.line("var unknownFields = ProtoWire.UnknownFields()")
            w.line()
            try MessageCoding(model: model).emit(&w, access: "")
        }
    }

    // MARK: - Shared pieces

    private func emitDoc(_ w: inout CodeWriter, _ f: FieldModel) {
        w.doc(context.comments.leading(f.sourcePath))
        if f.descriptor.options.deprecated { w.deprecationNote() }
    }

    private func emitPresence(_ w: inout CodeWriter, _ f: FieldModel, stored: String, mutableStored: String) {
        w.line("/// Whether `\(Naming.trimBackticks(f.name))` is set.")
        w.line("\(access)var \(f.hasName): Swift.Bool { \(stored) != nil }")
        w.line("/// Unsets `\(Naming.trimBackticks(f.name))`.")
        w.line("\(access)mutating func \(f.clearName)() { \(mutableStored) = nil }")
    }

    private func emptyValue(_ f: FieldModel) -> String {
        switch f.shape {
        case .single: f.defaultExpr
        case .repeated: "[]"
        case .map: "[:]"
        }
    }

    private func emitOneofMembers(_ w: inout CodeWriter, _ o: MessageModel.Oneof, get: String, set: String) throws(GeneratorError) {
        for f in o.members {
            emitDoc(&w, f)
            try w.block("\(access)var \(f.name): \(f.valueType)") { (w) throws(GeneratorError) in
                w.line("get { if case .\(f.name)(let v)? = \(get) { return v }; return \(f.defaultExpr) }")
                w.line("set { \(set) = .\(f.name)(newValue) }")
            }
            w.line()
        }
    }

    private func emitOneofEnums(_ w: inout CodeWriter) throws(GeneratorError) {
        for o in model.oneofs {
            w.line()
            w.doc(context.comments.leading(o.sourcePath))
            try w.block("\(access)enum \(o.enumName): Swift.Hashable, Swift.Sendable") { (w) throws(GeneratorError) in
                for f in o.members {
                    w.doc(context.comments.leading(f.sourcePath))
                    w.line("case \(f.name)(\(f.valueType))")
                }
            }
        }
    }

    private func emitNestedTypes(_ w: inout CodeWriter) throws(GeneratorError) {
        let d = model.descriptor
        for e in d.enumType {
            guard let entry = context.symbols.types[model.entry.protoName + "." + e.name] else { continue }
            w.line()
            try EnumGenerator(entry: entry, context: context).emit(&w)
        }
        for m in d.nestedType {
            guard let entry = context.symbols.types[model.entry.protoName + "." + m.name], !entry.isMapEntry else { continue }
            w.line()
            try MessageGenerator(model: MessageModel(entry, analysis: context.analysis), context: context).emit(&w)
        }
    }
}
