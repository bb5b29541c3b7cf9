/// protoc-gen-swift's naming rules: camel case, package prefixes and escaping of reserved words.
enum Naming {
    /// Words written in capitals inside camel-case names.
    private static let abbreviations: Set<String> = ["url", "http", "https", "id"]

    private enum CharClass { case digit, lower, upper, underscore, other }

    private static func charClass(_ c: Unicode.Scalar) -> CharClass {
        switch c {
        case "0"..."9": .digit
        case "a"..."z": .lower
        case "A"..."Z": .upper
        case "_": .underscore
        default: .other
        }
    }

    /// Splits `name` at underscores, case changes and digit runs and joins the words in camel case.
    static func camelCase(_ name: String, upperFirst: Bool) -> String {
        var result = ""
        var word = ""
        var last = CharClass.other
        var started = false
        func flush() {
            guard !word.isEmpty else { return }
            if result.isEmpty && !started && !upperFirst {
                result += word
            } else if abbreviations.contains(word) {
                result += word.uppercased()
            } else {
                result += word.prefix(1).uppercased() + word.dropFirst()
            }
            started = true
            word = ""
        }
        for scalar in name.unicodeScalars {
            let cls = charClass(scalar)
            switch cls {
            case .digit:
                if last != .digit { flush() }
                if result.isEmpty && word.isEmpty { result += "_" }
                word.unicodeScalars.append(scalar)
            case .upper:
                if last != .upper { flush() }
                word += String(scalar).lowercased()
            case .lower:
                if last != .lower && last != .upper { flush() }
                word.unicodeScalars.append(scalar)
            case .underscore:
                flush()
                if last == .underscore { result += "_" }
            case .other:
                flush()
                result += "_u\(scalar.value)"
            }
            last = cls
        }
        flush()
        if last == .underscore { result += "_" }
        return result
    }

    /// The prefix of top-level type names: `swift_prefix` if set, else the package in camel case plus `_`.
    static func typePrefix(package: String, swiftPrefix: String?) -> String {
        if let swiftPrefix { return swiftPrefix }
        guard !package.isEmpty else { return "" }
        var prefix = ""
        var upper = true
        for c in package.unicodeScalars {
            if c == "_" {
                upper = true
            } else if c == "." {
                upper = true
                prefix += "_"
            } else {
                if prefix.isEmpty && charClass(c) == .digit { prefix += "_" }
                prefix += upper ? String(c).uppercased() : String(c)
                upper = false
            }
        }
        return prefix + "_"
    }

    /// A type name that shadows nothing: reserved names get `disambiguator` appended.
    static func sanitizeType(_ name: String, disambiguator: String) -> String {
        if SwiftKeywords.reservedTypeNames.contains(name) || name.allSatisfy({ $0 == "_" }) {
            return name + disambiguator
        }
        if name.hasSuffix(disambiguator) && name.count > disambiguator.count {
            return sanitizeType(String(name.dropLast(disambiguator.count)), disambiguator: disambiguator) + disambiguator
        }
        return name
    }

    /// A member name for `name`, escaped on the basis of `base` (the field's own name for has/clear).
    static func sanitizeMember(_ name: String, basedOn base: String) -> String {
        if hasWordPrefix(base, "clear") || hasWordPrefix(base, "has") || SwiftKeywords.reservedFieldNames.contains(base) {
            return name + "_p"
        }
        if base == name && SwiftKeywords.quotable.contains(base) { return "`\(name)`" }
        if base.allSatisfy({ $0 == "_" }) { return name + "__" }
        return name
    }

    /// An enum case name that compiles: reserved names get `_`, keywords backticks.
    static func sanitizeCase(_ name: String) -> String {
        if SwiftKeywords.reservedEnumCases.contains(name) { return name + "_" }
        if SwiftKeywords.quotable.contains(name) || ["optional", "required", "dynamicType"].contains(name) {
            return "`\(name)`"
        }
        if name.allSatisfy({ $0 == "_" }) { return name + "__" }
        return name
    }

    /// Whether `name` is `word` followed by an upper-case letter (`hasFoo`, `clearFoo`).
    private static func hasWordPrefix(_ name: String, _ word: String) -> Bool {
        guard name.hasPrefix(word) else { return false }
        guard let next = name.dropFirst(word.count).unicodeScalars.first else { return false }
        return charClass(next) == .upper
    }

    /// `name` without a leading `prefix` (compared ignoring case and underscores), or nil when it cannot be stripped.
    static func strip(prefix: String, from name: String) -> String? {
        let wanted = Array(prefix.lowercased().unicodeScalars.filter { $0 != "_" })
        let chars = Array(name.lowercased().unicodeScalars)
        var i = 0
        var j = 0
        while j < wanted.count {
            guard i < chars.count else { return nil }
            if chars[i] == "_" {
                i += 1
                continue
            }
            guard chars[i] == wanted[j] else { return nil }
            i += 1
            j += 1
        }
        while i < chars.count && chars[i] == "_" { i += 1 }
        guard i < chars.count, charClass(chars[i]) == .lower else { return nil }
        return String(String.UnicodeScalarView(Array(name.unicodeScalars)[i...]))
    }

    /// Removes backticks added by escaping.
    static func trimBackticks(_ name: String) -> String {
        name.hasPrefix("`") ? String(name.dropFirst().dropLast()) : name
    }

    /// A Swift string literal holding `text`.
    static func stringLiteral(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
