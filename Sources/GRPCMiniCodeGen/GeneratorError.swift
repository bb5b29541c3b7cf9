/// A reason the plugin cannot generate code; becomes the response's `error`.
public struct GeneratorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text protoc prints.
    public let message: String

    /// Creates an error with `message`.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
