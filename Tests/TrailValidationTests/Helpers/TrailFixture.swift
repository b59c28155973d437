import Crypto
import Foundation
import TrailModel
import TrailValidation

/// A trail's delivered files built like CloudTrail (and OpenTrail) deliver them: gzipped log files, and hourly
/// digests chained by hash and signature, signed with SHA256withRSA, the signature in the object metadata.
struct TrailFixture: Sendable {
    /// Where a file is.
    struct FileRef: Hashable, Sendable {
        var bucket: String
        var key: String
    }

    /// A delivered digest.
    struct Delivered: Sendable, Hashable {
        var bucket: String
        var key: String
        var start: Date
        var end: Date
        var signature: String
        var sha256: String
        var logKeys: [String]
        var json: [UInt8]

        var ref: FileRef { FileRef(bucket: bucket, key: key) }
        var indexEntry: DigestIndex.Entry {
            DigestIndex.Entry(bucket: bucket, key: key, startTime: start, endTime: end)
        }
    }

    static let account = "123456789012"
    /// 2026-11-21T10:00:00Z.
    static let base = date("2026-11-21T10:00:00Z")

    var bucket = "trail-bucket"
    var prefix: String? = "audit"
    var region = "us-east-1"
    var trailName = "main-trail"
    var homeRegion = "us-east-1"
    var files: [FileRef: StoredFile] = [:]
    private(set) var delivered: [Delivered] = []
    private var previous: Delivered?
    private var logCount = 0

    var trailARN: String { "arn:aws:cloudtrail:\(homeRegion):\(Self.account):trail/\(trailName)" }

    var layout: DigestKeyLayout {
        DigestKeyLayout(
            prefix: prefix,
            accountID: Self.account,
            sourceRegion: region,
            trailName: trailName,
            homeRegion: homeRegion
        )
    }

    static func date(_ text: String) -> Date {
        Date(timeIntervalSince1970: Double(EventTime.parseMilliseconds(text)!) / 1000)
    }

    static func hours(_ count: Double, after date: Date = base) -> Date {
        date.addingTimeInterval(count * 3600)
    }

    /// Delivers `count` hourly digests from `start`, digest `i` listing `logFiles(i)` log files and signed
    /// with `key(i)`, continuing the open chain.
    mutating func deliverHourly(
        _ count: Int,
        from start: Date = base,
        logFiles: (Int) -> Int = { _ in 2 },
        key: (Int) -> TestKey = { _ in .first }
    ) {
        for index in 0..<count {
            deliverDigest(
                start: start.addingTimeInterval(Double(index) * 3600),
                end: start.addingTimeInterval(Double(index + 1) * 3600),
                logFiles: logFiles(index),
                key: key(index)
            )
        }
    }

    /// Delivers one digest (and its log files), linked to the previous digest unless ``endChain()`` was called.
    @discardableResult
    mutating func deliverDigest(start: Date, end: Date, logFiles: Int, key: TestKey = .first) -> Delivered {
        var entries: [JSONValue] = []
        var logKeys: [String] = []
        for _ in 0..<logFiles {
            let time = start.addingTimeInterval(60)
            let logKey = nextLogKey(at: time)
            let records = Array(
                #"{"Records":[{"eventVersion":"1.11","eventTime":"\#(EventTime.format(time))","eventName":"Test\#(logCount)","eventID":"\#(UUID().uuidString.lowercased())"}]}"#
                    .utf8
            )
            files[FileRef(bucket: bucket, key: logKey)] = StoredFile(body: Gzip.compress(records))
            logKeys.append(logKey)
            entries.append(
                .object([
                    ("s3Bucket", .string(bucket)),
                    ("s3Object", .string(logKey)),
                    ("hashValue", .string(HexText.encode(SHA256.hash(data: records)))),
                    ("hashAlgorithm", .string("SHA-256")),
                    ("newestEventTime", .string(EventTime.format(time))),
                    ("oldestEventTime", .string(EventTime.format(time))),
                ])
            )
        }
        let digestKey = layout.key(endingAt: end)
        let json = Self.digestJSON(
            start: start,
            end: end,
            bucket: bucket,
            key: digestKey,
            fingerprint: key.fingerprint,
            previous: previous,
            logFiles: entries
        )
        return store(json: json, bucket: bucket, key: digestKey, start: start, end: end, logKeys: logKeys, signer: key)
    }

    /// The next digest starts a new chain (logging stopped, or validation was turned off).
    mutating func endChain() {
        previous = nil
    }

