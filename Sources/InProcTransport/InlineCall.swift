import GRPCCore

extension InProcessChannel {
    /// Runs a server-streaming call for a nonisolated caller: the handler starts inline on the
    /// caller's thread, and the caller's body runs there after it, or, if the handler keeps
    /// the thread (see `InlineMonitor`), in a stand-in task on the thread pool (see
    /// `ConsumerStart`), which then also ends the call as the caller would.
    func runInline<Req: Sendable, Res: Sendable, Result>(
        receiver: ResponseReceiver<Res>,
        call: LocalServerCall<Req>,
        handler: HandlerTask,
        group: inout ThrowingTaskGroup<Void, any Error>,
        _ body: (RequestWriter<Req>, StreamingResponse<Res>) async throws -> Result
    ) async throws -> Result {
        try await withoutActuallyEscaping(body) { body in
            let consumer = ConsumerStart()
            let standIn = CallerBody(body)
            group.addTask(executorPreference: consumer) {
                guard let outcome = await standIn.run(call.writer, receiver.response) else { return }
                // The handler may still hold the caller's thread, computing: stop it from here.
                Self.stop(receiver, call, after: outcome)
                handler.cancel()
            }
            let watched = InlineMonitor.shared.watch(consumer, writingTo: receiver.queue)
            if !watched { consumer.move() }
            group.addImmediateTask { await handler.run(call.run) }
            if watched { InlineMonitor.shared.unwatch(consumer) }
            let outcome: Swift.Result<Result, any Error>
            if consumer.startHere(after: standIn.skip) {
                do { outcome = .success(try await body(call.writer, receiver.response)) } catch { outcome = .failure(error) }
            } else {
                while standIn.result == nil {
                    guard try await group.next() != nil else {
                        throw RPCError(.internal, "the in-process call's consumer ended without a result")
                    }
                }
                outcome = standIn.result!
            }
            return try await end(receiver, call, &group, outcome)
        }
    }
}
