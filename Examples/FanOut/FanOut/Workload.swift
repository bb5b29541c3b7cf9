/// The strings a backend serves: `string-N` for N in a range, so that backends given
/// overlapping ranges send some strings in common (the proxy drops the duplicates).
public enum Workload {
    /// `string-N` for every N in `range`, in order.
    public static func strings(_ range: Range<Int>) -> [String] {
        range.map { "string-\($0)" }
    }

    /// Parses `FROM-TO` (TO excluded) into a range; nil if malformed or empty.
    public static func range(_ text: String) -> Range<Int>? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let from = Int(parts[0]), let to = Int(parts[1]), from >= 0, from < to else { return nil }
        return from..<to
    }
}
