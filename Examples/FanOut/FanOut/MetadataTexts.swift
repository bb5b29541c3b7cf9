import GRPCCore

extension Metadata {
    /// Every text value of `key` (the proxy's trailers name backends this way).
    public func texts(_ key: String) -> [String] {
        self[key].compactMap { if case .string(let s) = $0 { s } else { nil } }
    }
}
