// Client-side per-message code.

/// Used in timed runs: counts what arrived, so no implementation can skip delivery.
struct CountingConsumer: ListConsumer {
    var messages = 0
    var strings = 0

    mutating func consume(_ message: ListResponse) {
        messages &+= 1
        strings &+= message.strings.count
    }
}

/// Used once per row before timing: every string must arrive, equal to the constant, in order,
/// in messages of exactly `respSize` strings.
struct ValidatingConsumer: ListConsumer {
    let respSize: Int
    var messages = 0
    var strings = 0
    var failure: String? = nil

    init(respSize: Int) {
        self.respSize = respSize
    }

    mutating func consume(_ message: ListResponse) {
        if failure == nil, message.strings.count != respSize {
            failure = "message \(messages) has \(message.strings.count) strings, expected \(respSize)"
        }
        for string in message.strings {
            if failure == nil, !string.utf8.elementsEqual(ListStrings.constant.utf8) {
                failure = "string \(strings) (message \(messages)) differs from the constant: \(string.debugDescription)"
            }
            strings += 1
        }
        messages += 1
    }

    /// Throws unless the whole call was delivered correctly.
    func check(expectedMessages: Int) throws {
        if let failure { throw BenchError.validation(failure) }
        guard messages == expectedMessages, strings == ListStrings.stringsPerCall else {
            throw BenchError.validation(
                "received \(messages) messages / \(strings) strings, expected \(expectedMessages) / \(ListStrings.stringsPerCall)"
            )
        }
    }
}

enum BenchError: Error, CustomStringConvertible {
    case validation(String)
    case usage(String)

    var description: String {
        switch self {
        case .validation(let why): return "validation failed: \(why)"
        case .usage(let why): return "usage: \(why)"
        }
    }
}
