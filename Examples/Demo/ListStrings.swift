import GRPCCore

/// The server side of demo.ListStrings: `List` streams `count` strings, `Count` answers with
/// one string, and refuses negative counts with INVALID_ARGUMENT.
struct ListStringsService: Demo_ListStrings.ServiceProtocol {
    func list(request: Demo_ListRequest, response: ResponseWriter<Demo_ListResponse>, context: ServerContext) async throws {
        var trailers = Metadata()
        try trailers.add("x-sent", "\(request.count)")
        context.trailers = trailers
        for i in 0..<Int(request.count) {
            try await response.write(.with { $0.strings = ["string \(i)"] })
        }
    }

    func count(request: Demo_ListRequest, context: ServerContext) async throws -> Demo_ListResponse {
        guard request.count >= 0 else {
            throw RPCError(.invalidArgument, "count must not be negative")
        }
        return .with { $0.strings = ["\(request.count) from \(context.peer)"] }
    }
}
