import CLinuxShim
import GRPCCore
import Glibc

/// Where a server listens or a channel connects: a TCP host and port, or a Unix socket path.
public enum SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// A host name or IP literal and a port; port 0 asks a server for a free one.
    case tcp(host: String, port: Int)
    /// A Unix domain socket path.
    case unix(path: String)

    /// Parses a target as gRPC names them (doc/naming.md) or a plain address: `host:port`,
    /// `[v6]:port`, `dns:host[:port]` or `dns:///host[:port]` (port 443 if left out),
    /// `ipv4:1.2.3.4[:port]`, `ipv6:[::1][:port]` or `ipv6:::1`, `unix:PATH` or
    /// `unix:///absolute/path`. Nil if malformed, and for what getaddrinfo cannot honour: a DNS
    /// server named in the target (`dns://8.8.8.8/host`) or a list of addresses. Percent-escapes
    /// are not decoded.
    public init?(_ text: String) {
        if text.hasPrefix("unix://") {
            let path = String(text.dropFirst(7))
            guard path.hasPrefix("/") else { return nil }
            self = .unix(path: path)
        } else if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { return nil }
            self = .unix(path: path)
        } else if text.hasPrefix("dns:") {
            var rest = text.dropFirst(4)
            if rest.hasPrefix("//") {
                rest = rest.dropFirst(2)
                guard let slash = rest.firstIndex(of: "/"), rest[..<slash].isEmpty else { return nil }
                rest = rest[rest.index(after: slash)...]
            } else if rest.hasPrefix("/") {
                rest = rest.dropFirst()
            }
            guard let (host, port) = Self.hostAndPort(rest, defaultPort: 443), !host.isEmpty, !host.contains("/") else {
                return nil
            }
            self = .tcp(host: host, port: port)
        } else if text.hasPrefix("ipv4:") || text.hasPrefix("ipv6:") {
            let family = text.hasPrefix("ipv4:") ? AF_INET : AF_INET6
            guard let (host, port) = Self.hostAndPort(text.dropFirst(5), defaultPort: 443) else { return nil }
            var bytes = in6_addr()
            guard inet_pton(family, host, &bytes) == 1 else { return nil }
            self = .tcp(host: host, port: port)
        } else if let (host, port) = Self.hostAndPort(Substring(text), defaultPort: nil) {
            self = .tcp(host: host, port: port)
        } else {
            return nil
        }
    }

    /// `host:port`, `[v6]:port`, or without the port when there is a default (then also a bare
    /// IPv6 literal).
    private static func hostAndPort(_ text: Substring, defaultPort: Int?) -> (String, Int)? {
        func port(_ digits: Substring) -> Int? {
            guard !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }), let port = Int(digits), port <= 65535 else {
                return nil
            }
            return port
        }
        guard !text.contains(",") else { return nil }
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.isEmpty, let defaultPort { return (host, defaultPort) }
            guard rest.hasPrefix(":"), let p = port(rest.dropFirst()) else { return nil }
            return (host, p)
        }
        let colons = text.count(where: { $0 == ":" })
        if colons == 1, let colon = text.firstIndex(of: ":") {
            guard let p = port(text[text.index(after: colon)...]) else { return nil }
            return (String(text[..<colon]), p)
        }
        guard let defaultPort, !text.isEmpty, colons == 0 || colons > 1 else { return nil }
        return (String(text), defaultPort)
    }

    public var description: String {
        switch self {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path): "unix:\(path)"
        }
    }

    /// The `:authority` a client sends for this address.
    var authority: String {
        switch self {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix: "localhost"
        }
    }
}

/// A resolved socket address in the kernel's form.
struct ResolvedAddress: Sendable {
    var storage = sockaddr_storage()
    var length: socklen_t = 0
    var family: Int32 { Int32(storage.ss_family) }

    /// Resolves `address` to every candidate, in getaddrinfo's order. A host name may mean a
    /// DNS lookup that blocks for seconds: a loop thread resolves only with `withoutLookup`.
    static func resolve(_ address: SocketAddress, passive: Bool) throws(RPCError) -> [ResolvedAddress] {
        try resolve(address, passive: passive, numericOnly: false)!
    }

    /// Resolves `address` if that needs no name lookup (a Unix path, an empty host, an IP
    /// literal); nil for a host name.
    static func withoutLookup(_ address: SocketAddress) throws(RPCError) -> [ResolvedAddress]? {
        try resolve(address, passive: false, numericOnly: true)
    }

