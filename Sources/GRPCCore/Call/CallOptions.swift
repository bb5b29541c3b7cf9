/// Per-call settings: deadline, compression, message size limits, wait-for-ready.
public struct CallOptions: Sendable, Hashable {
    /// Default receive limit, 4 MiB, as gRPC C-core.
    public static let defaultMaxReceiveMessageSize = 4 * 1024 * 1024

    /// An absolute deadline; the call fails with DEADLINE_EXCEEDED when it passes.
    public var deadline: ContinuousClock.Instant?
    /// A timeout counted from the start of the call; the earlier of this and `deadline` wins.
    public var timeout: Duration?
    /// How requests are compressed on a wire (`grpc-encoding`); in-process there is no wire.
    public var compression: CompressionAlgorithm
    /// Largest request the client will send, in encoded bytes; nil means no limit.
    public var maxSendMessageSize: Int?
    /// Largest response the client will accept, in encoded bytes.
    public var maxReceiveMessageSize: Int
    /// Queue the call until the channel is ready instead of failing fast.
    public var waitForReady: Bool

    /// Creates options; every argument has the gRPC default.
    public init(
        deadline: ContinuousClock.Instant? = nil,
        timeout: Duration? = nil,
        compression: CompressionAlgorithm = .identity,
        maxSendMessageSize: Int? = nil,
        maxReceiveMessageSize: Int = CallOptions.defaultMaxReceiveMessageSize,
        waitForReady: Bool = false
    ) {
        self.deadline = deadline
        self.timeout = timeout
        self.compression = compression
        self.maxSendMessageSize = maxSendMessageSize
        self.maxReceiveMessageSize = maxReceiveMessageSize
        self.waitForReady = waitForReady
    }

    /// The deadline in force for a call started at `start`.
    public func effectiveDeadline(startingAt start: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        switch (deadline, timeout) {
        case (nil, nil): nil
        case (let d?, nil): d
        case (nil, let t?): start + t
        case (let d?, let t?): min(d, start + t)
        }
    }
}
