import Crypto
import Foundation
import Testing
import TrailModel
import _CryptoExtras

@testable import TrailValidation

/// The AWS CLI's own test vectors (`../shared/testdata/digests/awscli-validate-logs`).
@Suite(.enabled(if: SharedVectors.isAvailable, SharedVectors.skipMessage))
struct AWSCLIVectorTests {
    @Test func stringToSign() throws {
        let vector = try SharedVectors.vectors()["string_to_sign"]!["vector_no_previous_signature"]!
        let data = vector["digest_data"]!
        let inflated = Array(vector["inflated_digest_utf8"]!.stringValue!.utf8)
        let signed = DigestVerifier.stringToSign(
            endTime: data["digestEndTime"]!.stringValue!,
            bucket: data["digestS3Bucket"]!.stringValue!,
            key: data["digestS3Object"]!.stringValue!,
            documentSHA256: HexText.encode(SHA256.hash(data: inflated)),
            previousSignature: data["previousDigestSignature"]!.stringValue
        )
        #expect(String(decoding: signed, as: UTF8.self) == vector["expected_string_to_sign"]!.stringValue!)
    }

    @Test func keyLayoutVectors() throws {
        let vectors = try SharedVectors.vectors()
        let extraction = vectors["digest_key_date_extraction"]!
        let key = extraction["key"]!.stringValue!
        #expect(DigestKeyLayout.stamp(of: key) == extraction["expected_date"]!.stringValue![...])
        let layout = DigestKeyLayout(
            prefix: "prefix",
            accountID: "123456789012",
            sourceRegion: "us-east-1",
            trailName: "foo",
            homeRegion: "us-east-1"
        )
        let start = try ValidationDate.parse("2014-08-10T00:00:00Z")
        #expect(
            layout.marker(for: start)
                == vectors["digest_key_layout"]!["list_marker_example_for_start_20140810T000000Z"]!.stringValue!
        )
        #expect(layout.matches(layout.key(endingAt: start)))
        #expect(
            DigestVerifier.requiredFields
                == vectors["required_digest_keys"]!.arrayValues.compactMap(\.stringValue)
        )
    }

    /// A digest for bucket `b` and key `k`, checked directly.
    private func verify(
        signedWith key: _RSA.Signing.PrivateKey,
        keys: [DigestPublicKey],
        fingerprint: String,
        region: String = "us-east-1",
        bucket: String = "b",
        digestKey: String = "k"
    ) throws -> ValidationEvent {
        let json = TrailFixture.digestJSON(
            start: TrailFixture.base,
            end: TrailFixture.hours(1),
            bucket: bucket,
            key: digestKey,
            fingerprint: fingerprint,
            previous: nil,
            logFiles: []
        )
        let sha256 = HexText.encode(SHA256.hash(data: json))
        let message = "2026-11-21T11:00:00Z\n\(bucket)/\(digestKey)\n\(sha256)\nnull"
        let signature = try TestKey(key).sign(Array(message.utf8))
        let object = DigestObject(
            body: Gzip.compress(json),
            metadata: ["signature": signature, "signature-algorithm": "SHA256withRSA"]
        )
        let verifier = DigestVerifier(publicKeys: keys, homeRegion: region)
        let problem: ValidationProblem?
        switch verifier.verify(.found(object), bucket: bucket, key: digestKey) {
        case .valid: problem = nil
        case .missing: problem = .notFound
        case .invalid(let invalid): problem = invalid
        }
        return .file(kind: .digest, bucket: bucket, key: digestKey, problem: problem)
    }

    @Test func samplePrivateKeySignsWhatItsPublicHalfVerifies() throws {
        let vectors = try SharedVectors.vectors()
        let pem = String(decoding: try SharedVectors.file("sample_private_key.pem"), as: UTF8.self)
        let privateKey = try _RSA.Signing.PrivateKey(pemRepresentation: pem)
        let publicHalf = DigestPublicKey(
            fingerprint: "sample",
            value: vectors["sample_private_key_public_half_pkcs1_der_base64"]!.stringValue!
        )
        let event = try verify(signedWith: privateKey, keys: [publicHalf], fingerprint: "sample")
        #expect(event.text == "Digest file\ts3://b/k\tvalid")
    }

    @Test func validTestKeyRejectsASignatureItDidNotMake() throws {
        let vectors = try SharedVectors.vectors()
        let awsKey = DigestPublicKey(
            fingerprint: "abc",
            value: vectors["VALID_TEST_KEY_pkcs1_der_base64"]!.stringValue!
        )
        #expect(awsKey.rsaKey != nil)
        let event = try verify(signedWith: TestKey.first.privateKey, keys: [awsKey], fingerprint: "abc")
        #expect(event.text == vectors["expected_messages"]!["bad_signature"]!.stringValue!)
    }

    @Test func expectedMessages() throws {
        let messages = try SharedVectors.vectors()["expected_messages"]!
        // A key that is not PKCS #1.
        let badKey = DigestPublicKey(fingerprint: "abc", value: Data("not a key".utf8).base64EncodedString())
        let unloadable = try verify(signedWith: TestKey.first.privateKey, keys: [badKey], fingerprint: "abc")
        #expect(unloadable.text == messages["bad_key"]!.stringValue!)
        // No key with the fingerprint, in the trail's home region.
        let key = "AWSLogs/123456789012/CloudTrail-Digest/us-west-2/2026/11/21/digest.json.gz"
        let notFound = try verify(
            signedWith: TestKey.first.privateKey,
            keys: [TestKey.first.publicKey],
            fingerprint: "abc",
            region: "us-west-2",
            bucket: "1",
            digestKey: key
        )
        #expect(notFound.text == messages["key_not_found"]!.stringValue!.replacingOccurrences(of: "{key}", with: key))
        // Input errors.
        #expect(throws: LogValidationError.invalidTrailARN("foo:bar:baz")) {
            try ValidationConfiguration.checkTrailARN("foo:bar:baz")
        }
        #expect(LogValidationError.invalidTrailARN("foo:bar:baz").reason == messages["invalid_arn"]!.stringValue!)
        let dateError = #expect(throws: LogValidationError.self) { try ValidationDate.parse("foo") }
        #expect(dateError?.reason == messages["bad_date"]!.stringValue!)
    }

    @Test func publicKeyValueEncodedTwiceIsStillRead() throws {
        let once = TestKey.first.publicKey.value
        let twice = Data(once.utf8).base64EncodedString()
        #expect(
            DigestPublicKey(fingerprint: "x", value: twice).rsaKey?.pkcs1DERRepresentation
                == TestKey.first.privateKey.publicKey.pkcs1DERRepresentation
        )
    }
}

extension JSONValue {
    var arrayValues: [JSONValue] {
        if case .array(let values) = self { return values }
        return []
    }
}
