import Crypto
import Foundation
import TrailModel
import _CryptoExtras

/// A public key that digests may be signed with, as `ListPublicKeys` returns it.
package struct DigestPublicKey: Sendable, Hashable {
    /// The key's fingerprint (hex MD5 of its DER bytes), which digests name in `digestPublicKeyFingerprint`.
    package var fingerprint: String
    /// The key as `ListPublicKeys` returns it: base64 of the DER-encoded PKCS #1 `RSAPublicKey`.
    package var value: String
    /// When the key started signing, if known.
    package var validityStart: Date?
    /// When the key stopped signing, if known.
    package var validityEnd: Date?

    /// Creates a key from its `ListPublicKeys` fields.
    package init(fingerprint: String, value: String, validityStart: Date? = nil, validityEnd: Date? = nil) {
        self.fingerprint = fingerprint
        self.value = value
        self.validityStart = validityStart
        self.validityEnd = validityEnd
    }

    /// Creates a key from DER bytes, with the fingerprint CloudTrail gives it (hex MD5 of the bytes).
    package init(der: some Collection<UInt8>, validityStart: Date? = nil, validityEnd: Date? = nil) {
        let bytes = Array(der)
        self.init(
            fingerprint: HexText.encode(Insecure.MD5.hash(data: bytes)),
            value: Data(bytes).base64EncodedString(),
            validityStart: validityStart,
            validityEnd: validityEnd
        )
    }

    /// The RSA key, or `nil` when ``value`` does not hold one.
    ///
    /// ``value`` is base64; when the decoded bytes are themselves base64 text (as when a client decoded a
    /// blob that was encoded twice), they are decoded once more. PKCS #1 and SubjectPublicKeyInfo DER are
    /// both accepted, and keys from 1024 bits.
    package var rsaKey: _RSA.Signing.PublicKey? {
        guard var der = Data(base64Encoded: value, options: .ignoreUnknownCharacters) else { return nil }
        if der.first != 0x30, let text = String(data: der, encoding: .ascii),
            let inner = Data(base64Encoded: text, options: .ignoreUnknownCharacters), inner.first == 0x30
        {
            der = inner
        }
        return try? _RSA.Signing.PublicKey(unsafeDERRepresentation: der)
    }
}
