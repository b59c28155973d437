import Foundation
import TrailStore

/// An open digest chain of one trail and region (control kind ``kind``, id ``id(arn:region:)``): where the
/// next digest starts and what it links to. The log files delivered since the last digest are kept beside it
/// as ``DigestChain/PendingEntry`` documents, and every digest delivered as a ``DigestChain/IndexEntry``.
package struct DigestChain: Codable, Sendable, Hashable {
    package static let kind = "digest-chain"
    /// Log files delivered and not yet listed by a digest.
    package static let entryKind = "digest-entry"
    /// Every digest delivered, for `validate-logs` to check the chain against.
    package static let indexKind = "digest-index"

    package var arn: String
    package var region: String
    /// The trail's settings the chain's next digest is written with.
    package var trail: DeliveryTrail
    /// The start of the next digest, in milliseconds since 1970 (whole seconds).
    package var startTime: Int64
    /// The last digest of the chain, `nil` before the first.
    package var previous: DigestDocument.Link?
    /// The log position the chain was opened at: only changes of the trail after it can end the chain.
    package var openedAfter: Int64
    /// The log position of the change that ends the chain, once seen: the next digest is the final one and lists
    /// the files of events up to it (later files wait for the next chain). Kept because the plan versions that
    /// showed it are pruned once delivery passes them, also when the final digest fails.
    package var endsAfter: Int64? = nil

    package static func id(arn: String, region: String) -> String { "\(arn)|\(region)|" }

    package var id: String { Self.id(arn: arn, region: region) }

    /// A delivered log file waiting for the next digest of its trail and region.
    package struct PendingEntry: Codable, Sendable, Hashable {
        package var file: DigestDocument.LogFileEntry

        /// Keyed by the file's first event, so a file delivered again after a crash replaces its entry.
        package static func id(arn: String, region: String, firstSequence: Int64) -> String {
            DigestChain.id(arn: arn, region: region) + ControlID.padded(firstSequence, width: 20)
        }

        /// The first event of the file an entry id names.
        static func firstSequence(ofID id: String) -> Int64? { Int64(id.suffix(20)) }
    }

    /// A digest as OpenTrail delivered it.
    package struct IndexEntry: Codable, Sendable, Hashable {
        package var region: String
        package var bucket: String
        package var key: String
        package var startTime: Int64
        package var endTime: Int64

        package init(region: String, bucket: String, key: String, startTime: Int64, endTime: Int64) {
            self.region = region
            self.bucket = bucket
            self.key = key
            self.startTime = startTime
            self.endTime = endTime
        }

        package static func id(arn: String, region: String, endTime: Int64) -> String {
            DigestChain.id(arn: arn, region: region) + ControlID.padded(endTime, width: 15)
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    static func encode(_ value: some Encodable) throws -> [UInt8] { Array(try encoder.encode(value)) }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes))
    }

    /// Records a delivered log file for the next digest of its trail and region, in the transaction that
    /// marks the file delivered; opens the chain (starting at `now`) when the region has none yet.
    package static func recordDelivered(
        _ file: DigestDocument.LogFileEntry,
        trail: DeliveryTrail,
        region: String,
        firstSequence: Int64,
        now: Int64,
        in tx: any ControlTransaction
    ) throws {
        try open(trail: trail, region: region, after: firstSequence - 1, now: now, in: tx)
        try tx.put(
            kind: entryKind,
            id: PendingEntry.id(arn: trail.arn, region: region, firstSequence: firstSequence),
            value: encode(PendingEntry(file: file))
        )
    }

    /// Opens the chain of a trail and region unless it is open. It starts at `now`, or after the trail's last
    /// digest in the region when that ends later (a final digest may end up to a second ahead), so that no two
    /// digests share a key.
    package static func open(
        trail: DeliveryTrail,
        region: String,
        after sequence: Int64,
        now: Int64,
        in tx: any ControlTransaction
    ) throws {
        let chainID = id(arn: trail.arn, region: region)
        guard try tx.document(kind: kind, id: chainID) == nil else { return }
        let lastEnd = try tx.documents(kind: indexKind, idPrefix: chainID).last.map {
            try decode(IndexEntry.self, $0.value).endTime
        }
        let chain = DigestChain(
            arn: trail.arn,
            region: region,
            trail: trail,
            startTime: max(now - now % 1000, lastEnd ?? .min),
            previous: nil,
            openedAfter: sequence
        )
        try tx.put(kind: kind, id: chainID, value: encode(chain))
    }

    /// The digests OpenTrail delivered for a trail in a region whose end time is within `[start, end]`, oldest
    /// first, and the newest one of all.
    package static func index(
        arn: String,
        region: String,
        start: Int64,
        end: Int64,
        in tx: any ControlTransaction
    ) throws -> (digests: [IndexEntry], head: IndexEntry?) {
        let all = try tx.documents(kind: indexKind, idPrefix: id(arn: arn, region: region)).map {
            try decode(IndexEntry.self, $0.value)
        }
        return (all.filter { $0.endTime >= start && $0.endTime <= end }, all.last)
    }
}
