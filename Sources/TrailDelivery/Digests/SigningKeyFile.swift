import Crypto
import Foundation
import TrailModel
import TrailStore
import _CryptoExtras

/// One signing key as kept on disk: `<keys-dir>/<region>/<validity start ms>-<fingerprint>.json`, mode 0600.
///
/// The private key is DER PKCS#1, either in the clear (``privateKey``) or sealed with AES-256-GCM under a key
/// derived from the master key given at start (``sealedPrivateKey``); the public half is always in the clear,
/// so that `ListPublicKeys` never needs the master key.
struct SigningKeyFile: Codable, Sendable {
    var region: String
    var fingerprint: String
    /// Base64 DER PKCS#1 `RSAPublicKey`.
    var publicKey: String
    var validityStartMilliseconds: Int64
    var validityEndMilliseconds: Int64
    /// Base64 DER PKCS#1 `RSAPrivateKey`, when not sealed.
    var privateKey: String?
    /// Base64 AES-GCM combined box (nonce, ciphertext, tag) of the DER private key, when sealed.
    var sealedPrivateKey: String?

    var publicKeyInfo: PublicSigningKey? {
        guard let der = Data(base64Encoded: publicKey) else { return nil }
        return PublicSigningKey(
            region: region,
            publicKeyDER: Array(der),
            validityStart: EventTime.date(milliseconds: validityStartMilliseconds),
            validityEnd: EventTime.date(milliseconds: validityEndMilliseconds)
        )
    }

    /// The file name: sorts by validity start.
    var fileName: String {
        ControlID.padded(validityStartMilliseconds, width: 15) + "-\(fingerprint).json"
    }

    /// The AES key that seals the private key of one region and fingerprint.
    static func sealingKey(master: SymmetricKey, region: String, fingerprint: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: master,
            info: Array("opentrail digest signing key v1".utf8) + [0] + Array("\(region)/\(fingerprint)".utf8),
            outputByteCount: 32
        )
    }

    /// The private key, unsealed with `master` when it is sealed.
    func loadPrivateKey(master: SymmetricKey?) throws(DigestError) -> _RSA.Signing.PrivateKey {
        let der: Data
        if let privateKey {
            guard let bytes = Data(base64Encoded: privateKey) else {
                throw DigestError(.signingKeyUnavailable, "signing key \(fingerprint) of \(region) is damaged")
            }
            der = bytes
        } else if let sealedPrivateKey {
            guard let master else {
                throw DigestError(
                    .signingKeyUnavailable,
                    "signing key \(fingerprint) of \(region) is sealed and no signing master key was given"
                )
            }
            do {
                guard let combined = Data(base64Encoded: sealedPrivateKey) else {
                    throw CryptoKitError.incorrectKeySize
                }
                let box = try AES.GCM.SealedBox(combined: combined)
                der = try AES.GCM.open(
                    box,
                    using: Self.sealingKey(master: master, region: region, fingerprint: fingerprint),
                    authenticating: Array(fingerprint.utf8)
                )
            } catch {
                throw DigestError(
                    .signingKeyUnavailable,
                    "signing key \(fingerprint) of \(region) cannot be unsealed with the signing master key given"
                )
            }
        } else {
            throw DigestError(.signingKeyUnavailable, "signing key \(fingerprint) of \(region) has no private key")
        }
        do {
            return try _RSA.Signing.PrivateKey(derRepresentation: der)
        } catch {
            throw DigestError(.signingKeyUnavailable, "signing key \(fingerprint) of \(region) cannot be read")
        }
    }
}
