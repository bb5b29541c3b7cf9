extension HTTP2Channel {
    /// Reconnect timing after a failed connect (gRPC's connection-backoff.md): the first retry
    /// after `initial`, each later one `multiplier` times longer up to `maximum`, every delay
    /// spread by ±`jitter`; a connect attempt may take max(current backoff, `minConnectTimeout`).
    /// The defaults are the document's, as in C-core and grpc-go.
    public struct ConnectionBackoff: Sendable, Hashable {
        /// The first delay; at least 1 ms.
        public var initial: Duration = .seconds(1)
        /// Growth per failed attempt; at least 1.
        public var multiplier: Double = 1.6
        /// Random spread of each delay, as a fraction of it: 0 (none) to 1.
        public var jitter: Double = 0.2
        /// The longest delay.
        public var maximum: Duration = .seconds(120)
        /// The shortest time a connect attempt is given.
        public var minConnectTimeout: Duration = .seconds(20)

        /// gRPC's numbers: 1 s, x1.6, ±20%, at most 120 s; 20 s to connect.
        public init() {}

        public init(initial: Duration, multiplier: Double = 1.6, jitter: Double = 0.2,
                    maximum: Duration = .seconds(120), minConnectTimeout: Duration = .seconds(20)) {
            self.initial = initial
            self.multiplier = multiplier
            self.jitter = jitter
            self.maximum = maximum
            self.minConnectTimeout = minConnectTimeout
        }
    }
}

/// A channel's backoff state: the current delay and how it grows. Loop-owned.
struct Backoff {
    private let initial: Duration
    private let multiplier: Double
    private let jitter: Double
    private let maximum: Duration
    private let minConnectTimeout: Duration
    private var current: Duration

    /// `settings` with out-of-range values brought into range (a zero delay would retry in a
    /// tight loop, a multiplier under 1 would shrink it).
    init(_ settings: HTTP2Channel.ConnectionBackoff) {
        initial = max(settings.initial, .milliseconds(1))
        multiplier = settings.multiplier.isFinite ? max(settings.multiplier, 1) : 1
        jitter = settings.jitter.isFinite ? min(max(settings.jitter, 0), 1) : 0
        maximum = max(settings.maximum, initial)
        minConnectTimeout = max(settings.minConnectTimeout, .zero)
        current = initial
    }

    /// How long the next connect attempt may take.
    var connectTimeout: Duration { max(current, minConnectTimeout) }

    /// The delay before the next attempt, and grows the next one.
    mutating func next() -> Duration {
        let jittered = jitter == 0 ? current : current * Double.random(in: (1 - jitter)...(1 + jitter))
        // Compared first: a huge multiplier must not overflow the product.
        current = current >= maximum / multiplier ? maximum : min(current * multiplier, maximum)
        return jittered
    }

    mutating func reset() {
        current = initial
    }
}
