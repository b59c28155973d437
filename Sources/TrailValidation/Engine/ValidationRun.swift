import Foundation
import TrailDelivery

/// The state of one validation run: the digest listings and the digests read so far. Owned by the task
/// that runs ``LogValidator/run(report:)``; only `Sendable` values go to the child tasks that read objects.
final class ValidationRun {
    /// A digest's location.
    struct DigestRef: Hashable, Sendable {
        var bucket: String
        var key: String
    }

    /// One step of the walk through the digests, newest first.
    enum WalkStep: Sendable, Hashable {
        /// A digest and its verdict.
        case digest(DigestRef, DigestVerifier.Verdict)
        /// A chain starts at a valid digest and an older one exists.
        case gap(from: Date, to: Date)
    }

    /// One line of the report to be: ready, or a log file to check first.
    enum PlanItem: Sendable {
        /// A line known without further reads; `found` holds a valid digest's times.
        case event(ValidationEvent, found: (start: Date, end: Date)?)
        /// A log file to read, inflate and hash.
        case logFile(VerifiedDigest.LogFile)
    }

    let configuration: ValidationConfiguration
    let source: any ValidationSource
    /// The most objects read at once.
    let limit: Int
    let layout: DigestKeyLayout
    private var digests: [DigestRef: Result<SourceRead<DigestObject>, any Error>] = [:]
    /// The verdicts on digests that were read and checked while prefetching.
    private var verdicts: [DigestRef: DigestVerifier.Verdict] = [:]
    private var listings: [String: [String]] = [:]

    /// Creates a run.
    init(configuration: ValidationConfiguration, source: any ValidationSource) {
        self.configuration = configuration
        self.source = source
        self.limit = max(1, configuration.concurrency ?? source.defaultConcurrency)
        self.layout = configuration.keyLayout
    }

    /// The standard digests of the trail in `bucket` whose key stamp is between the requested start and
    /// `end` plus one hour, ascending, as the AWS CLI lists them: from a marker one minute before the start,
    /// stopping at the first key past the end. Backfill digests are left out.
    func listDigestKeys(bucket: String, end: Date) async throws -> [String] {
        let targetStart = ValidationDate.keyStamp(configuration.startTime)
        let targetEnd = ValidationDate.keyStamp(end.addingTimeInterval(3600))
        let memo = bucket + "\n" + targetEnd
        if let listed = listings[memo] { return listed }
        let marker = layout.marker(for: configuration.startTime)
        var keys: [String] = []
        var token: String?
        pages: repeat {
            let page: KeyPage
            do {
                page = try await source.listKeys(
                    bucket: bucket,
                    prefix: layout.listPrefix,
                    startAfter: marker,
                    continuationToken: token
                )
            } catch {
                throw Self.failure(error, reading: "the digest files in s3://\(bucket)/\(layout.listPrefix)")
            }
            for key in page.keys where layout.matches(key) {
                let stamp = DigestKeyLayout.stamp(of: key)
                if stamp > targetEnd { break pages }
                if stamp < targetStart || DigestKeyLayout.isBackfill(key) { continue }
                keys.append(key)
            }
            token = page.nextContinuationToken
        } while token != nil
        listings[memo] = keys
        return keys
    }

    /// Reads the digests not read yet, ``limit`` at once, and checks each one with `verifier` as it
    /// arrives. A failure is kept and thrown when the walk needs that digest.
    func prefetch(_ refs: [DigestRef], verifier: DigestVerifier) async throws {
        var seen = Set(digests.keys)
        let todo = refs.filter { seen.insert($0).inserted }
        let source = self.source
        try await BoundedConcurrency.run(
            todo,
            limit: limit,
            work: { ref -> (read: Result<SourceRead<DigestObject>, any Error>, verdict: DigestVerifier.Verdict?) in
                do {
                    let read = try await source.digest(bucket: ref.bucket, key: ref.key)
                    // Checked here, where the digests are checked at once and while others are read.
                    return (.success(read), verifier.verify(read, bucket: ref.bucket, key: ref.key))
                } catch {
                    return (.failure(error), nil)
                }
            },
            deliver: { index, result in
                digests[todo[index]] = result.read
                if let verdict = result.verdict { verdicts[todo[index]] = verdict }
            }
        )
    }

    /// The verdict on the digest at `ref`: the one reached while prefetching, or reached now.
    ///
    /// - Throws: ``LogValidationError/Code/sourceFailure`` when the store fails other than by a missing object.
    func verdict(_ ref: DigestRef, verifier: DigestVerifier) async throws -> DigestVerifier.Verdict {
        if let verdict = verdicts[ref] { return verdict }
        return verifier.verify(try await digest(ref), bucket: ref.bucket, key: ref.key)
    }

    /// A digest, from the prefetched ones or read now.
    ///
    /// - Throws: ``LogValidationError/Code/sourceFailure`` when the store fails other than by a missing object.
    func digest(_ ref: DigestRef) async throws -> SourceRead<DigestObject> {
        if digests[ref] == nil {
            do {
                digests[ref] = .success(try await source.digest(bucket: ref.bucket, key: ref.key))
            } catch {
                digests[ref] = .failure(error)
            }
        }
        do {
            return try digests[ref]!.get()
        } catch {
            throw Self.failure(error, reading: "s3://\(ref.bucket)/\(ref.key)")
        }
    }

