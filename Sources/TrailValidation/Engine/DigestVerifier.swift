import Crypto
import Foundation
import TrailDelivery
import TrailModel
import _CryptoExtras

/// Checks one digest file as the AWS CLI does, in its order: gzip and JSON, signature metadata, required
/// fields, location, public key, signature; then reads the times and the log file list.
struct DigestVerifier: Sendable {
    /// The outcome for one digest.
    enum Verdict: Sendable, Hashable {
        /// Every check passed.
        case valid(VerifiedDigest)
        /// The digest is not in the bucket.
        case missing
        /// A check failed.
        case invalid(ValidationProblem)
    }

    /// The fields a digest must have before its content is checked.
    static let requiredFields = [
        "digestPublicKeyFingerprint", "digestS3Bucket", "digestS3Object", "previousDigestSignature",
        "digestEndTime", "digestStartTime",
    ]

    private let keys: [String: DigestPublicKey]
    private let rsaKeys: [String: _RSA.Signing.PublicKey]
    /// The trail's home region, for the message of an unknown key (as the AWS CLI words it).
    let homeRegion: String

    /// Creates a verifier.
    ///
    /// - Parameters:
    ///   - publicKeys: The keys of the range; a later key with the same fingerprint replaces an earlier one.
    ///   - homeRegion: The trail's home region.
    init(publicKeys: [DigestPublicKey], homeRegion: String) {
        var keys: [String: DigestPublicKey] = [:]
        for key in publicKeys { keys[key.fingerprint] = key }
        self.keys = keys
        self.rsaKeys = keys.compactMapValues(\.rsaKey)
        self.homeRegion = homeRegion
    }

    /// Checks the digest read from `bucket`/`key`.
    func verify(_ read: SourceRead<DigestObject>, bucket: String, key: String) -> Verdict {
        switch read {
        case .notFound: return .missing
        case .unreadable: return .invalid(.invalidFormat)
        case .found(let object):
            do {
                return .valid(try verify(object, bucket: bucket, key: key))
            } catch {
                return .invalid(error.problem)
            }
        }
    }

    /// A failed check, carrying its problem.
    private struct Failure: Error {
        let problem: ValidationProblem
        init(_ problem: ValidationProblem) { self.problem = problem }
    }

