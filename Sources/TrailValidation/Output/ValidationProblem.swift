/// Why a digest or log file is invalid; ``description`` is the text after `INVALID: ` in the report, the
/// AWS CLI's wording where it has one.
package enum ValidationProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file is not in the bucket (`not found`).
    case notFound
    /// The file is not gzipped JSON, or lacks a required field (`invalid format`).
    case invalidFormat
    /// The signature does not verify, or the digest has no signature metadata
    /// (`signature verification failed`).
    case signatureVerificationFailed
    /// The digest names another location than the one it was read from
    /// (`has been moved from its original location`).
    case moved
    /// No public key has the digest's fingerprint
    /// (`public key not found in region <region> for fingerprint <fingerprint>`).
    case publicKeyNotFound(region: String, fingerprint: String)
    /// The public key with the digest's fingerprint cannot be read
    /// (`Unable to load PKCS #1 key with fingerprint <fingerprint>`).
    case unloadablePublicKey(fingerprint: String)
    /// The log file's SHA-256 differs from the digest's `hashValue` (`hash value doesn't match`).
    case hashMismatch
    /// The digest is a validly signed one, but not the one the next digest of the chain links to: its hash
    /// or signature differs from the next digest's `previousDigestHashValue` or `previousDigestSignature`.
    /// (OpenTrail only: the AWS CLI does not check the links.)
    case chainMismatch(nextBucket: String, nextKey: String, field: String)
    /// Anything else, worded as the AWS CLI words the exception (for example `Odd-length string`).
    case other(String)

    /// The text after `INVALID: `.
    package var description: String {
        switch self {
        case .notFound: return "not found"
        case .invalidFormat: return "invalid format"
        case .signatureVerificationFailed: return "signature verification failed"
        case .moved: return "has been moved from its original location"
        case .publicKeyNotFound(let region, let fingerprint):
            return "public key not found in region \(region) for fingerprint \(fingerprint)"
        case .unloadablePublicKey(let fingerprint): return "Unable to load PKCS #1 key with fingerprint \(fingerprint)"
        case .hashMismatch: return "hash value doesn't match"
        case .chainMismatch(let bucket, let key, let field):
            return "does not match the \(field) of the next digest file s3://\(bucket)/\(key)"
        case .other(let text): return text
        }
    }
}
