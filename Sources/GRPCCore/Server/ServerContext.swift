import Synchronization

/// What a handler knows about its call: method, request metadata, deadline, peer; and where
/// it puts response headers and trailers. Cancellation is the handler task's cancellation.
public final class ServerContext: Sendable {
    /// The method being called.
    public let method: MethodDescriptor
    /// When the client stops waiting; the handler is cancelled then.
    public let deadline: ContinuousClock.Instant?
    /// Who is calling, e.g. `in-process` or `ipv4:127.0.0.1:50000`.
    public let peer: String
    /// Server interceptors that observe this call.
    public let interceptors: [any ServerInterceptor]

    private struct Mutable: Sendable {
        var requestMetadata: Metadata
        var responseHeaders = Metadata()
        var trailers = Metadata()
        var responseCompression = CompressionAlgorithm.identity
        var requestCompressedFlags: [Bool] = []
    }
    private let mutable: Mutex<Mutable>
    @usableFromInline let headersSent = Atomic<Bool>(false)

    /// Creates the context of one call.
    public init(
        method: MethodDescriptor,
        requestMetadata: Metadata,
        deadline: ContinuousClock.Instant?,
        peer: String,
        interceptors: [any ServerInterceptor] = []
    ) {
        self.method = method
        self.deadline = deadline
        self.peer = peer
        self.interceptors = interceptors
        self.mutable = Mutex(Mutable(requestMetadata: requestMetadata))
    }

    /// Metadata the client sent; server interceptors may change it before the handler runs.
    public var requestMetadata: Metadata {
        get { mutable.withLock { $0.requestMetadata } }
        set { mutable.withLock { $0.requestMetadata = newValue } }
    }

    /// Headers sent before the first response message; changes after that are not sent.
    public var responseHeaders: Metadata {
        get { mutable.withLock { $0.responseHeaders } }
        set { mutable.withLock { $0.responseHeaders = newValue } }
    }

    /// Trailers sent with the final status, also when the handler throws.
    public var trailers: Metadata {
        get { mutable.withLock { $0.trailers } }
        set { mutable.withLock { $0.trailers = newValue } }
    }

    /// How the next response messages are compressed on a wire, if the client accepts it (it
    /// listed the algorithm in `grpc-accept-encoding`); else they go uncompressed. Set it before
    /// the first write to announce it in the response headers; change it between writes to
    /// switch compression per message. In-process calls ignore it.
    public var responseCompression: CompressionAlgorithm {
        get { mutable.withLock { $0.responseCompression } }
        set { mutable.withLock { $0.responseCompression = newValue } }
    }

    /// Whether each request message received so far had the compressed flag set on the wire,
    /// in arrival order; filled only by a transport asked to record it (for example
    /// `HTTP2Server.Configuration.recordsRequestCompression`, which interop servers use to check
    /// a client's per-message compression). A message's flag is recorded before the handler can
    /// read the message.
    public var requestCompressedFlags: [Bool] {
        mutable.withLock { $0.requestCompressedFlags }
    }

    /// Appends the wire compression flags of newly received request messages.
    package func recordRequestCompressed(_ flags: [Bool]) {
        mutable.withLock { $0.requestCompressedFlags.append(contentsOf: flags) }
    }

    /// Whether the response headers have gone out.
    public var hasSentHeaders: Bool { headersSent.load(ordering: .acquiring) }

    /// The response headers, the first time this is called; nil after.
    @inlinable
    public func takeHeadersIfUnsent() -> Metadata? {
        if headersSent.load(ordering: .relaxed) { return nil }
        return takeHeadersSlow()
    }

    @usableFromInline
    func takeHeadersSlow() -> Metadata? {
        guard headersSent.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return nil }
        return responseHeaders
    }
}
