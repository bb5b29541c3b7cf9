import CNGHTTP2
import GRPCCore

/// Graceful shutdown of one server connection, the two-step drain C-core and grpc-go do:
/// GOAWAY with the largest stream id (no new streams, please) and a PING; once the PING is
/// acknowledged, one round trip later, every stream the client sent before it has arrived, so
/// the final GOAWAY names the last stream processed. Streams still open finish; the connection
/// closes when the last one ends (or when the server's grace period ends).
extension ServerConnection {
    /// How long the final GOAWAY waits for the PING ack at most.
    static let drainPingTimeout = Duration.seconds(2)
    static let drainPingPayload: PingPayload = (0x64, 0x72, 0x61, 0x69, 0x6E, 0, 0, 1)

    /// Starts the drain; later calls do nothing.
    func beginDrain() {
        guard drain == .serving, !isClosed, let session else { return }
        drain = .noticeSent
        nghttp2_submit_shutdown_notice(session)
        sendPing(Self.drainPingPayload)
        // Strong, as the guard timer's (ServerConnection.armGuard); closing cancels it.
        drainTimer = loop.schedule(at: .now + Self.drainPingTimeout) { self.finishDrain() }
        // Now, not at the end of the tick: the server closes its listeners next.
        flush()
    }

    /// A PING ack arrived: the drain's, if its payload matches.
    func pingAcknowledged(_ frame: UnsafePointer<nghttp2_frame>) {
        guard drain == .noticeSent else { return }
        var expected = Self.drainPingPayload
        let matches = withUnsafeBytes(of: &expected) { want in
            withUnsafeBytes(of: frame.pointee.ping.opaque_data) { got in want.elementsEqual(got) }
        }
        if matches { finishDrain() }
    }

    /// Sends the final GOAWAY with the last stream processed.
    private func finishDrain() {
        guard drain == .noticeSent, !isClosed, let session else { return }
        drain = .goawaySent
        if let drainTimer { loop.cancelTimer(drainTimer) }
        drainTimer = nil
        nghttp2_submit_goaway(session, UInt8(NGHTTP2_FLAG_NONE.rawValue),
                              nghttp2_session_get_last_proc_stream_id(session), NGHTTP2_NO_ERROR.rawValue, nil, 0)
        markDirty()
    }
}

/// Where a server connection is in its graceful shutdown.
enum DrainState {
    case serving
    /// GOAWAY(2^31-1) and the PING went out.
    case noticeSent
    /// The final GOAWAY went out: no new streams; closes when the last stream ends.
    case goawaySent
}
