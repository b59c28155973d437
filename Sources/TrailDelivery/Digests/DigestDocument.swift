import Crypto
import TrailModel

/// One digest file's content, serialised as CloudTrail writes it (the field order of CloudTrail's digests).
///
/// The signature is not part of the document: it covers the document's hash (``stringToSign(documentSHA256:)``)
/// and travels as object metadata.
package struct DigestDocument: Sendable, Hashable {
    /// A log file listed by the digest.
    package struct LogFileEntry: Codable, Sendable, Hashable {
        package var bucket: String
        package var key: String
        /// Lower-case hex SHA-256 of the uncompressed log file.
        package var sha256: String
        package var oldestEventTime: Int64
        package var newestEventTime: Int64

        package init(bucket: String, key: String, sha256: String, oldestEventTime: Int64, newestEventTime: Int64) {
            self.bucket = bucket
            self.key = key
            self.sha256 = sha256
            self.oldestEventTime = oldestEventTime
            self.newestEventTime = newestEventTime
        }
    }

    /// The digest before this one in its chain.
    package struct Link: Codable, Sendable, Hashable {
        package var bucket: String
        package var key: String
        /// Hex SHA-256 of the previous digest's uncompressed bytes.
        package var sha256: String
        /// The previous digest's signature, hex.
        package var signature: String

        package init(bucket: String, key: String, sha256: String, signature: String) {
            self.bucket = bucket
            self.key = key
            self.sha256 = sha256
            self.signature = signature
        }
    }

    package static let signatureAlgorithm = "SHA256withRSA"

    package var accountID: String
    /// Milliseconds since 1970; written to the second.
    package var startTime: Int64
    package var endTime: Int64
    package var bucket: String
    package var key: String
    package var publicKeyFingerprint: String
    package var previous: Link?
    package var logFiles: [LogFileEntry]

    package init(
        accountID: String,
        startTime: Int64,
        endTime: Int64,
        bucket: String,
        key: String,
        publicKeyFingerprint: String,
        previous: Link?,
        logFiles: [LogFileEntry]
    ) {
        self.accountID = accountID
        self.startTime = startTime
        self.endTime = endTime
        self.bucket = bucket
        self.key = key
        self.publicKeyFingerprint = publicKeyFingerprint
        self.previous = previous
        self.logFiles = logFiles
    }

    /// The uncompressed JSON bytes.
    package var jsonBytes: [UInt8] {
        let oldest = logFiles.map(\.oldestEventTime).min()
        let newest = logFiles.map(\.newestEventTime).max()
        var members: [(String, JSONValue)] = [
            ("awsAccountId", .string(accountID)),
            ("digestStartTime", .string(EventTime.format(milliseconds: startTime))),
            ("digestEndTime", .string(EventTime.format(milliseconds: endTime))),
            ("digestS3Bucket", .string(bucket)),
            ("digestS3Object", .string(key)),
            ("digestPublicKeyFingerprint", .string(publicKeyFingerprint)),
            ("digestSignatureAlgorithm", .string(Self.signatureAlgorithm)),
            ("newestEventTime", newest.map { .string(EventTime.format(milliseconds: $0)) } ?? .null),
            ("oldestEventTime", oldest.map { .string(EventTime.format(milliseconds: $0)) } ?? .null),
        ]
        members += [
            ("previousDigestS3Bucket", previous.map { .string($0.bucket) } ?? .null),
            ("previousDigestS3Object", previous.map { .string($0.key) } ?? .null),
            ("previousDigestHashValue", previous.map { .string($0.sha256) } ?? .null),
            ("previousDigestHashAlgorithm", previous == nil ? .null : .string("SHA-256")),
            ("previousDigestSignature", previous.map { .string($0.signature) } ?? .null),
        ]
        let files: [JSONValue] = logFiles.map { file in
            .object([
                ("s3Bucket", .string(file.bucket)),
                ("s3Object", .string(file.key)),
                ("hashValue", .string(file.sha256)),
                ("hashAlgorithm", .string("SHA-256")),
                ("newestEventTime", .string(EventTime.format(milliseconds: file.newestEventTime))),
                ("oldestEventTime", .string(EventTime.format(milliseconds: file.oldestEventTime))),
            ])
        }
        members.append(("logFiles", .array(files)))
        return JSONValue.object(members).serialized
    }

    /// What the digest's signature covers:
    /// `digestEndTime \n digestS3Bucket/digestS3Object \n hex(sha256(document)) \n previousDigestSignature|null`.
    package func stringToSign(documentSHA256: String) -> [UInt8] {
        Self.stringToSign(
            endTime: EventTime.format(milliseconds: endTime),
            bucket: bucket,
            key: key,
            documentSHA256: documentSHA256,
            previousSignature: previous?.signature
        )
    }

    /// The string to sign from its parts, as the AWS CLI rebuilds it.
    package static func stringToSign(
        endTime: String,
        bucket: String,
        key: String,
        documentSHA256: String,
        previousSignature: String?
    ) -> [UInt8] {
        Array("\(endTime)\n\(bucket)/\(key)\n\(documentSHA256)\n\(previousSignature ?? "null")".utf8)
    }

    /// Lower-case hex SHA-256 of `bytes`.
    package static func sha256Hex(_ bytes: [UInt8]) -> String {
        HexText.encode(Array(SHA256.hash(data: bytes)))
    }
}
