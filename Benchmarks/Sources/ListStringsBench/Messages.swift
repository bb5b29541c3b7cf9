// The messages of the ListStrings benchmark (from the Go blog post's experiment):
//
//   service ListStrings { rpc List(ListRequest) returns (stream ListResponse); }
//   message ListRequest {}
//   message ListResponse { repeated string strings = 1; }
//
// plus a tiny Echo-like message for the unary rows.

// The message types (ListRequest, ListResponse, EchoMessage) are generated from
// Benchmarks/Protos/list_strings.proto into Generated/list_strings.pb.swift; rows that need bytes
// for another runtime encode them with their own serializers.

enum ListStrings {
    /// The 100-byte string of the seed benchmark.
    static let constant =
        "1pjpwqp23-wqwpqj--jwfewpjfpwjfq0jJWQIFnI230NInp@#(lfpsakon[]la,','-K-21J1J3RJFmx/,mx?wpjfjpw1-)DSPL!"

    /// Strings delivered by one List call.
    static let stringsPerCall = 10_000

    /// Strings per ListResponse, one benchmark case each.
    static let respSizes = [1, 10, 100]

    /// The server's messages for one call, built once per case (like the Go benchmark).
    static func makeResponses(respSize: Int) -> [ListResponse] {
        precondition(stringsPerCall % respSize == 0)
        // Like the Go benchmark (`list[i : i+respSize]`): one message per slice of the list.
        let all = Array(repeating: constant, count: stringsPerCall)
        return stride(from: 0, to: stringsPerCall, by: respSize).map {
            ListResponse(strings: Array(all[$0..<($0 + respSize)]))
        }
    }

    /// The unary request.
    static let echoRequest = EchoMessage(text: "ping")
}
