/// Whether OpenTrail's digest index is there to check the bucket against.
package enum DigestIndexStatus: Sendable, Hashable {
    /// The index for the trail, region and range.
    case available(DigestIndex)
    /// No index: chain-end truncation cannot be checked; `reason` says why (for the summary).
    case unavailable(reason: String)
}
