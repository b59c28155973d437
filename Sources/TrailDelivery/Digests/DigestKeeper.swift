import CompressNIO
import Foundation
import Logging
import NIOCore
import TrailModel
import TrailStore

/// Writes the signed digest files of trails with log file validation: one per trail, region and period,
/// chained by hash and signature, also for periods without log files.
///
/// ``DeliveryEngine`` drives it: a stored log file of a validating trail is recorded in the transaction that
/// marks it delivered (``DigestChain/recordDelivered(_:trail:region:firstSequence:now:in:)``), and after
/// each pass ``step(progress:force:)`` opens chains, seals the digests that are due, and ends the chains of
/// trails that stopped logging, turned validation off, left a region or were deleted, with a final digest.
/// A chain ends only once every event before the change is delivered, so its final digest lists every
/// file of the run.
package actor DigestKeeper {
    package struct Configuration: Sendable {
        /// How long a digest covers (CloudTrail: one hour).
        package var period: TimeInterval
        /// The regions a multi-region trail keeps chains in even while they have no events.
        package var regions: [String]
        package var initialRetryDelay: TimeInterval
        package var maximumRetryDelay: TimeInterval

        package init(
            period: TimeInterval = 3600,
            regions: [String],
            initialRetryDelay: TimeInterval = 1,
            maximumRetryDelay: TimeInterval = 60
        ) {
            self.period = period
            self.regions = regions
            self.initialRetryDelay = initialRetryDelay
            self.maximumRetryDelay = maximumRetryDelay
        }
    }

    /// How far delivery has come for a trail in this pass.
    package struct Progress: Sendable {
        package var plan: DeliveryPlan
        /// Every event at or before it was delivered before this pass.
        package var from: Int64
        /// Every event at or before it is delivered now.
        package var through: Int64

        package init(plan: DeliveryPlan, from: Int64, through: Int64) {
            self.plan = plan
            self.from = from
            self.through = through
        }

        /// The trail's settings for the events after `through`.
        var current: DeliveryTrail? { plan.trail(at: through + 1) }

        /// Every version of the trail that events in `(max(from, after), through + 1]` fell under.
        func versions(after: Int64) -> ArraySlice<DeliveryPlan.Version> {
            guard let last = plan.versionIndex(at: through + 1) else { return [] }
            let first = plan.versionIndex(at: max(from, after) + 1) ?? 0
            return plan.versions[min(first, last)...last]
        }
    }

    let keys: SigningKeyStore
    let objects: any ObjectStore
    let control: any ControlStore
    let configuration: Configuration
    let logger: Logger
    let now: @Sendable () -> Date
    /// Chains whose last digest failed, and when to try again.
    var retries: [String: (attempts: Int, at: Date)] = [:]

    package init(
        keys: SigningKeyStore,
        objects: any ObjectStore,
        control: any ControlStore,
        configuration: Configuration,
        logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.keys = keys
        self.objects = objects
        self.control = control
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    /// Whether a trail's version writes digests for `region`.
    static func carries(_ trail: DeliveryTrail?, region: String) -> Bool {
        guard let trail else { return false }
        return trail.isLogging && trail.validatesLogFiles && trail.covers(region: region)
    }

    /// The regions a validating trail keeps chains in.
    func regions(of trail: DeliveryTrail) -> [String] {
        trail.isMultiRegion ? configuration.regions : [trail.homeRegion]
    }

    /// One step after a delivery pass. `progress` holds every trail delivery knows of; with `force`, every open
    /// chain seals its digest now (for flushes and tests) and failed digests are retried at once.
    ///
    /// - Returns: the keys of the digests written, by trail ARN.
    @discardableResult
    package func step(progress: [String: Progress], force: Bool = false) async throws -> [String: [String]] {
        var written: [String: [String]] = [:]
        let chains = try await control.read { tx in
            try tx.documents(kind: DigestChain.kind).map { try DigestChain.decode(DigestChain.self, $0.value) }
        }
        var open = Set(chains.map(\.id))
        for var chain in chains {
            let trail = progress[chain.arn]
            if chain.endsAfter == nil, let end = Self.end(of: chain, by: trail) {
                // The versions that show the end are pruned once the cursor passes them: keep it until the final
                // digest is written, or a failed one would let the chain go on.
                chain.endsAfter = end
                let ending = chain
                try await control.write { tx in
                    try tx.put(kind: DigestChain.kind, id: ending.id, value: DigestChain.encode(ending))
                }
            }
            let ended = chain.endsAfter != nil
            if !ended, let current = trail?.current, current != chain.trail {
                chain.trail = current
            }
            guard
                ended || force || EventTime.milliseconds(now()) - chain.startTime >= Int64(configuration.period * 1000)
            else { continue }
            if !force, let retry = retries[chain.id], retry.at > now() { continue }
            if let key = await seal(chain, isFinal: ended) {
                written[chain.arn, default: []].append(key)
                if ended { open.remove(chain.id) }
            }
        }
        // Chains of validating trails for regions that have none yet (a new trail, validation turned on again,
        // a region without events so far).
        for (arn, trail) in progress.sorted(by: { $0.key < $1.key }) {
            guard let current = trail.current else { continue }
            for region in regions(of: current)
            where Self.carries(current, region: region) && !open.contains(DigestChain.id(arn: arn, region: region)) {
                let start = EventTime.milliseconds(now())
                let through = trail.through
                try await control.write { tx in
                    try DigestChain.open(trail: current, region: region, after: through, now: start, in: tx)
                }
                open.insert(DigestChain.id(arn: arn, region: region))
            }
        }
        return written
    }

    /// Where the chain ends: after the first version of the trail since the chain opened that writes no digests
    /// for its region, or at the end of the log when the trail is gone; `nil` while it goes on.
    static func end(of chain: DigestChain, by trail: Progress?) -> Int64? {
        guard let trail else { return .max }
        return trail.versions(after: chain.openedAfter).first { !carries($0.trail, region: chain.region) }?.since
    }

    /// Writes the chain's next digest and moves the chain past it (or ends it).
    /// - Returns: the digest's key, or `nil` when it failed (recorded in the trail's status, retried later).
    func seal(_ chain: DigestChain, isFinal: Bool) async -> String? {
        let trail = chain.trail
        let current = EventTime.milliseconds(now())
        // Keys hold the end time to the second: a digest ends at least a second after the previous one.
        let end = max(current - current % 1000, chain.startTime + 1000)
        let digestKey = DigestFileKey(
            prefix: trail.prefix,
            accountID: trail.accountID,
            region: chain.region,
            trailName: trail.name,
            homeRegion: trail.homeRegion,
            endTime: end
        ).objectKey
        do {
            // A final digest lists the files of events up to the change that ends the chain; files of events
            // after it (the trail logging or validating again meanwhile) wait for the next chain.
            let endsAfter = chain.endsAfter ?? .max
            let entries = try await control.read { tx in
                try tx.documents(kind: DigestChain.entryKind, idPrefix: chain.id).filter {
                    (DigestChain.PendingEntry.firstSequence(ofID: $0.id) ?? .min) <= endsAfter
                }.map { (id: $0.id, entry: try DigestChain.decode(DigestChain.PendingEntry.self, $0.value)) }
            }
            let signingTime = EventTime.date(milliseconds: end)
            let fingerprint = try await keys.signingKeyFingerprint(region: chain.region, at: signingTime)
            let document = DigestDocument(
                accountID: trail.accountID,
                startTime: chain.startTime,
                endTime: end,
                bucket: trail.bucket,
                key: digestKey,
                publicKeyFingerprint: fingerprint,
                previous: chain.previous,
                logFiles: entries.map(\.entry.file)
            )
            let json = document.jsonBytes
            let hash = DigestDocument.sha256Hex(json)
            let signature = HexText.encode(
                try await keys.sign(
                    document.stringToSign(documentSHA256: hash),
                    region: chain.region,
                    fingerprint: fingerprint
                )
            )
            var buffer = ByteBuffer(bytes: json)
            let compressed = try buffer.compress(with: .gzip())
            try await objects.putObject(
                ObjectUpload(
                    body: Array(compressed.readableBytesView),
                    contentType: "application/json",
                    contentEncoding: "gzip",
                    metadata: ["signature": signature, "signature-algorithm": DigestDocument.signatureAlgorithm],
                    encryption: trail.kmsKeyID.map { .kms(keyId: $0) }
                ),
                bucket: trail.bucket,
                key: digestKey
            )
            let link = DigestDocument.Link(bucket: trail.bucket, key: digestKey, sha256: hash, signature: signature)
            let delivered = EventTime.date(milliseconds: current)
            try await control.write { tx in
                for entry in entries { try tx.delete(kind: DigestChain.entryKind, id: entry.id) }
                if isFinal {
                    try tx.delete(kind: DigestChain.kind, id: chain.id)
                } else {
                    var next = chain
                    next.startTime = end
                    next.previous = link
                    try tx.put(kind: DigestChain.kind, id: chain.id, value: DigestChain.encode(next))
                }
                let index = DigestChain.IndexEntry(
                    region: chain.region,
                    bucket: trail.bucket,
                    key: digestKey,
                    startTime: chain.startTime,
                    endTime: end
                )
                try tx.put(
                    kind: DigestChain.indexKind,
                    id: DigestChain.IndexEntry.id(arn: chain.arn, region: chain.region, endTime: end),
                    value: DigestChain.encode(index)
                )
                try DeliveryStatus.update(arn: chain.arn, in: tx) { status in
                    status.latestDigestDeliveryTime = delivered
                    status.latestDigestDeliveryError = nil
                }
            }
            retries[chain.id] = nil
            return digestKey
        } catch {
            let attempts = (retries[chain.id]?.attempts ?? 0) + 1
            let delay = min(
                configuration.initialRetryDelay * Double(1 << min(attempts - 1, 16)),
                configuration.maximumRetryDelay
            )
            retries[chain.id] = (attempts, now().addingTimeInterval(delay))
            let reason: String
            if let error = error as? DigestError {
                reason = error.statusCode
            } else {
                reason = DeliveryEngine.deliveryError(error)
            }
            logger.warning(
                "Digest delivery failed",
                metadata: [
                    "trail.arn": "\(chain.arn)", "trail.region": "\(chain.region)", "trail.error": "\(error)",
                    "trail.attempts": "\(attempts)",
                ]
            )
            await DeliveryStatus.record(arn: chain.arn, in: control, logger: logger) { status in
                status.latestDigestDeliveryError = reason
            }
            return nil
        }
    }
}