    private func verify(_ object: DigestObject, bucket: String, key: String) throws(Failure) -> VerifiedDigest {
        // gzip (the first member, complete) and JSON.
        let inflated: [UInt8]
        let sha256: String
        do {
            let inflater = try GzipSHA256(keepsOutput: true)
            try inflater.update(object.body)
            guard inflater.isComplete else { throw Failure(.invalidFormat) }
            inflated = inflater.inflated
            sha256 = inflater.hexDigest
        } catch {
            throw Failure(.invalidFormat)
        }
        guard String(bytes: inflated, encoding: .utf8) != nil, let document = try? JSONValue(parsing: inflated)
        else { throw Failure(.invalidFormat) }
        // The signature travels as metadata.
        guard let signature = object.metadata["signature"], object.metadata["signature-algorithm"] != nil else {
            throw Failure(.signatureVerificationFailed)
        }
        guard case .object(let members) = document else { throw Failure(.invalidFormat) }
        // Python's json keeps the last of duplicate members.
        var fields: [String: JSONValue] = [:]
        for member in members { fields[member.key] = member.value }
        guard Self.requiredFields.allSatisfy({ fields[$0] != nil }) else { throw Failure(.invalidFormat) }
        guard fields["digestS3Bucket"]?.stringValue == bucket, fields["digestS3Object"]?.stringValue == key else {
            throw Failure(.moved)
        }
        let fingerprintValue = fields["digestPublicKeyFingerprint"] ?? .null
        let fingerprint = Self.pythonText(fingerprintValue)
        guard let fingerprintKey = fingerprintValue.stringValue, keys[fingerprintKey] != nil else {
            throw Failure(.publicKeyNotFound(region: homeRegion, fingerprint: fingerprint))
        }
        guard let publicKey = rsaKeys[fingerprintKey] else {
            throw Failure(.unloadablePublicKey(fingerprint: fingerprint))
        }
        let previousSignature = fields["previousDigestSignature"] ?? .null
        let stringToSign = Self.stringToSign(
            endTime: Self.pythonText(fields["digestEndTime"] ?? .null),
            bucket: bucket,
            key: key,
            documentSHA256: sha256,
            previousSignature: previousSignature.isNull ? nil : Self.pythonText(previousSignature)
        )
        guard signature.utf8.count % 2 == 0 else { throw Failure(.other("Odd-length string")) }
        guard let signatureBytes = HexText.decode(signature) else {
            throw Failure(.other("Non-hexadecimal digit found"))
        }
        guard
            publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signatureBytes),
                for: SHA256.hash(data: stringToSign),
                padding: .insecurePKCS1v1_5
            )
        else { throw Failure(.signatureVerificationFailed) }
        // Read only once the signature holds, as the AWS CLI does.
        let endTime = try Self.time(fields["digestEndTime"])
        let startTime = try Self.time(fields["digestStartTime"])
        return VerifiedDigest(
            bucket: bucket,
            key: key,
            startTime: startTime,
            endTime: endTime,
            previousBucket: fields["previousDigestS3Bucket"]?.stringValue,
            previousKey: fields["previousDigestS3Object"]?.stringValue,
            previousHashValue: fields["previousDigestHashValue"]?.stringValue,
            previousHashAlgorithm: fields["previousDigestHashAlgorithm"]?.stringValue,
            previousSignature: previousSignature.stringValue,
            signature: signature,
            sha256: sha256,
            logFiles: try Self.logFiles(fields["logFiles"])
        )
    }

    /// What a digest's signature covers, as the AWS CLI rebuilds it:
    /// `<digestEndTime>\n<bucket>/<key>\n<hex SHA-256 of the uncompressed digest>\n<previousDigestSignature or "null">`.
    static func stringToSign(
        endTime: String,
        bucket: String,
        key: String,
        documentSHA256: String,
        previousSignature: String?
    ) -> [UInt8] {
        // The same string the digests were signed over (tested against the AWS CLI's vector on both sides).
        DigestDocument.stringToSign(
            endTime: endTime,
            bucket: bucket,
            key: key,
            documentSHA256: documentSHA256,
            previousSignature: previousSignature
        )
    }

    private static func time(_ value: JSONValue?) throws(Failure) -> Date {
        let value = value ?? .null
        guard let text = value.stringValue, let date = ValidationDate.parseIfPossible(text) else {
            throw Failure(.other("Unable to parse date value: \(pythonText(value))"))
        }
        return date
    }

    private static func logFiles(_ value: JSONValue?) throws(Failure) -> [VerifiedDigest.LogFile] {
        switch value {
        case nil, .null?: return []
        case .array(let entries)?:
            var files: [VerifiedDigest.LogFile] = []
            for entry in entries {
                guard let bucket = entry["s3Bucket"]?.stringValue, let key = entry["s3Object"]?.stringValue else {
                    throw Failure(.invalidFormat)
                }
                // A hashValue that is not a string can never equal a hex digest: keep its JSON text.
                let hash = entry["hashValue"].map { $0.stringValue ?? $0.serializedString }
                files.append(VerifiedDigest.LogFile(bucket: bucket, key: key, expectedSHA256: hash))
            }
            return files
        default:
            throw Failure(.invalidFormat)
        }
    }

    /// A JSON value as Python's `str()` shows the decoded value (`None`, `True`, the text of a string).
    static func pythonText(_ value: JSONValue) -> String {
        switch value {
        case .null: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .string(let text): return text
        case .number(let text): return text
        case .array, .object: return value.serializedString
        }
    }
}
