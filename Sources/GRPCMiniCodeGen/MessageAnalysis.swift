import WellKnownTypes

/// Facts about message types that depend on other types: recursion, size and required fields.
final class MessageAnalysis {
    let symbols: SymbolTable
    private var storageMemo: [String: Bool] = [:]
    private var costMemo: [String: Int] = [:]

    /// Messages with at least this many inline fields get copy-on-write storage (protoc-gen-swift's threshold).
    static let storageCostThreshold = 17

    init(symbols: SymbolTable) {
        self.symbols = symbols
    }

    /// Message types held by singular fields of `m` (oneof members included).
    private func singularMessageTypes(_ m: Google_Protobuf_DescriptorProto) -> [String] {
        m.field.filter { $0.label != .repeated && ($0.type == .message || $0.type == .group) }.map(\.typeName)
    }

    /// Whether `entry` reaches itself through singular message fields, so it must be boxed.
    private func isRecursive(_ entry: SymbolTable.TypeEntry) -> Bool {
        var seen: Set<String> = []
        var stack = entry.message.map(singularMessageTypes) ?? []
        while let next = stack.popLast() {
            if next == entry.protoName { return true }
            guard seen.insert(next).inserted, let m = symbols.types[next]?.message else { continue }
            stack.append(contentsOf: singularMessageTypes(m))
        }
        return false
    }

    /// Whether `entry`'s fields live in a copy-on-write box: recursive or large messages.
    func usesStorage(_ entry: SymbolTable.TypeEntry) -> Bool {
        if let known = storageMemo[entry.protoName] { return known }
        let result = isRecursive(entry) || cost(entry) >= Self.storageCostThreshold
        storageMemo[entry.protoName] = result
        return result
    }

    /// The inline size of a message in field units: 1 per field, a boxed or recursive sub-message counts 1.
    private func cost(_ entry: SymbolTable.TypeEntry) -> Int {
        if let known = costMemo[entry.protoName] { return known }
        costMemo[entry.protoName] = 1
        guard let m = entry.message else { return 1 }
        var total = 0
        for f in m.field {
            if f.label != .repeated, f.type == .message || f.type == .group, let sub = symbols.types[f.typeName] {
                total += (storageMemo[sub.protoName] == true || isRecursive(sub)) ? 1 : max(1, cost(sub))
            } else {
                total += 1
            }
        }
        costMemo[entry.protoName] = total
        return total
    }

    /// Whether `entry` or any message it holds has required fields.
    func hasRequired(_ entry: SymbolTable.TypeEntry) -> Bool {
        if requiring == nil { requiring = computeRequiring() }
        return requiring?.contains(entry.protoName) ?? false
    }

    private var requiring: Set<String>?

    /// Messages with a required field, then (to a fixed point) messages holding one of those.
    private func computeRequiring() -> Set<String> {
        var set: Set<String> = []
        var held: [String: [String]] = [:]
        for (name, entry) in symbols.types {
            guard let m = entry.message else { continue }
            if m.field.contains(where: { $0.label == .required }) { set.insert(name) }
            held[name] = m.field.filter { $0.type == .message || $0.type == .group }.map(\.typeName)
        }
        var changed = true
        while changed {
            changed = false
            for (name, subs) in held where !set.contains(name) && subs.contains(where: set.contains) {
                set.insert(name)
                changed = true
            }
        }
        return set
    }
}
