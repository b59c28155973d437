import Foundation

/// OpenTrail's record of the digests it delivered for a trail and region: what `validate-logs` checks the
/// bucket against, to find deleted digests the chain alone cannot reveal (the newest ones, and every one of
/// a run of consecutive deletions).
package struct DigestIndex: Sendable, Hashable {
    /// One delivered digest.
    package struct Entry: Sendable, Hashable {
        /// The bucket it was delivered to.
        package var bucket: String
        /// Its key.
        package var key: String
        /// The digest's start time, if known.
        package var startTime: Date?
        /// The digest's end time.
        package var endTime: Date

        /// Creates an entry.
        package init(bucket: String, key: String, startTime: Date? = nil, endTime: Date) {
            self.bucket = bucket
            self.key = key
            self.startTime = startTime
            self.endTime = endTime
        }
    }

    /// The digests delivered whose end time is within the requested range, ascending by end time.
    package var digests: [Entry]
    /// The newest digest of the trail in the region, whatever the range; `nil` when there is none.
    package var head: Entry?

    /// Creates an index.
    package init(digests: [Entry], head: Entry?) {
        self.digests = digests
        self.head = head
    }
}
