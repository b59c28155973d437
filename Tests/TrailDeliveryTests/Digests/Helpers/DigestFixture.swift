import CompressNIO
import Crypto
import Foundation
import NIOCore
import Synchronization
import Testing
import TrailDelivery
import TrailModel
import TrailStore
import _CryptoExtras

/// A clock the tests move by hand: the keeper, the key store and the engine all read it, so digest periods and
/// key rotations pass without sleeping.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = DeliveryFixture.now) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    /// The clock as the components take it.
    var read: @Sendable () -> Date { { self.now } }

    func advance(by interval: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(interval) }
    }
}

/// A ``DeliveryFixture`` with digests: a signing key store in the fixture's directory, a ``DigestKeeper`` and a
/// ``DeliveryEngine`` on one ``TestClock``.
struct DigestFixture: Sendable {
    /// The digest period of the tests: ten minutes.
    static let period: TimeInterval = 600
    /// How long a signing key signs in the tests: one day.
    static let rotation: TimeInterval = 86_400

    let delivery: DeliveryFixture
    let clock: TestClock
    let keys: SigningKeyStore
    /// Where ``keys`` keeps its files.
    let keyDirectory: String

    init(
        buckets: [String] = [DeliveryFixture.bucket],
        rotation: TimeInterval = DigestFixture.rotation,
        masterKey: [UInt8]? = nil
    ) async throws {
        delivery = try await DeliveryFixture(buckets: buckets)
        let clock = TestClock()
        self.clock = clock
        keyDirectory = delivery.directory + "/signing-keys"
        keys = SigningKeyStore(
            directory: keyDirectory,
            rotationInterval: rotation,
            masterKey: masterKey,
            now: clock.read
        )
    }

    func remove() { delivery.remove() }

    var store: SQLiteStore { delivery.store }
    var objects: LocalDirectoryStore { delivery.objects }

    /// A keeper on the fixture's stores and clock.
    func makeKeeper(
        objects: (any ObjectStore)? = nil,
        keys: SigningKeyStore? = nil,
        regions: [String] = [DeliveryFixture.homeRegion],
        period: TimeInterval = DigestFixture.period
    ) -> DigestKeeper {
        DigestKeeper(
            keys: keys ?? self.keys,
            objects: objects ?? self.objects,
            control: delivery.store,
            configuration: DigestKeeper.Configuration(
                period: period,
                regions: regions,
                initialRetryDelay: 30,
                maximumRetryDelay: 300
            ),
            logger: DeliveryFixture.logger,
            now: clock.read
        )
    }

    /// An engine with `keeper`, on the fixture's clock.
    func makeEngine(keeper: DigestKeeper, objects: (any ObjectStore)? = nil) -> DeliveryEngine {
        delivery.makeEngine(objects: objects, digests: keeper, now: clock.read)
    }

    /// A logging single-region trail with log file validation.
    static func trail(
        _ name: String = "main",
        prefix: String? = nil,
        isMultiRegion: Bool = false,
        isLogging: Bool = true,
        validatesLogFiles: Bool = true
    ) -> DeliveryTrail {
        DeliveryFixture.trail(
            name,
            prefix: prefix,
            isMultiRegion: isMultiRegion,
            isLogging: isLogging,
            validatesLogFiles: validatesLogFiles
        )
    }

    // MARK: - Reading digests back

    /// The keys of every digest file in `bucket`, in key order.
    func digestKeys(in bucket: String = DeliveryFixture.bucket) async throws -> [String] {
        try await objects.allKeys(bucket: bucket).filter { $0.contains("/CloudTrail-Digest/") }
    }

    /// One digest file, read back and decompressed.
    func digest(_ key: String, in bucket: String = DeliveryFixture.bucket) async throws -> DeliveredDigest {
        try DeliveredDigest(key: key, object: try await objects.getObject(bucket: bucket, key: key))
    }

    /// Every digest file in `bucket` of `region`, oldest first (key order is end-time order within a region).
    func digests(
        region: String = DeliveryFixture.homeRegion,
        in bucket: String = DeliveryFixture.bucket
    ) async throws -> [DeliveredDigest] {
        var digests: [DeliveredDigest] = []
        for key in try await digestKeys(in: bucket) where key.contains("/CloudTrail-Digest/\(region)/") {
            digests.append(try await digest(key, in: bucket))
        }
        return digests
    }

    /// The public key `fingerprint` of `region` as `ListPublicKeys` would list it over every time.
    func publicKey(
        _ fingerprint: String,
        region: String = DeliveryFixture.homeRegion
    ) async throws
        -> PublicSigningKey?
    {
        try await keys.publicKeys(region: region, start: .distantPast, end: .distantFuture).first {
            $0.fingerprint == fingerprint
        }
    }

    /// Whether a digest's signature verifies with the public key its fingerprint names, as `validate-logs` checks.
    func verifies(_ digest: DeliveredDigest, region: String = DeliveryFixture.homeRegion) async throws -> Bool {
        guard let fingerprint = digest.fingerprint, let key = try await publicKey(fingerprint, region: region) else {
            return false
        }
        return try digest.verifies(publicKeyDER: key.publicKeyDER)
    }

    /// The open digest chains, by id.
    func openChains() async throws -> [String: DigestChain] {
        try await store.read { tx in
            var chains: [String: DigestChain] = [:]
            for document in try tx.documents(kind: DigestChain.kind) {
                chains[document.id] = try JSONDecoder().decode(DigestChain.self, from: Data(document.value))
            }
            return chains
        }
    }

