import Foundation

/// A digest file whose format, location, key and signature checked out: what the walk and the log file
/// checks need of it.
package struct VerifiedDigest: Sendable, Hashable {
    /// A log file the digest lists.
    package struct LogFile: Sendable, Hashable {
        /// The log file's bucket.
        package var bucket: String
        /// The log file's key.
        package var key: String
        /// The expected lower-case hex SHA-256 of the uncompressed file; `nil` when the digest has no
        /// `hashValue` for it (the file is then reported in an invalid format, as by the AWS CLI).
        package var expectedSHA256: String?

        /// Creates a log file entry.
        package init(bucket: String, key: String, expectedSHA256: String?) {
            self.bucket = bucket
            self.key = key
            self.expectedSHA256 = expectedSHA256
        }
    }

    /// Where the digest was read (and, being valid, where it was delivered).
    package var bucket: String
    /// The digest's key.
    package var key: String
    /// `digestStartTime`.
    package var startTime: Date
    /// `digestEndTime`.
    package var endTime: Date
    /// `previousDigestS3Bucket`, `nil` at the start of a chain.
    package var previousBucket: String?
    /// `previousDigestS3Object`, `nil` at the start of a chain.
    package var previousKey: String?
    /// `previousDigestHashValue`, if any.
    package var previousHashValue: String?
    /// `previousDigestHashAlgorithm`, if any.
    package var previousHashAlgorithm: String?
    /// `previousDigestSignature`, if any.
    package var previousSignature: String?
    /// The digest's own signature (hex, from its metadata).
    package var signature: String
    /// Lower-case hex SHA-256 of the uncompressed digest.
    package var sha256: String
    /// The log files it lists, in its order.
    package var logFiles: [LogFile]
}
