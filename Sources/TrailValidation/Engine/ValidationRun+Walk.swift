import Foundation

extension ValidationRun {
    /// Walks the digests from the newest listed one backwards, as the AWS CLI does:
    ///
    /// - a valid digest leads to the digest it links to (`previousDigestS3Bucket`/`previousDigestS3Object`),
    ///   listed or not; when it links to another bucket, that bucket's digests are listed;
    /// - a valid digest without a link starts a chain: the walk goes on with the next older listed digest,
    ///   and reports a gap when there is one;
    /// - a missing or invalid digest leads to the next older listed digest (its links cannot be trusted);
    /// - the walk stops once a valid digest starts before the requested start, or when no digest is left.
    ///
    /// OpenTrail also checks each link: the digest a valid digest links to must have the hash and signature
    /// that digest recorded (``ValidationProblem/chainMismatch(nextBucket:nextKey:field:)``).
    ///
    /// - Parameters:
    ///   - listed: The listing of the configuration's bucket, ascending.
    ///   - verifier: The checks of one digest.
    func walk(listed: [String], verifier: DigestVerifier) async throws -> [WalkStep] {
        var steps: [WalkStep] = []
        var bucket = configuration.bucket
        var pending = listed
        var current = pending.popLast()
        var lastStart = current.flatMap(DigestKeyLayout.date(of:))
        var linkedFrom: VerifiedDigest?
        var visited: Set<DigestRef> = []
        while let key = current, let start = lastStart, configuration.startTime <= start {
            let ref = DigestRef(bucket: bucket, key: key)
            // A chain that loops back would be walked forever.
            guard visited.insert(ref).inserted else { break }
            var verdict = try await self.verdict(ref, verifier: verifier)
            if case .valid(let digest) = verdict, let next = linkedFrom,
                let problem = Self.linkProblem(digest, linkedFrom: next)
            {
                verdict = .invalid(problem)
            }
            steps.append(.digest(ref, verdict))
            linkedFrom = nil
            guard case .valid(let digest) = verdict else {
                current = Self.popDigest(before: key, from: &pending)?.key
                continue
            }
            lastStart = digest.startTime
            if let previousBucket = digest.previousBucket, let previousKey = digest.previousKey {
                if previousBucket != bucket {
                    bucket = previousBucket
                    pending = try await listDigestKeys(bucket: bucket, end: digest.endTime)
                    try await prefetch(
                        pending.map { DigestRef(bucket: previousBucket, key: $0) },
                        verifier: verifier
                    )
                }
                current = previousKey
                linkedFrom = digest
            } else {
                let next = Self.popDigest(before: key, from: &pending)
                if let next { steps.append(.gap(from: next.date, to: digest.startTime)) }
                current = next?.key
            }
        }
        return steps
    }

    /// Pops listed keys from the end until one whose stamp is before `key`'s; `nil` when none is left (or
    /// `key` has no readable stamp).
    static func popDigest(before key: String, from pending: inout [String]) -> (key: String, date: Date)? {
        guard let limit = DigestKeyLayout.date(of: key) else { return nil }
        while let next = pending.popLast() {
            if let date = DigestKeyLayout.date(of: next), date < limit { return (next, date) }
        }
        return nil
    }

    /// Whether `digest` is the one `next` links to: same hash and signature as recorded in `next`.
    static func linkProblem(_ digest: VerifiedDigest, linkedFrom next: VerifiedDigest) -> ValidationProblem? {
        if let expected = next.previousHashValue,
            next.previousHashAlgorithm == nil || next.previousHashAlgorithm == "SHA-256",
            expected.lowercased() != digest.sha256
        {
            return .chainMismatch(nextBucket: next.bucket, nextKey: next.key, field: "previousDigestHashValue")
        }
        if let expected = next.previousSignature, expected.lowercased() != digest.signature.lowercased() {
            return .chainMismatch(nextBucket: next.bucket, nextKey: next.key, field: "previousDigestSignature")
        }
        return nil
    }
}
