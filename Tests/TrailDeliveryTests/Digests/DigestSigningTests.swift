import Crypto
import Foundation
import Testing
import TrailDelivery
import TrailModel
import _CryptoExtras

/// Signatures as `validate-logs` checks them: RSA PKCS#1 v1.5 over SHA-256 of the string to sign, with the
/// DER PKCS#1 public key `ListPublicKeys` returns.
@Suite struct DigestSigningTests {
    @Test func aSignatureOfTheStoreVerifiesWithTheKeyItLists() async throws {
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let message = DigestDocumentTests.document(previous: nil).stringToSign(documentSHA256: "abc")

        let fingerprint = try await fixture.keys.signingKeyFingerprint(region: "us-east-1", at: fixture.clock.now)
        let signature = try await fixture.keys.sign(message, region: "us-east-1", fingerprint: fingerprint)

        let listed = try await fixture.keys.publicKeys(
            region: "us-east-1",
            start: fixture.clock.now.addingTimeInterval(-60),
            end: fixture.clock.now
        )
        let key = try #require(listed.first { $0.fingerprint == fingerprint })
        let publicKey = try _RSA.Signing.PublicKey(derRepresentation: key.publicKeyDER)
        #expect(publicKey.keySizeInBits == 2048)
        #expect(
            publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature),
                for: SHA256.hash(data: message),
                padding: .insecurePKCS1v1_5
            )
        )
        // Another message does not verify.
        #expect(
            !publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature),
                for: SHA256.hash(data: message + [0]),
                padding: .insecurePKCS1v1_5
            )
        )
        // The listed DER is PKCS#1 RSAPublicKey, not SubjectPublicKeyInfo.
        #expect(key.publicKeyDER == Array(publicKey.pkcs1DERRepresentation))
    }

    @Test(.enabled(if: DigestVectors.isAvailable, DigestVectors.missing))
    func theCLIsSampleKeyHasThePKCS1PublicHalfOfTheVectors() throws {
        let vectors = try DigestVectors.cliVectors()
        let expected = try #require(vectors["sample_private_key_public_half_pkcs1_der_base64"]?.stringValue)
        let privateKey = try _RSA.Signing.PrivateKey(pemRepresentation: try DigestVectors.samplePrivateKeyPEM())

        #expect(privateKey.publicKey.pkcs1DERRepresentation.base64EncodedString() == expected)

        // A digest signed with it verifies with the vector's public half, as `validate-logs` would load it.
        let document = DigestDocumentTests.document(previous: nil)
        let message = document.stringToSign(documentSHA256: DigestDocument.sha256Hex(document.jsonBytes))
        let signature = try privateKey.signature(for: SHA256.hash(data: message), padding: .insecurePKCS1v1_5)
        let publicKey = try _RSA.Signing.PublicKey(derRepresentation: try #require(Data(base64Encoded: expected)))
        #expect(publicKey.isValidSignature(signature, for: SHA256.hash(data: message), padding: .insecurePKCS1v1_5))
        // PKCS#1 v1.5 is deterministic: the same message, the same signature.
        let again = try privateKey.signature(for: SHA256.hash(data: message), padding: .insecurePKCS1v1_5)
        #expect(again.rawRepresentation == signature.rawRepresentation)
    }

    @Test(.enabled(if: DigestVectors.isAvailable, DigestVectors.missing))
    func aKeyOfTheCLIsTestsDoesNotVerifyOurSignatures() async throws {
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let other = try #require(
            try DigestVectors.cliVectors()["VALID_TEST_KEY_pkcs1_der_base64"]?.stringValue.flatMap {
                Data(base64Encoded: $0)
            }
        )
        let message = Array("a\nb/c\nd\nnull".utf8)
        let fingerprint = try await fixture.keys.signingKeyFingerprint(region: "us-east-1", at: fixture.clock.now)
        let signature = try await fixture.keys.sign(message, region: "us-east-1", fingerprint: fingerprint)
        let publicKey = try _RSA.Signing.PublicKey(derRepresentation: other)
        #expect(
            !publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature),
                for: SHA256.hash(data: message),
                padding: .insecurePKCS1v1_5
            )
        )
    }

    @Test func theFingerprintIsTheHexMD5OfThePKCS1DER() async throws {
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let fingerprint = try await fixture.keys.signingKeyFingerprint(region: "us-east-1", at: fixture.clock.now)
        let key = try #require(try await fixture.publicKey(fingerprint))
        #expect(fingerprint == Hex.encode(Insecure.MD5.hash(data: key.publicKeyDER)))
        #expect(fingerprint.count == 32)
        #expect(fingerprint.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(key.fingerprint == fingerprint)
    }
}
