import Crypto
import Foundation
import TrailModel

/// The public half of a digest signing key, as `ListPublicKeys` returns it.
package struct PublicSigningKey: Sendable, Hashable {
    /// The region whose digests the key signs.
    package var region: String
    /// The public key, DER-encoded PKCS#1 `RSAPublicKey`.
    package var publicKeyDER: [UInt8]
    /// From when the key signs digests.
    package var validityStart: Date
    /// Until when the key signs digests (the next key takes over then).
    package var validityEnd: Date
    /// Lower-case hex MD5 of ``publicKeyDER``: the `digestPublicKeyFingerprint` of digests it signed.
    package var fingerprint: String

    package init(region: String, publicKeyDER: [UInt8], validityStart: Date, validityEnd: Date) {
        self.region = region
        self.publicKeyDER = publicKeyDER
        self.validityStart = validityStart
        self.validityEnd = validityEnd
        self.fingerprint = Self.fingerprint(of: publicKeyDER)
    }

    /// The fingerprint of a DER PKCS#1 public key: 32 hex digits, like CloudTrail's.
    package static func fingerprint(of publicKeyDER: [UInt8]) -> String {
        HexText.encode(Array(Insecure.MD5.hash(data: publicKeyDER)))
    }

    /// Whether the key's validity window overlaps `[start, end]`.
    package func overlaps(start: Date, end: Date) -> Bool {
        validityStart <= end && validityEnd >= start
    }
}
