public import TrailModel

/// An event log that batches concurrent appends into group commits.
///
/// The first writer to arrive while no commit is running becomes the leader: it commits everything
/// queued so far in one transaction (one fsync), then whatever queued up meanwhile, until the queue is
/// empty. Every writer, leader or not, returns only after the transaction holding its records has
/// committed — an append is never acknowledged early. No background task is involved, so nothing is
/// left behind at shutdown: the last writer's own call drains the queue.
public actor GroupCommitLog: EventLog {
    private struct Pending {
        let ticket: Int
        let records: [EventRecord]
    }

    private let base: any EventLog
    private let maxRecordsPerCommit: Int
    private let onCommit: (@Sendable (_ records: Int, _ duration: Duration) -> Void)?
    private var queue: [Pending] = []
    private var finished: [Int: Result<[AppendOutcome], any Error>] = [:]
    private var waiting: [Int: CheckedContinuation<[AppendOutcome], any Error>] = [:]
    private var nextTicket = 0
    private var isCommitting = false

    /// Wraps a log. Lookups and cursors go straight to it; appends are batched.
    /// - Parameters:
    ///   - base: the durable log.
    ///   - maxRecordsPerCommit: the most records one transaction takes (a larger single append is still
    ///     committed whole, alone).
    ///   - onCommit: told the size and duration of every committed transaction (for metrics; it must be quick).
    public init(
        _ base: any EventLog,
        maxRecordsPerCommit: Int = 10_000,
        onCommit: (@Sendable (_ records: Int, _ duration: Duration) -> Void)? = nil
    ) {
        self.base = base
        self.maxRecordsPerCommit = maxRecordsPerCommit
        self.onCommit = onCommit
    }

    public func append(_ records: [EventRecord]) async throws -> [AppendOutcome] {
        guard !records.isEmpty else { return [] }
        let ticket = nextTicket
        nextTicket += 1
        queue.append(Pending(ticket: ticket, records: records))
        if !isCommitting {
            isCommitting = true
            await commitQueued()
            isCommitting = false
        }
        if let result = finished.removeValue(forKey: ticket) { return try result.get() }
        return try await withCheckedThrowingContinuation { waiting[ticket] = $0 }
    }

    /// Commits batches until the queue is empty. Runs on the leader's task; the actor is free for other
    /// writers to queue while a batch is being committed.
    private func commitQueued() async {
        while !queue.isEmpty {
            var batch: [Pending] = [queue.removeFirst()]
            var count = batch[0].records.count
            while let next = queue.first, count + next.records.count <= maxRecordsPerCommit {
                batch.append(queue.removeFirst())
                count += next.records.count
            }
            let result: Result<[AppendOutcome], any Error>
            do {
                let started = ContinuousClock.now
                result = .success(try await base.append(batch.flatMap(\.records)))
                onCommit?(count, started.duration(to: .now))
            } catch {
                result = .failure(error)
            }
            var offset = 0
            for pending in batch {
                let share = result.map { Array($0[offset..<(offset + pending.records.count)]) }
                offset += pending.records.count
                if let continuation = waiting.removeValue(forKey: pending.ticket) {
                    continuation.resume(with: share)
                } else {
                    finished[pending.ticket] = share
                }
            }
        }
    }

    public nonisolated func lookup(_ query: LookupQuery) async throws -> [StoredEvent] {
        try await base.lookup(query)
    }

    public nonisolated func events(after sequence: Int64, limit: Int) async throws -> [StoredEvent] {
        try await base.events(after: sequence, limit: limit)
    }

    public nonisolated func latestSequence() async throws -> Int64 {
        try await base.latestSequence()
    }

    public nonisolated func purge(before eventTime: Int64, limit: Int) async throws -> Int {
        try await base.purge(before: eventTime, limit: limit)
    }

    public nonisolated func cursor(named name: String) async throws -> Int64 {
        try await base.cursor(named: name)
    }

    public nonisolated func setCursor(named name: String, to sequence: Int64) async throws {
        try await base.setCursor(named: name, to: sequence)
    }
}
