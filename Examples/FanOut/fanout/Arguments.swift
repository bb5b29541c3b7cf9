/// A command line: `--name value` options (repeatable) and `--flag` switches.
struct Arguments {
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []

    /// Parses `arguments`; `switches` are the options that take no value.
    init(_ arguments: [String], switches: Set<String>) throws(UsageError) {
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            guard a.hasPrefix("--") else { throw UsageError("unexpected argument \(a)") }
            let name = String(a.dropFirst(2))
            if switches.contains(name) {
                flags.insert(name)
                i += 1
            } else {
                guard i + 1 < arguments.count else { throw UsageError("\(a) needs a value") }
                values[name, default: []].append(arguments[i + 1])
                i += 2
            }
        }
    }

    func all(_ name: String) -> [String] { values[name] ?? [] }
    func value(_ name: String) -> String? { values[name]?.last }
    func has(_ name: String) -> Bool { flags.contains(name) }

    func required(_ name: String) throws(UsageError) -> String {
        guard let v = value(name) else { throw UsageError("--\(name) is required") }
        return v
    }

    func int(_ name: String, default fallback: Int) throws(UsageError) -> Int {
        guard let text = value(name) else { return fallback }
        guard let v = Int(text), v >= 0 else { throw UsageError("--\(name) wants a whole number, not \(text)") }
        return v
    }
}

/// A mistake on the command line.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