    /// The index's digests the run looks for: those of the range, and the chain head when its end is within
    /// the range the listing covers (up to one hour after the end).
    func indexCandidates(_ status: DigestIndexStatus) -> [DigestIndex.Entry] {
        guard case .available(let index) = status else { return [] }
        var entries = index.digests
        if let head = index.head, head.endTime >= configuration.startTime,
            head.endTime <= configuration.endTime.addingTimeInterval(3600)
        {
            entries.append(head)
        }
        var seen: Set<DigestRef> = []
        return entries.filter { seen.insert(DigestRef(bucket: $0.bucket, key: $0.key)).inserted }
    }

    /// Whether reading `ref` failed because its bucket does not exist.
    private func isNoSuchBucket(_ ref: DigestRef) -> Bool {
        guard case .failure(let error as ObjectStoreError)? = digests[ref] else { return false }
        return error.code == .noSuchBucket
    }

    /// The index's digests that are not in the bucket and that the walk did not already report, newest first.
    func missingFromIndex(_ candidates: [DigestIndex.Entry], steps: [WalkStep]) async throws -> [DigestIndex.Entry] {
        var reported: Set<DigestRef> = []
        for case .digest(let ref, .missing) in steps { reported.insert(ref) }
        var missing: [DigestIndex.Entry] = []
        for entry in candidates {
            let ref = DigestRef(bucket: entry.bucket, key: entry.key)
            guard !reported.contains(ref) else { continue }
            let read: SourceRead<DigestObject>
            do {
                read = try await digest(ref)
            } catch let error as LogValidationError where error.code == .sourceFailure && isNoSuchBucket(ref) {
                // The bucket OpenTrail delivered it to is gone: so is the digest.
                read = .notFound
            }
            if case .notFound = read { missing.append(entry) }
        }
        return missing.sorted { $0.endTime > $1.endTime }
    }

    /// The report's lines in order: the walk's, each valid digest followed by its log files, with the
    /// digests missing from the index placed by their end time among the walk's (newest first).
    func plan(steps: [WalkStep], missing: [DigestIndex.Entry]) -> [PlanItem] {
        var items: [PlanItem] = []
        var missing = missing[...]
        func report(_ entry: DigestIndex.Entry) {
            items.append(
                .event(.file(kind: .digest, bucket: entry.bucket, key: entry.key, problem: .notFound), found: nil)
            )
        }
        for step in steps {
            switch step {
            case .gap(let from, let to):
                items.append(.event(.gap(from: from, to: to), found: nil))
            case .digest(let ref, let verdict):
                if let date = DigestKeyLayout.date(of: ref.key) {
                    while let entry = missing.first, entry.endTime > date {
                        report(entry)
                        missing.removeFirst()
                    }
                }
                switch verdict {
                case .valid(let digest):
                    items.append(
                        .event(
                            .file(kind: .digest, bucket: ref.bucket, key: ref.key, problem: nil),
                            found: (digest.startTime, digest.endTime)
                        )
                    )
                    items += digest.logFiles.map(PlanItem.logFile)
                case .missing:
                    items.append(
                        .event(.file(kind: .digest, bucket: ref.bucket, key: ref.key, problem: .notFound), found: nil)
                    )
                case .invalid(let problem):
                    items.append(
                        .event(.file(kind: .digest, bucket: ref.bucket, key: ref.key, problem: problem), found: nil)
                    )
                }
            }
        }
        missing.forEach(report)
        return items
    }

    /// Reads, inflates and hashes one log file, as the AWS CLI checks it.
    static func check(_ file: VerifiedDigest.LogFile, in source: any ValidationSource) async throws -> ValidationEvent {
        func event(_ problem: ValidationProblem?) -> ValidationEvent {
            .file(kind: .logFile, bucket: file.bucket, key: file.key, problem: problem)
        }
        let inflater = try GzipSHA256()
        let read: SourceRead<Void>
        do {
            read = try await source.read(bucket: file.bucket, key: file.key) { try inflater.update($0) }
        } catch is GzipSHA256.CorruptData {
            return event(.invalidFormat)
        } catch {
            throw failure(error, reading: "s3://\(file.bucket)/\(file.key)")
        }
        switch read {
        case .notFound: return event(.notFound)
        case .unreadable: return event(.invalidFormat)
        case .found:
            guard let expected = file.expectedSHA256 else { return event(.invalidFormat) }
            return event(inflater.hexDigest == expected ? nil : .hashMismatch)
        }
    }

    /// A store failure that stops the run.
    static func failure(_ error: any Error, reading what: String) -> any Error {
        if error is LogValidationError || error is CancellationError { return error }
        let message = (error as? ObjectStoreError)?.message ?? "\(error)"
        return LogValidationError(.sourceFailure, "Cannot read \(what): \(message)")
    }
}
