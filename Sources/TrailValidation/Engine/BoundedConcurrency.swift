/// Fan-out with a bound on the work in flight and results handed on in input order.
enum BoundedConcurrency {
    /// Runs `work` on every input, at most `limit` at once, and hands each result to `deliver` in input
    /// order as soon as it and every earlier one are done.
    ///
    /// - Parameters:
    ///   - inputs: The inputs, in the order their results are delivered.
    ///   - limit: The most `work` calls in flight at once (at least 1).
    ///   - work: The work; an error cancels the rest and is rethrown.
    ///   - deliver: Called in input order with each input's index and result.
    static func run<Input: Sendable, Output: Sendable>(
        _ inputs: [Input],
        limit: Int,
        work: @escaping @Sendable (Input) async throws -> Output,
        deliver: (Int, Output) throws -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: (Int, Output).self) { group in
            var launched = 0
            var delivered = 0
            var ready: [Int: Output] = [:]
            while launched < min(max(1, limit), inputs.count) {
                let index = launched
                let input = inputs[index]
                group.addTask { (index, try await work(input)) }
                launched += 1
            }
            while let (index, output) = try await group.next() {
                ready[index] = output
                while let next = ready.removeValue(forKey: delivered) {
                    try deliver(delivered, next)
                    delivered += 1
                }
                if launched < inputs.count {
                    let index = launched
                    let input = inputs[index]
                    group.addTask { (index, try await work(input)) }
                    launched += 1
                }
            }
        }
    }
}
