import GRPCCore

/// Transport-wide numbers, chosen as C-core does where it has one.
enum HTTP2Defaults {
    /// The algorithms this transport decompresses, for `grpc-accept-encoding`.
    static let acceptEncoding = "identity,deflate,gzip"
    /// Framed bytes a writer buffers before it waits for the loop: 64 KiB, grpc-go's per-stream
    /// write quota. At 1 MiB a ListStrings handler queued the whole 1 MB response before the
    /// loop sent a byte, so every call grew the heap by a megabyte of fresh pages that glibc
    /// then trimmed (page faults were in 15% of the server's samples at respSize=100; with
    /// glibc told not to trim, its CPU per call fell 30%). Measured sequentially over
    /// a Unix socket, server CPU per call 1.69 -> 1.08 ms at respSize=100, 3.1 -> 2.1 ms at 10.
    static let outboundHighWater = 1 << 16
    /// Response bytes all streams of one server connection buffer before writers wait (`SendBudget`).
    static let connectionSendBudget = 16 << 20
    /// Decoded-but-unread bytes above which flow-control credit is held back.
    static let creditLimit = 1 << 20
    /// Bytes of incomplete request messages one server connection credits before they complete
    /// (`ServerConnection.requestPartialSlot`).
    static let connectionPartialBudget = 16 << 20
    /// Decoded-but-unread request bytes the streams of one server connection share before
    /// credit is held back (`ServerConnection.creditLimit`).
    static let connectionCreditBudget = 8 << 20
    /// Per-stream receive window (SETTINGS_INITIAL_WINDOW_SIZE).
    static let streamWindow: UInt32 = 1 << 20
    /// Connection receive window.
    static let connectionWindow: Int32 = 8 << 20
    /// Request or response header list size we accept (C-core's hard limit).
    static let maxHeaderListSize = 16 * 1024
    /// SO_SNDBUF of Unix sockets (the kernel doubles it). With the 208 KiB default a 1 MB
    /// ListStrings response stalls the loop on EAGAIN several times: measured under h2load over
    /// a Unix socket, respSize=10 went from 263-349 to 485-578 calls/s at 40% less server CPU
    /// per call; 4 MiB was no better than 1.
    static let unixSendBuffer = 1 << 20
    /// Limit of queues the loop pushes into (only blocking senders respect it).
    static let queueLimit = BufferLimit(messages: 4096, bytes: 4 << 20)
}
