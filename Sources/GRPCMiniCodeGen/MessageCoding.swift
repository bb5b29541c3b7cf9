/// The bodies of `encodedSize(in:)`, `encode(to:)`, `decodeField(_:from:)` and `isInitialized` for one message.
struct MessageCoding {
    let model: MessageModel

    /// Runs of fields in number order; consecutive members of one oneof share one `switch`.
    private var runs: [[FieldModel]] {
        var runs: [[FieldModel]] = []
        for f in model.fieldsByNumber {
            if let i = f.oneofIndex, let last = runs.last?.last, last.oneofIndex == i {
                runs[runs.count - 1].append(f)
            } else {
                runs.append([f])
            }
        }
        return runs
    }

    /// The statement adding the size of value `v` of `f` (a single or oneof field) to `size`.
    private func sizeOne(_ f: FieldModel, _ v: String) -> String {
        switch f.kind {
        case .message: "size &+= sizer.sizeMessage(\(v), field: \(f.number))"
        case .group: "size &+= sizer.sizeGroup(\(v), field: \(f.number))"
        default: "size &+= sizer.size(\(v), as: \(f.codec ?? "").self, field: \(f.number))"
        }
    }

    private func writeOne(_ f: FieldModel, _ v: String) -> String {
        switch f.kind {
        case .message: "writer.writeMessage(\(v), field: \(f.number))"
        case .group: "writer.writeGroup(\(v), field: \(f.number))"
        default: "writer.write(\(v), as: \(f.codec ?? "").self, field: \(f.number))"
        }
    }

    /// The condition under which an implicit-presence field is written.
    private func nonDefault(_ f: FieldModel, _ v: String) -> String {
        switch f.kind {
        case .scalar(let s): s.nonZero(v)
        case .enumType: "\(v).protoValue != 0"
        default: "true"
        }
    }

    /// Emits the statements that size (`sizing`) or write every field, then the unknown fields.
    private func emitFields(_ w: inout CodeWriter, sizing: Bool) throws(GeneratorError) {
        let one = sizing ? sizeOne : writeOne
        for run in runs {
            let f = run[0]
            if let oneof = model.oneof(of: f) {
                try w.switchBlock("switch self.\(oneof.name)") { (w) throws(GeneratorError) in
                    for m in run {
                        w.line("case .\(m.name)(let v)?: \(one(m, "v"))")
                    }
                    w.line(run.count == oneof.members.count ? "case nil: break" : "default: break")
                }
                continue
            }
            let s = "self.\(f.storedName)"
            switch f.shape {
            case .single(explicit: true):
                w.line("if let v = \(s) { \(one(f, "v")) }")
            case .single(explicit: false):
                w.line("if \(nonDefault(f, s)) { \(one(f, s)) }")
            case .repeated(let packed):
                switch f.kind {
                case .message:
                    w.line(sizing ? "size &+= sizer.sizeRepeatedMessage(\(s), field: \(f.number))" : "writer.writeRepeatedMessage(\(s), field: \(f.number))")
                case .group:
                    w.line(sizing ? "size &+= sizer.sizeRepeatedGroup(\(s), field: \(f.number))" : "writer.writeRepeatedGroup(\(s), field: \(f.number))")
                default:
                    let codec = f.codec ?? ""
                    if packed {
                        w.line(sizing ? "size &+= sizer.sizePacked(\(s), as: \(codec).self, field: \(f.number))" : "writer.writePacked(\(s), as: \(codec).self, field: \(f.number))")
                    } else {
                        w.line(sizing ? "size &+= sizer.sizeRepeated(\(s), as: \(codec).self, field: \(f.number))" : "writer.writeRepeated(\(s), as: \(codec).self, field: \(f.number))")
                    }
                }
            case .map(let key, let value):
                let k = "ProtoWire.\(key.codec)"
                if case .message = value {
                    w.line(sizing ? "size &+= sizer.sizeMessageMap(\(s), key: \(k).self, field: \(f.number))" : "writer.writeMessageMap(\(s), key: \(k).self, field: \(f.number))")
                } else {
                    let v = FieldModel.codec(value) ?? ""
                    w.line(sizing ? "size &+= sizer.sizeMap(\(s), key: \(k).self, value: \(v).self, field: \(f.number))" : "writer.writeMap(\(s), key: \(k).self, value: \(v).self, field: \(f.number))")
                }
            }
        }
    }

