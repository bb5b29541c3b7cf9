/// Accumulates generated Swift text with indentation.
struct CodeWriter {

    private(set) var text = ""
    private var indentation = ""

    /// Appends one line at the current indentation; an empty string gives an empty line.
    mutating func line(_ s: String = "") {
        if s.isEmpty {
            text += "\n"
        } else {
            text += indentation + s + "\n"
        }
    }

    /// Appends `header {`, the body one level deeper, then `}`.
    mutating func block(_ header: String, _ body: (inout CodeWriter) throws(GeneratorError) -> Void) throws(GeneratorError) {
        line(header + " {")
        indentation += "    "
        try body(&self)
        indentation.removeLast(4)
        line("}")
    }

    /// Appends `header {`, the body at the same level (Swift style for `switch` cases), then `}`.
    mutating func switchBlock(_ header: String, _ body: (inout CodeWriter) throws(GeneratorError) -> Void) throws(GeneratorError) {
        line(header + " {")
        try body(&self)
        line("}")
    }

    /// Marks a deprecated element in its docs (`@available(*, deprecated)` would warn in generated code that uses it).
    mutating func deprecationNote() {
        line("///")
        line("/// NOTE: This element was marked as deprecated in the .proto file.")
    }

    /// Appends `///` lines for a comment, if any.
    mutating func doc(_ comment: String?) {
        guard let comment, !comment.isEmpty else { return }
        var lines = comment.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last?.trimmingSpaces().isEmpty == true { lines.removeLast() }
        while lines.first?.trimmingSpaces().isEmpty == true { lines.removeFirst() }
        for l in lines {
            var trimmed = Substring(l)
            while trimmed.last == " " { trimmed.removeLast() }
            line(trimmed.isEmpty ? "///" : "///" + (trimmed.first == " " ? "" : " ") + trimmed)
        }
    }
}