    private static func resolve(_ address: SocketAddress, passive: Bool, numericOnly: Bool) throws(RPCError) -> [ResolvedAddress]? {
        switch address {
        case .unix(let path):
            var resolved = ResolvedAddress()
            let capacity = Int(clinux_sun_path_size())
            guard path.utf8.count < capacity, !path.isEmpty else {
                throw RPCError(.invalidArgument, "unix socket path too long or empty: \(path)")
            }
            withUnsafeMutableBytes(of: &resolved.storage) { raw in
                let un = raw.baseAddress!.assumingMemoryBound(to: sockaddr_un.self)
                un.pointee.sun_family = sa_family_t(AF_UNIX)
                withUnsafeMutableBytes(of: &un.pointee.sun_path) { pathBytes in
                    for (i, b) in path.utf8.enumerated() { pathBytes[i] = b }
                    pathBytes[path.utf8.count] = 0
                }
            }
            resolved.length = socklen_t(MemoryLayout<sa_family_t>.size + path.utf8.count + 1)
            return [resolved]
        case .tcp(let host, let port):
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            hints.ai_family = AF_UNSPEC
            if passive { hints.ai_flags = AI_PASSIVE }
            if numericOnly { hints.ai_flags |= AI_NUMERICHOST }
            var list: UnsafeMutablePointer<addrinfo>? = nil
            let node = host.isEmpty ? nil : host
            let rc = getaddrinfo(node, String(port), &hints, &list)
            if numericOnly, rc == EAI_NONAME { return nil }
            guard rc == 0, let list else {
                let reason = String(cString: gai_strerror(rc))
                throw RPCError(.unavailable, "cannot resolve \(host): \(reason)")
            }
            defer { freeaddrinfo(list) }
            var result: [ResolvedAddress] = []
            var cursor: UnsafeMutablePointer<addrinfo>? = list
            while let entry = cursor {
                if let addr = entry.pointee.ai_addr {
                    var resolved = ResolvedAddress()
                    resolved.length = entry.pointee.ai_addrlen
                    withUnsafeMutableBytes(of: &resolved.storage) { raw in
                        raw.copyMemory(from: UnsafeRawBufferPointer(start: addr, count: Int(entry.pointee.ai_addrlen)))
                    }
                    result.append(resolved)
                }
                cursor = entry.pointee.ai_next
            }
            return result
        }
    }

    /// Calls `body` with the address as a `sockaddr` pointer.
    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        withUnsafeBytes(of: storage) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }

    /// The peer string C-core writes: `ipv4:1.2.3.4:5`, `ipv6:[::1]:5`, `unix:/path`.
    func peerString(unixPath: String? = nil) -> String {
        switch family {
        case AF_INET:
            return withUnsafeBytes(of: storage) { raw in
                let sin = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in.self).pointee
                var addr = sin.sin_addr
                var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
                inet_ntop(AF_INET, &addr, &text, socklen_t(text.count))
                return "ipv4:\(Self.text(text)):\(UInt16(bigEndian: sin.sin_port))"
            }
        case AF_INET6:
            return withUnsafeBytes(of: storage) { raw in
                let sin6 = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in6.self).pointee
                var addr = sin6.sin6_addr
                var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
                inet_ntop(AF_INET6, &addr, &text, socklen_t(text.count))
                return "ipv6:[\(Self.text(text))]:\(UInt16(bigEndian: sin6.sin6_port))"
            }
        case AF_UNIX:
            return "unix:\(unixPath ?? "")"
        default:
            return "unknown"
        }
    }

    /// A NUL-terminated C string buffer as text.
    private static func text(_ chars: [CChar]) -> String {
        String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The port of an IP address, or 0.
    var port: Int {
        withUnsafeBytes(of: storage) { raw in
            switch family {
            case AF_INET: Int(UInt16(bigEndian: raw.baseAddress!.assumingMemoryBound(to: sockaddr_in.self).pointee.sin_port))
            case AF_INET6: Int(UInt16(bigEndian: raw.baseAddress!.assumingMemoryBound(to: sockaddr_in6.self).pointee.sin6_port))
            default: 0
            }
        }
    }
}

/// Thin wrappers over the socket calls the transport makes.
enum Socket {
    /// The text of `errno`.
    static func error(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    /// A non-blocking, close-on-exec stream socket of `family`.
    static func make(family: Int32) throws(RPCError) -> Int32 {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw RPCError(.unavailable, "socket(): \(error())") }
        return fd
    }

    /// Sets up a connected socket: Nagle off over TCP (gRPC is latency-bound and the transport
    /// coalesces writes itself); over a Unix socket a send buffer of `unixSendBuffer` instead
    /// of the kernel's 208 KiB default (TCP on loopback autotunes up to 4 MiB by itself).
    static func configure(_ fd: Int32, family: Int32) {
        if family == AF_UNIX {
            var size = Int32(HTTP2Defaults.unixSendBuffer)
            setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            return
        }
        guard family == AF_INET || family == AF_INET6 else { return }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// The local address of a bound socket.
    static func localAddress(_ fd: Int32) -> ResolvedAddress {
        var resolved = ResolvedAddress()
        resolved.length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutableBytes(of: &resolved.storage) { raw in
            _ = getsockname(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), &resolved.length)
        }
        return resolved
    }

    /// Binds and listens on `address`; returns the socket and the address it got.
    static func listen(_ address: SocketAddress, backlog: Int32 = 1024) throws(RPCError) -> (Int32, SocketAddress) {
        let candidates = try ResolvedAddress.resolve(address, passive: true)
        var lastError = "no address"
        for candidate in candidates {
            let fd = try make(family: candidate.family)
            if candidate.family == AF_UNIX, case .unix(let path) = address {
                // A stale socket file from an earlier run would make bind fail.
                var info = stat()
                if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFSOCK { unlink(path) }
            } else {
                var one: Int32 = 1
                setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            }
            let bound = candidate.withSockaddr { bind(fd, $0, $1) }
            if bound != 0 || Glibc.listen(fd, backlog) != 0 {
                lastError = error()
                close(fd)
                continue
            }
            switch address {
            case .unix: return (fd, address)
            case .tcp(let host, _): return (fd, .tcp(host: host, port: localAddress(fd).port))
            }
        }
        throw RPCError(.unavailable, "cannot listen on \(address): \(lastError)")
    }
}
