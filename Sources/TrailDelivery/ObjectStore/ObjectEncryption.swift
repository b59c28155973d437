/// Server-side encryption requested for an object, or reported for a stored one.
package enum ObjectEncryption: Sendable, Hashable {
    /// Encryption under a KMS key (S3: `x-amz-server-side-encryption: aws:kms` with
    /// `x-amz-server-side-encryption-aws-kms-key-id`). The local store derives a data key from its
    /// master key and `keyId` instead of calling a KMS.
    case kms(keyId: String)

    /// The `x-amz-server-side-encryption` value for this encryption.
    package static let kmsAlgorithm = "aws:kms"
}
