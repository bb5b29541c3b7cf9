import GRPCCore
import Synchronization

/// The caller's body of one streaming call, carried to the stand-in consumer task (see
/// `ConsumerStart`), and what it returned there. The call waits for that task before it
/// returns, so the body never outlives its caller.
final class CallerBody<Req: Sendable, Res: Sendable, Result>: @unchecked Sendable {
    typealias Body = (RequestWriter<Req>, StreamingResponse<Res>) async throws -> Result

    private var body: Body?
    /// Set before the task starts on the caller's thread: the caller runs the body itself.
    private var skipped = false
    private var outcome: Swift.Result<Result, any Error>? = nil
    /// Set, with release ordering, once `outcome` is written.
    private let finished = Atomic(false)

    init(_ body: @escaping Body) {
        self.body = body
    }

    /// The caller runs the body: the task ends as it starts.
    func skip() {
        skipped = true
    }

    /// Runs the body once unless skipped, and returns what it returned or threw (nil if
    /// skipped); the closure is released before the task ends.
    func run(_ writer: RequestWriter<Req>, _ response: StreamingResponse<Res>) async -> Swift.Result<Result, any Error>? {
        guard !skipped, let body = self.body.take() else {
            self.body = nil
            return nil
        }
        let result: Swift.Result<Result, any Error>
        do {
            result = .success(try await body(writer, response))
        } catch {
            result = .failure(error)
        }
        outcome = result
        finished.store(true, ordering: .releasing)
        return result
    }

    /// What the body returned or threw; nil while it runs.
    var result: Swift.Result<Result, any Error>? {
        finished.load(ordering: .acquiring) ? outcome : nil
    }
}
