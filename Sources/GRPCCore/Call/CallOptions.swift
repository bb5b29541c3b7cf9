/// Per-call settings: deadline, compression, message size limits, wait-for-ready.
public struct CallOptions: Sendable, Hashable {
    /// Default receive limit, 4 MiB, as gRPC C-core.
    public static let defaultMaxReceiveMessageSize = 4 * 1024 * 1024

    /// An absolute deadline; the call fails with DEADLINE_EXCEEDED when it passes (none beyond `longestTimeout`).
    public var deadline: ContinuousClock.Instant?
    /// A timeout from the call's start (none beyond `longestTimeout`); the earlier of this and `deadline` wins.
    public var timeout: Duration?
    /// How requests are compressed on a wire (`grpc-encoding`); in-process there is no wire.
    public var compression: CompressionAlgorithm
    /// Largest request the client will send, in encoded bytes; nil means no limit.
    public var maxSendMessageSize: Int?
    /// Largest response the client will accept, in encoded bytes.
    public var maxReceiveMessageSize: Int
    /// Queue the call until the channel is ready instead of failing fast.
    public var waitForReady: Bool
    /// Record, in the response's `ResponseHead.compressedMessageFlags`, whether each response
    /// arrived compressed on the wire (interop checks); off by default, since a long stream's
    /// record grows with it.
    public var recordsMessageCompression = false

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

    /// Timeouts longer than this, and deadlines further away, mean no deadline: 10,000 years.
    public static let longestTimeout = Duration.seconds(10_000 * 31_556_952)

    /// The deadline in force for a call started at `start`; nil if none or beyond `longestTimeout`.
    public func effectiveDeadline(startingAt start: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        let fromTimeout = timeout.flatMap { Self.deadline(after: $0, from: start) }
        let fromDeadline = deadline.flatMap { $0 < start + Self.longestTimeout ? $0 : nil }
        switch (fromDeadline, fromTimeout) {
        case (nil, nil): return nil
        case (let d?, nil): return d
        case (nil, let t?): return t
        case (let d?, let t?): return min(d, t)
        }
    }

    /// The instant `timeout` after `start` (a negative one is `start`); nil beyond `longestTimeout`.
    public static func deadline(after timeout: Duration, from start: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        if timeout >= longestTimeout { return nil }
        return start + max(timeout, .zero)
    }
}