    /// Emits the three coding members (and `isInitialized` when needed) with access `access`.
    func emit(_ w: inout CodeWriter, access: String) throws(GeneratorError) {
        try w.block("\(access)func encodedSize(in sizer: inout ProtoWire.ProtoSizer) -> Swift.Int") { (w) throws(GeneratorError) in
            w.line("var size = 0")
            try emitFields(&w, sizing: true)
            w.line("size &+= sizer.sizeUnknownFields(self.unknownFields)")
            w.line("return size")
        }
        w.line()
        try w.block("\(access)func encode(to writer: inout ProtoWire.ProtoWriter)") { (w) throws(GeneratorError) in
            try emitFields(&w, sizing: false)
            w.line("writer.writeUnknownFields(self.unknownFields)")
        }
        w.line()
        try w.block(
            "\(access)mutating func decodeField(_ tag: ProtoWire.FieldTag, from reader: inout ProtoWire.ProtoReader) throws(ProtoWire.ProtoDecodingError) -> Swift.Bool"
        ) { (w) throws(GeneratorError) in
            if model.fieldsByNumber.isEmpty {
                w.line("false")
                return
            }
            try w.switchBlock("switch tag.number") { (w) throws(GeneratorError) in
                for f in model.fieldsByNumber {
                    w.line("case \(f.number):")
                    try emitDecode(&w, f)
                }
                w.line("default:")
                w.line("    return false")
            }
        }
        if model.checksInitialized {
            w.line()
            try emitIsInitialized(&w, access: access)
        }
    }

    private func emitDecode(_ w: inout CodeWriter, _ f: FieldModel) throws(GeneratorError) {
        var body = CodeWriter()
        let s = "self.\(f.storedName)"
        if let oneof = model.oneof(of: f) {
            let o = "self.\(oneof.name)"
            switch f.kind {
            case .message, .group:
                let wire = f.descriptor.type == .group ? ".startGroup" : ".lengthDelimited"
                body.line("guard tag.wireType == \(wire) else { return false }")
                body.line("var v = \(f.defaultExpr)")
                body.line("if case .\(f.name)(let existing)? = \(o) { v = existing; \(o) = nil }")
                body.line(f.descriptor.type == .group ? "_ = try reader.readGroup(&v, tag: tag)" : "_ = try reader.readMessage(&v, tag: tag)")
                body.line("\(o) = .\(f.name)(v)")
                body.line("return true")
            case .enumType(let t) where t.isClosedEnum:
                body.line("var v: \(t.swiftName)? = nil")
                body.line("guard try reader.readClosedEnum(&v, tag: tag, unknownFields: &self.unknownFields) else { return false }")
                body.line("if let v { \(o) = .\(f.name)(v) }")
                body.line("return true")
            default:
                body.line("var v: \(f.valueType) = \(f.defaultExpr)")
                body.line("guard try reader.read(&v, as: \(f.codec ?? "").self, tag: tag) else { return false }")
                body.line("\(o) = .\(f.name)(v)")
                body.line("return true")
            }
        } else {
            switch f.shape {
            case .single:
                switch f.kind {
                case .message: body.line("return try reader.readMessage(&\(s), tag: tag)")
                case .group: body.line("return try reader.readGroup(&\(s), tag: tag)")
                case .enumType(let t) where t.isClosedEnum:
                    body.line("return try reader.readClosedEnum(&\(s), tag: tag, unknownFields: &self.unknownFields)")
                default: body.line("return try reader.read(&\(s), as: \(f.codec ?? "").self, tag: tag)")
                }
            case .repeated:
                switch f.kind {
                case .message: body.line("return try reader.readRepeatedMessage(&\(s), tag: tag)")
                case .group: body.line("return try reader.readRepeatedGroup(&\(s), tag: tag)")
                case .enumType(let t) where t.isClosedEnum:
                    body.line("return try reader.readRepeatedClosedEnum(&\(s), tag: tag, unknownFields: &self.unknownFields)")
                default: body.line("return try reader.readRepeated(&\(s), as: \(f.codec ?? "").self, tag: tag)")
                }
            case .map(let key, let value):
                let k = "ProtoWire.\(key.codec).self"
                switch value {
                case .message: body.line("return try reader.readMessageMap(&\(s), key: \(k), tag: tag)")
                case .enumType(let t) where t.isClosedEnum:
                    body.line("return try reader.readClosedEnumMap(&\(s), key: \(k), tag: tag, unknownFields: &self.unknownFields)")
                default:
                    body.line("return try reader.readMap(&\(s), key: \(k), value: \(FieldModel.codec(value) ?? "").self, tag: tag)")
                }
            }
        }
        for l in body.text.split(separator: "\n") { w.line("    " + l) }
    }

    private func emitIsInitialized(_ w: inout CodeWriter, access: String) throws(GeneratorError) {
        try w.block("\(access)var isInitialized: Swift.Bool") { (w) throws(GeneratorError) in
            for f in model.fieldsByNumber {
                let s = "self.\(f.storedName)"
                if f.isRequired, f.oneofIndex == nil {
                    w.line("if \(s) == nil { return false }")
                }
                guard let t = f.messageEntry, model.analysisHasRequired(t) else { continue }
                if let oneof = model.oneof(of: f) {
                    w.line("if case .\(f.name)(let v)? = self.\(oneof.name), !v.isInitialized { return false }")
                    continue
                }
                switch f.shape {
                case .single: w.line("if let v = \(s), !v.isInitialized { return false }")
                case .repeated: w.line("if !\(s).allSatisfy(\\.isInitialized) { return false }")
                case .map: w.line("if !\(s).values.allSatisfy(\\.isInitialized) { return false }")
                }
            }
            w.line("return true")
        }
    }
}
