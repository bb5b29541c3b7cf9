import GRPCCore
import HTTP2Transport
import InProcTransport

/// A backend as the command line names it: `[NAME=]TARGET`, where TARGET is
/// `inproc:FROM-TO` (a `StringsBackend` in this process serving `string-FROM` up to `string-TO`
/// excluded), `unix:PATH`, `tcp:HOST:PORT` or `HOST:PORT`.
public struct BackendTarget: Sendable, Hashable {
    /// Where it is.
    public enum Location: Sendable, Hashable {
        /// In this process, serving the strings of this range.
        case inProcess(Range<Int>)
        /// Over HTTP/2 at this address.
        case remote(SocketAddress)
    }

    /// Names it in trailers and reports.
    public var name: String
    /// Where it is.
    public var location: Location

    /// Parses `[NAME=]TARGET`; nil if malformed. The name defaults to the target text.
    public init?(_ text: String) {
        var target = Substring(text)
        var name: String? = nil
        if let eq = text.firstIndex(of: "="), !text[..<eq].contains(":") {
            name = String(text[..<eq])
            target = text[text.index(after: eq)...]
        }
        if target.hasPrefix("inproc:") {
            guard let range = Workload.range(String(target.dropFirst(7))) else { return nil }
            location = .inProcess(range)
        } else {
            let address = target.hasPrefix("tcp:") ? String(target.dropFirst(4)) : String(target)
            guard let parsed = SocketAddress(address) else { return nil }
            location = .remote(parsed)
        }
        self.name = name ?? String(target)
        guard !self.name.isEmpty else { return nil }
    }

    /// The channel kind: `in-process`, `unix` or `tcp`.
    public var kind: String {
        switch location {
        case .inProcess: "in-process"
        case .remote(.unix): "unix"
        case .remote(.tcp): "tcp"
        }
    }

    /// A channel to it: an `InProcessChannel` to a new `StringsBackend`, or an `HTTP2Channel`
    /// (close it when done).
    public func makeChannel() -> any Channel {
        switch location {
        case .inProcess(let range):
            let backend = StringsBackend(strings: Workload.strings(range))
            return InProcessChannel(server: Server(services: [backend]))
        case .remote(let address):
            return HTTP2Channel(target: address)
        }
    }
}

extension FanOutProxy.Backend {
    /// The backend `target` names, over `channel`.
    public init(_ target: BackendTarget, channel: any Channel) {
        self.init(name: target.name, kind: target.kind, client: ListStrings.Client(channel: channel))
    }
}