    /// Appends one event per `(id, eventTime)` in `region`.
    @discardableResult
    func append(
        _ events: [(id: String, time: String)],
        region: String = DeliveryFixture.homeRegion
    ) async throws
        -> [Int64]
    {
        try await delivery.append(events.map { DeliveryRecords.make(id: $0.id, region: region, eventTime: $0.time) })
    }

    /// The hex SHA-256 of a stored object's uncompressed bytes.
    func uncompressedSHA256(_ key: String, in bucket: String = DeliveryFixture.bucket) async throws -> String {
        let object = try await objects.getObject(bucket: bucket, key: key)
        return DigestDocument.sha256Hex(try Gzip.decompress(object.body))
    }
}

/// A stored digest file, decompressed and parsed.
struct DeliveredDigest {
    let key: String
    let object: StoredObject
    /// The uncompressed JSON, exactly as signed.
    let json: [UInt8]
    let document: JSONValue

    init(key: String, object: StoredObject) throws {
        self.key = key
        self.object = object
        json = try Gzip.decompress(object.body)
        document = try JSONValue(parsing: json)
    }

    subscript(_ member: String) -> JSONValue? { document[member] }

    func string(_ member: String) -> String? { document[member]?.stringValue }

    var fingerprint: String? { string("digestPublicKeyFingerprint") }
    var endTime: String? { string("digestEndTime") }
    var startTime: String? { string("digestStartTime") }
    /// The hex signature of the object metadata.
    var signature: String? { object.metadata["signature"] }
    /// Hex SHA-256 of the uncompressed bytes: what the next digest links to.
    var sha256: String { DigestDocument.sha256Hex(json) }

    /// The members of `logFiles`.
    var logFiles: [JSONValue] {
        guard case .array(let files) = document["logFiles"] else { return [] }
        return files
    }

    /// The `s3Object` of each listed log file.
    var logFileKeys: [String] { logFiles.compactMap { $0["s3Object"]?.stringValue } }

    /// Whether the document has the members of a first digest: every `previous*` null.
    var hasNoPrevious: Bool {
        [
            "previousDigestS3Bucket", "previousDigestS3Object", "previousDigestHashValue",
            "previousDigestHashAlgorithm", "previousDigestSignature",
        ].allSatisfy { document[$0]?.isNull == true }
    }

    /// The string the signature covers, rebuilt from the document as the AWS CLI does.
    var stringToSign: [UInt8] {
        DigestDocument.stringToSign(
            endTime: endTime ?? "",
            bucket: string("digestS3Bucket") ?? "",
            key: string("digestS3Object") ?? "",
            documentSHA256: sha256,
            previousSignature: string("previousDigestSignature")
        )
    }

    /// Verifies the metadata signature: RSA PKCS#1 v1.5 over SHA-256 of the string to sign.
    func verifies(publicKeyDER: [UInt8]) throws -> Bool {
        guard let signature, let bytes = Hex.decode(signature) else { return false }
        let key = try _RSA.Signing.PublicKey(derRepresentation: publicKeyDER)
        return key.isValidSignature(
            _RSA.Signing.RSASignature(rawRepresentation: bytes),
            for: SHA256.hash(data: stringToSign),
            padding: .insecurePKCS1v1_5
        )
    }
}

enum Gzip {
    static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        var buffer = ByteBuffer(bytes: bytes)
        return Array(try buffer.decompress(with: .gzip).readableBytesView)
    }
}

enum Hex {
    static func decode(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
            default: return nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}

extension DigestFixture {
    /// Checks that `digests` (oldest first) form one chain: the first without a previous digest unless
    /// `startsChain` is false, each next one starting where the one before ended and linking to it by bucket,
    /// key, hash and signature, every one stored where it says and verifying with a listed key.
    func expectChain(
        _ digests: [DeliveredDigest],
        region: String = DeliveryFixture.homeRegion,
        bucket: String = DeliveryFixture.bucket,
        startsChain: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        for (index, digest) in digests.enumerated() {
            #expect(digest.string("digestS3Bucket") == bucket, sourceLocation: sourceLocation)
            #expect(digest.string("digestS3Object") == digest.key, sourceLocation: sourceLocation)
            #expect(digest.object.metadata["signature-algorithm"] == "SHA256withRSA", sourceLocation: sourceLocation)
            #expect(digest.string("digestSignatureAlgorithm") == "SHA256withRSA", sourceLocation: sourceLocation)
            #expect(digest.string("awsAccountId") == DeliveryFixture.accountID, sourceLocation: sourceLocation)
            #expect(try await verifies(digest, region: region), "\(digest.key)", sourceLocation: sourceLocation)
            guard index > 0 else {
                if startsChain {
                    #expect(digest.hasNoPrevious, "\(digest.key)", sourceLocation: sourceLocation)
                }
                continue
            }
            let previous = digests[index - 1]
            #expect(digest.startTime == previous.endTime, sourceLocation: sourceLocation)
            #expect(digest.string("previousDigestS3Bucket") == bucket, sourceLocation: sourceLocation)
            #expect(digest.string("previousDigestS3Object") == previous.key, sourceLocation: sourceLocation)
            #expect(digest.string("previousDigestHashValue") == previous.sha256, sourceLocation: sourceLocation)
            #expect(digest.string("previousDigestHashAlgorithm") == "SHA-256", sourceLocation: sourceLocation)
            #expect(digest.string("previousDigestSignature") == previous.signature, sourceLocation: sourceLocation)
        }
    }
}
