// The ListStrings workload and the unary Echo, exactly as Benchmarks/Sources/ListStringsBench
// defines them (Messages.swift), so every peer moves the same bytes:
//
//   service ListStrings { rpc List(ListRequest) returns (stream ListResponse); }  // /ListStrings/List
//   service Echo { rpc Get(EchoMessage) returns (EchoMessage); }                   // /Echo/Get
//   message ListRequest {}
//   message ListResponse { repeated string strings = 1; }
//   message EchoMessage { string text = 1; }
//
// A List call carries request metadata `resp-size: 1|10|100`: the strings per ListResponse
// the server sends for that call (one server process serves every case).

public enum Workload {
    /// The 100-byte string of the seed benchmark.
    public static let constant =
        "1pjpwqp23-wqwpqj--jwfewpjfpwjfq0jJWQIFnI230NInp@#(lfpsakon[]la,','-K-21J1J3RJFmx/,mx?wpjfjpw1-)DSPL!"
    public static let stringsPerCall = 10_000
    public static let respSizes = [1, 10, 100]
    /// Request metadata key naming the respSize of a List call.
    public static let respSizeMetadataKey = "resp-size"
    /// The unary request's text; the server echoes it.
    public static let echoText = "ping"
    /// unary32: concurrent callers on one connection, and calls each caller makes per operation.
    public static let concurrentCallers = 32
    public static let callsPerCaller = 100

    /// The server's messages for one call (one array per slice of the 10,000 strings, like
    /// the Go benchmark's `list[i : i+respSize]`).
    public static func responses(respSize: Int) -> [[String]] {
        precondition(stringsPerCall % respSize == 0)
        let all = Array(repeating: constant, count: stringsPerCall)
        return stride(from: 0, to: stringsPerCall, by: respSize).map { Array(all[$0..<($0 + respSize)]) }
    }
}

/// Receives each ListResponse's strings, in order.
public protocol ListConsumer: Sendable {
    mutating func consume(_ strings: [String])
}

/// Timed calls: counts what arrived, so no implementation can skip delivery.
public struct CountingConsumer: ListConsumer {
    public var messages = 0
    public var strings = 0
    public init() {}
    public mutating func consume(_ strings: [String]) {
        messages &+= 1
        self.strings &+= strings.count
    }
}

/// Once per row before timing: every string equal to the constant, in messages of exactly
/// `respSize` strings, 10,000 in all.
public struct ValidatingConsumer: ListConsumer {
    public let respSize: Int
    public var messages = 0
    public var strings = 0
    public var failure: String? = nil

    public init(respSize: Int) { self.respSize = respSize }

    public mutating func consume(_ strings: [String]) {
        if failure == nil, strings.count != respSize {
            failure = "message \(messages) has \(strings.count) strings, expected \(respSize)"
        }
        for string in strings {
            if failure == nil, !string.utf8.elementsEqual(Workload.constant.utf8) {
                failure = "string \(self.strings) (message \(messages)) differs from the constant"
            }
            self.strings += 1
        }
        messages += 1
    }

    public func check() throws {
        if let failure { throw PeerError.validation(failure) }
        let expected = Workload.stringsPerCall / respSize
        guard messages == expected, strings == Workload.stringsPerCall else {
            throw PeerError.validation(
                "received \(messages) messages / \(strings) strings, expected \(expected) / \(Workload.stringsPerCall)")
        }
    }
}

public enum PeerError: Error, CustomStringConvertible {
    case validation(String)
    case usage(String)

    public var description: String {
        switch self {
        case .validation(let why): return "validation failed: \(why)"
        case .usage(let why): return "usage: \(why)"
        }
    }
}
