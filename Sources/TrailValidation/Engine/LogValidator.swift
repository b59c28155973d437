import Foundation

/// The engine of `opentrail validate-logs`: checks a trail's digest and log files as
/// `aws cloudtrail validate-logs` does, faster, and with what OpenTrail's digest index adds.
///
/// A run lists the trail's digests of the range, reads them all at once (bounded by the configured or the
/// source's concurrency), walks the chain in memory from the newest digest backwards, then reads, inflates
/// and hashes the log files of the valid digests concurrently. Events reach `report` in the AWS CLI's
/// order whatever the order reads finish in.
///
/// With a ``DigestIndex``, every digest OpenTrail delivered in the range (and the chain head) that is not in
/// the bucket is reported `INVALID: not found`, also the newest ones (which the chain cannot reveal, as it
/// starts at the newest digest found) and every one of consecutive deletions (the AWS CLI reports the first).
package struct LogValidator: Sendable {
    /// What to validate.
    package var configuration: ValidationConfiguration
    /// Where the files are read.
    package var source: any ValidationSource
    /// Where the public keys come from.
    package var publicKeys: any PublicKeyProvider
    /// OpenTrail's digest index, if there is one.
    package var index: DigestIndexStatus

    /// Creates a validator.
    ///
    /// - Parameters:
    ///   - configuration: What to validate.
    ///   - source: Where the files are read.
    ///   - publicKeys: Where the public keys come from.
    ///   - index: OpenTrail's digest index, or why there is none.
    package init(
        configuration: ValidationConfiguration,
        source: any ValidationSource,
        publicKeys: any PublicKeyProvider,
        index: DigestIndexStatus
    ) {
        self.configuration = configuration
        self.source = source
        self.publicKeys = publicKeys
        self.index = index
    }

    /// Validates, handing each line of the report to `report` in order.
    ///
    /// - Parameter report: Called with every event, in the AWS CLI's order.
    /// - Returns: The totals.
    /// - Throws: ``LogValidationError`` with ``LogValidationError/Code/noPublicKeys`` when the range has no
    ///   public key, ``LogValidationError/Code/sourceFailure`` when the store fails (other than by a missing
    ///   object), or what the public key provider throws.
    package func run(report: (ValidationEvent) -> Void) async throws -> ValidationSummary {
        let run = ValidationRun(configuration: configuration, source: source)
        let keysEnd = configuration.endTime.addingTimeInterval(2 * 3600)
        // Listing the digests and fetching the public keys are independent: done at once.
        async let pendingKeys = publicKeys.publicKeys(from: configuration.startTime, to: keysEnd)
        let listed: [String]
        do {
            listed = try await run.listDigestKeys(bucket: configuration.bucket, end: configuration.endTime)
        } catch {
            // Awaited rather than cancelled: a provider need not handle cancellation.
            _ = try? await pendingKeys
            throw error
        }
        let keys = try await pendingKeys
        guard !keys.isEmpty else {
            throw LogValidationError(
                .noPublicKeys,
                "No public keys found between \(ValidationDate.display(configuration.startTime)) and "
                    + ValidationDate.display(keysEnd)
            )
        }
        let candidates = run.indexCandidates(index)
        let verifier = DigestVerifier(publicKeys: keys, homeRegion: configuration.homeRegion)
        try await run.prefetch(
            listed.map { ValidationRun.DigestRef(bucket: configuration.bucket, key: $0) }
                + candidates.map { ValidationRun.DigestRef(bucket: $0.bucket, key: $0.key) },
            verifier: verifier
        )
        let steps = try await run.walk(listed: listed, verifier: verifier)
        let missing = try await run.missingFromIndex(candidates, steps: steps)
        let plan = run.plan(steps: steps, missing: missing)

        var summary = ValidationSummary()
        if case .unavailable(let reason) = index { summary.index = .unavailable(reason: reason) }
        let source = self.source
        let requested = (start: configuration.startTime, end: configuration.endTime)
        try await BoundedConcurrency.run(
            plan,
            limit: run.limit,
            work: { item in
                switch item {
                case .event(let event, _): return event
                case .logFile(let file): return try await ValidationRun.check(file, in: source)
                }
            },
            deliver: { index, event in
                summary.record(event)
                if case .event(_, let found?) = plan[index] {
                    summary.recordFound(
                        start: found.start,
                        end: found.end,
                        requestedStart: requested.start,
                        requestedEnd: requested.end
                    )
                }
                report(event)
            }
        )
        return summary
    }
}
