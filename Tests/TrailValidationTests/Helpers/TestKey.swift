import Crypto
import Foundation
import TrailModel
import TrailValidation
import _CryptoExtras

/// An RSA key pair that signs test digests the way CloudTrail does (SHA256withRSA, PKCS #1 v1.5).
struct TestKey: Sendable {
    let privateKey: _RSA.Signing.PrivateKey
    /// The public half as `ListPublicKeys` returns it.
    let publicKey: DigestPublicKey

    init(_ privateKey: _RSA.Signing.PrivateKey) {
        self.privateKey = privateKey
        self.publicKey = DigestPublicKey(der: Array(privateKey.publicKey.pkcs1DERRepresentation))
    }

    /// The fingerprint digests name.
    var fingerprint: String { publicKey.fingerprint }

    /// The hex signature of `message`.
    func sign(_ message: [UInt8]) throws -> String {
        let signature = try privateKey.signature(for: SHA256.hash(data: message), padding: .insecurePKCS1v1_5)
        return HexText.encode(signature.rawRepresentation)
    }

    /// Two keys generated once for the whole test run (RSA key generation is slow).
    static let first = TestKey(try! _RSA.Signing.PrivateKey(keySize: .bits2048))
    static let second = TestKey(try! _RSA.Signing.PrivateKey(keySize: .bits2048))
    /// A key no public key list knows.
    static let unknown = TestKey(try! _RSA.Signing.PrivateKey(keySize: .bits2048))
}