    /// The digest JSON in CloudTrail's field order.
    static func digestJSON(
        start: Date,
        end: Date,
        bucket: String,
        key: String,
        fingerprint: String,
        previous: Delivered?,
        logFiles: [JSONValue],
        account: String = account
    ) -> [UInt8] {
        let members: [(key: String, value: JSONValue)] = [
            ("awsAccountId", .string(account)),
            ("digestStartTime", .string(EventTime.format(start))),
            ("digestEndTime", .string(EventTime.format(end))),
            ("digestS3Bucket", .string(bucket)),
            ("digestS3Object", .string(key)),
            ("digestPublicKeyFingerprint", .string(fingerprint)),
            ("digestSignatureAlgorithm", .string("SHA256withRSA")),
            ("newestEventTime", logFiles.isEmpty ? .null : .string(EventTime.format(start.addingTimeInterval(60)))),
            ("oldestEventTime", logFiles.isEmpty ? .null : .string(EventTime.format(start.addingTimeInterval(60)))),
            ("previousDigestS3Bucket", previous.map { .string($0.bucket) } ?? .null),
            ("previousDigestS3Object", previous.map { .string($0.key) } ?? .null),
            ("previousDigestHashValue", previous.map { .string($0.sha256) } ?? .null),
            ("previousDigestHashAlgorithm", previous == nil ? .null : .string("SHA-256")),
            ("previousDigestSignature", previous.map { .string($0.signature) } ?? .null),
            ("logFiles", .array(logFiles)),
        ]
        return JSONValue.object(members).serialized
    }

    /// Signs and stores a digest document, making it the chain's newest.
    @discardableResult
    mutating func store(
        json: [UInt8],
        bucket: String,
        key: String,
        start: Date,
        end: Date,
        logKeys: [String],
        signer: TestKey,
        metadata: [String: String]? = nil
    ) -> Delivered {
        let sha256 = HexText.encode(SHA256.hash(data: json))
        let document = try! JSONValue(parsing: json)
        let previousSignature = document["previousDigestSignature"]?.stringValue ?? "null"
        let endText = document["digestEndTime"]?.stringValue ?? ""
        let signature = try! signer.sign(Array("\(endText)\n\(bucket)/\(key)\n\(sha256)\n\(previousSignature)".utf8))
        files[FileRef(bucket: bucket, key: key)] = StoredFile(
            body: Gzip.compress(json),
            metadata: metadata ?? ["signature": signature, "signature-algorithm": "SHA256withRSA"]
        )
        let digest = Delivered(
            bucket: bucket,
            key: key,
            start: start,
            end: end,
            signature: signature,
            sha256: sha256,
            logKeys: logKeys,
            json: json
        )
        delivered.append(digest)
        previous = digest
        return digest
    }

    private mutating func nextLogKey(at time: Date) -> String {
        logCount += 1
        let stamp = ValidationDate.keyStamp(time)
        let minute = String(stamp.prefix(13)) + "Z"
        let day = stamp.prefix(4) + "/" + stamp.dropFirst(4).prefix(2) + "/" + stamp.dropFirst(6).prefix(2)
        let unique = "LOGFILE" + String(repeating: "0", count: 9 - String(logCount).count) + String(logCount)
        let path =
            "AWSLogs/\(Self.account)/CloudTrail/\(region)/\(day)/\(Self.account)_CloudTrail_\(region)_\(minute)_\(unique).json.gz"
        return prefix.map { $0 + "/" + path } ?? path
    }

    // MARK: Tampering

    /// Deletes a file.
    mutating func delete(_ ref: FileRef) {
        files[ref] = nil
    }

    /// Replaces a file's bytes with gzipped `text`, keeping its metadata.
    mutating func rewrite(_ ref: FileRef, with text: String) {
        files[ref]?.body = Gzip.compress(Array(text.utf8))
    }

    /// The digest's uncompressed JSON with a change, gzipped again (signature metadata kept).
    mutating func editDigest(_ digest: Delivered, _ edit: (String) -> String) {
        let text = edit(String(decoding: digest.json, as: UTF8.self))
        files[digest.ref]?.body = Gzip.compress(Array(text.utf8))
    }

    /// The index OpenTrail keeps: the digests delivered whose end is in `start...end`, and the head.
    func index(start: Date, end: Date) -> DigestIndex {
        DigestIndex(
            digests: delivered.filter { $0.end >= start && $0.end <= end }.map(\.indexEntry),
            head: delivered.last?.indexEntry
        )
    }
}
