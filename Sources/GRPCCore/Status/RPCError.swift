/// A failed RPC: the status code and message, optional `google.rpc.Status` details, and trailers.
public struct RPCError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The status code; never `.ok`.
    public var code: StatusCode
    /// A human-readable message (`grpc-message` on the wire).
    public var message: String
    /// Serialized `google.rpc.Status` (`grpc-status-details-bin` on the wire), if any.
    public var details: [UInt8]?
    /// Trailing metadata that came with the status.
    public var trailers: Metadata

    /// Creates an error; an `.ok` code is turned into `.unknown`, since OK is not an error.
    public init(_ code: StatusCode, _ message: String = "", details: [UInt8]? = nil, trailers: Metadata = Metadata()) {
        self.code = code == .ok ? .unknown : code
        self.message = message
        self.details = details
        self.trailers = trailers
    }

    public var description: String {
        message.isEmpty ? "\(code)" : "\(code): \(message)"
    }

    /// Maps any error a handler or a caller can throw to the status the gRPC spec names:
    /// an `RPCError` stays as it is, cancellation becomes CANCELLED, anything else UNKNOWN.
    public init(from error: any Error) {
        switch error {
        case let rpc as RPCError: self = rpc
        case is CancellationError: self.init(.cancelled, "call cancelled")
        default: self.init(.unknown, String(describing: error))
        }
    }
}
