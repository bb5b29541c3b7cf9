import WellKnownTypes

/// The Swift shape of a proto enum: case names, aliases and the default case.
struct EnumModel {
    /// A named value: its Swift case, wire number and index in the descriptor.
    struct Case {
        let name: String
        let number: Int32
        let index: Int
    }

    /// One case per distinct number, in declaration order.
    let cases: [Case]
    /// Values that repeat an earlier number, as static constants naming the first case.
    let aliases: [(name: String, target: String, index: Int)]
    /// The case name of every declared value name (aliases resolve to their primary case).
    let caseByProtoName: [String: String]

    init(_ e: Google_Protobuf_EnumDescriptorProto, file: Google_Protobuf_FileDescriptorProto) throws(GeneratorError) {
        guard !e.value.isEmpty else { throw GeneratorError("\(file.name): enum \(e.name) has no values") }
        var cases: [Case] = []
        var aliases: [(String, String, Int)] = []
        var byNumber: [Int32: String] = [:]
        var used: Set<String> = []
        var byProtoName: [String: String] = [:]
        for (i, v) in e.value.enumerated() {
            let stripped = Naming.strip(prefix: e.name, from: v.name) ?? v.name
            var base = Naming.camelCase(stripped, upperFirst: false)
            if let primary = byNumber[v.number] {
                byProtoName[v.name] = primary
                if !used.contains(base) {
                    aliases.append((Naming.sanitizeCase(base), primary, i))
                    used.insert(base)
                }
                continue
            }
            if used.contains(base) {
                base += v.number < 0 ? "_n\(-Int(v.number))" : "_\(v.number)"
            }
            let name = Naming.sanitizeCase(base)
            used.insert(base)
            byNumber[v.number] = name
            byProtoName[v.name] = name
            cases.append(Case(name: name, number: v.number, index: i))
        }
        self.cases = cases
        self.aliases = aliases
        self.caseByProtoName = byProtoName
    }

    /// The default: the first declared value.
    var defaultCase: String { cases[0].name }
}
