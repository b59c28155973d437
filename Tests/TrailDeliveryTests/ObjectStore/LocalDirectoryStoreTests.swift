import Foundation
import Testing

@testable import TrailDelivery

@Suite struct LocalDirectoryStoreTests {
    private static let gzipBytes: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 1, 2, 3, 4, 5]

    /// A store in a new temporary directory with one bucket, `trail-bucket`.
    private func makeStore(masterKey: MasterKey? = nil) async throws -> (LocalDirectoryStore, TemporaryObjectRoot) {
        let directory = try TemporaryObjectRoot()
        let store = try LocalDirectoryStore(root: directory.path + "/buckets", masterKey: masterKey)
        try await store.createBucket("trail-bucket")
        return (store, directory)
    }

    @Test func objectsAreFilesAtBucketSlashKeyAndRoundTrip() async throws {
        let (store, directory) = try await makeStore()
        defer { directory.remove() }
        let key = "AWSLogs/123456789012/CloudTrail/us-east-1/2024/01/02/file.json.gz"
        let upload = ObjectUpload(
            body: Self.gzipBytes,
            contentType: "application/json",
            contentEncoding: "gzip",
            metadata: ["Signature": "0a1b", "signing-algorithm": "SHA256withRSA"]
        )
        try await store.putObject(upload, bucket: "trail-bucket", key: key)

        let onDisk = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/buckets/trail-bucket/" + key))
        #expect(Array(onDisk) == Self.gzipBytes)
        #expect(directory.files(under: "buckets/trail-bucket") == [key])

        let object = try await store.getObject(bucket: "trail-bucket", key: key)
        #expect(object.body == Self.gzipBytes)
        #expect(object.contentType == "application/json")
        #expect(object.contentEncoding == "gzip")
        #expect(object.metadata == ["signature": "0a1b", "signing-algorithm": "SHA256withRSA"])
        #expect(object.size == Self.gzipBytes.count)
        #expect(abs(object.lastModified.timeIntervalSinceNow) < 60)
        #expect(object.info.encryption == nil)

        let info = try #require(try await store.headObject(bucket: "trail-bucket", key: key))
        #expect(info == object.info)
    }

    @Test func sidecarsLiveOutsideTheBucketDirectory() async throws {
        let (store, directory) = try await makeStore()
        defer { directory.remove() }
        try await store.putObject(ObjectUpload(body: [1], metadata: ["a": "b"]), bucket: "trail-bucket", key: "x/y")
        #expect(directory.files(under: "buckets/trail-bucket") == ["x/y"])
        #expect(directory.files(under: "buckets/.metadata/trail-bucket") == ["x/y"])
        let sidecar = try String(
            contentsOfFile: directory.path + "/buckets/.metadata/trail-bucket/x/y",
            encoding: .utf8
        )
        #expect(sidecar.contains("\"Metadata\":{\"a\":\"b\"}"))
    }

    @Test func filesAndDirectoriesAreOwnerOnly() async throws {
        let (store, directory) = try await makeStore()
        defer { directory.remove() }
        try await store.putObject(ObjectUpload(body: [1]), bucket: "trail-bucket", key: "d/f")
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path + "/buckets/trail-bucket/d/f")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let directoryAttributes = try FileManager.default.attributesOfItem(
            atPath: directory.path + "/buckets/trail-bucket/d"
        )
        #expect((directoryAttributes[.posixPermissions] as? Int) == 0o700)
    }

    @Test func overwriteReplacesTheObjectAndItsMetadataAndLeavesNoTemporaryFiles() async throws {
        let (store, directory) = try await makeStore()
        defer { directory.remove() }
        try await store.putObject(
            ObjectUpload(body: Array("first".utf8), metadata: ["v": "1"]),
            bucket: "trail-bucket",
            key: "k"
        )
        try await store.putObject(
            ObjectUpload(body: Array("second, longer".utf8), contentType: "text/plain", metadata: ["v": "2"]),
            bucket: "trail-bucket",
            key: "k"
        )
        let object = try await store.getObject(bucket: "trail-bucket", key: "k")
        #expect(String(decoding: object.body, as: UTF8.self) == "second, longer")
        #expect(object.metadata == ["v": "2"])
        #expect(object.contentType == "text/plain")
        #expect(directory.files(under: "buckets").allSatisfy { !$0.contains(LocalObjectFiles.temporaryPrefix) })
    }

    @Test func concurrentOverwritesLeaveOneCompleteObject() async throws {
        let (store, directory) = try await makeStore()
        defer { directory.remove() }
        let bodies = (0..<16).map { index in [UInt8](repeating: UInt8(index), count: 64 * 1024) }
        try await withThrowingDiscardingTaskGroup { group in
            for body in bodies {
                group.addTask { try await store.putObject(ObjectUpload(body: body), bucket: "trail-bucket", key: "k") }
            }
        }
        let object = try await store.getObject(bucket: "trail-bucket", key: "k")
        #expect(bodies.contains(object.body))
        #expect(directory.files(under: "buckets/trail-bucket") == ["k"])
    }

    @Test func aStaleSidecarIsIgnored() async throws {
        let (store, directory) = try await makeStore()
        defer { directory.remove() }
        try await store.putObject(
            ObjectUpload(body: [1, 2, 3], contentType: "text/plain", metadata: ["v": "1"]),
            bucket: "trail-bucket",
            key: "k"
        )
        // As if the process died after writing a new sidecar but before renaming the object.
        try Data([9, 9, 9, 9, 9]).write(to: URL(fileURLWithPath: directory.path + "/buckets/trail-bucket/k"))
        let object = try await store.getObject(bucket: "trail-bucket", key: "k")
        #expect(object.body == [9, 9, 9, 9, 9])
        #expect(object.metadata == [:])
        #expect(object.contentType == LocalDirectoryStore.defaultContentType)
    }

    @Test func filesPlacedByHandAreObjects() async throws {
        let (store, directory) = try await makeStore()
        defer { directory.remove() }
        try FileManager.default.createDirectory(
            atPath: directory.path + "/buckets/trail-bucket/manual",
            withIntermediateDirectories: true
        )
        try Data("hello".utf8).write(to: URL(fileURLWithPath: directory.path + "/buckets/trail-bucket/manual/file"))
        let object = try await store.getObject(bucket: "trail-bucket", key: "manual/file")
        #expect(object.body == Array("hello".utf8))
        #expect(object.info.eTag == "\"5d41402abc4b2a76b9719d911017c592\"")
        #expect(try await store.allKeys(bucket: "trail-bucket") == ["manual/file"])
    }

    @Test func missingObjectsAndBuckets() async throws {
        let (store, directory) = try await makeStore()
        defer { directory.remove() }
        await #expect(throws: ObjectStoreError(.noSuchKey, "")) {
            try await store.getObject(bucket: "trail-bucket", key: "absent")
        }
        await #expect(throws: ObjectStoreError(.noSuchBucket, "")) {
            try await store.getObject(bucket: "absent-bucket", key: "absent")
        }
        await #expect(throws: ObjectStoreError(.noSuchBucket, "")) {
            try await store.putObject(ObjectUpload(body: []), bucket: "absent-bucket", key: "k")
        }
        await #expect(throws: ObjectStoreError(.noSuchBucket, "")) {
            try await store.listObjects(bucket: "absent-bucket")
        }
        await #expect(throws: ObjectStoreError(.noSuchBucket, "")) { try await store.bucketRegion("absent-bucket") }
        #expect(try await store.headObject(bucket: "trail-bucket", key: "absent") == nil)
        #expect(try await store.bucketExists("trail-bucket"))
        #expect(try await store.bucketExists("absent-bucket") == false)
        #expect(try await store.bucketRegion("trail-bucket") == "us-east-1")
    }

    @Test func aKeyThatIsADirectoryIsNotAnObject() async throws {
        let (store, directory) = try await makeStore()
        defer { directory.remove() }
        try await store.putObject(ObjectUpload(body: [1]), bucket: "trail-bucket", key: "a/b")
        await #expect(throws: ObjectStoreError(.noSuchKey, "")) {
            try await store.getObject(bucket: "trail-bucket", key: "a")
        }
        #expect(try await store.headObject(bucket: "trail-bucket", key: "a") == nil)
        await #expect(throws: ObjectStoreError(.invalidArgument, "")) {
            try await store.putObject(ObjectUpload(body: [2]), bucket: "trail-bucket", key: "a")
        }
        await #expect(throws: ObjectStoreError(.invalidArgument, "")) {
            try await store.putObject(ObjectUpload(body: [2]), bucket: "trail-bucket", key: "a/b/c")
        }
        #expect(try await store.getObject(bucket: "trail-bucket", key: "a/b").body == [1])
    }

    @Test func pathTraversalIsRefusedAndWritesNothingOutsideTheBucket() async throws {
        let (store, directory) = try await makeStore()
        defer { directory.remove() }
        try await store.createBucket("other-bucket")
        for key in ["../other-bucket/stolen", "/etc/passwd", "a/../../other-bucket/x", "./x", "a/./b", "a//b"] {
            await #expect(throws: ObjectStoreError(.invalidArgument, ""), "\(key)") {
                try await store.putObject(ObjectUpload(body: [1]), bucket: "trail-bucket", key: key)
            }
            await #expect(throws: ObjectStoreError(.invalidArgument, ""), "\(key)") {
                try await store.getObject(bucket: "trail-bucket", key: key)
            }
        }
        for bucket in ["..", ".metadata", "../buckets", "a/b"] {
            await #expect(throws: ObjectStoreError(.invalidArgument, ""), "\(bucket)") {
                try await store.putObject(ObjectUpload(body: [1]), bucket: bucket, key: "k")
            }
            await #expect(throws: ObjectStoreError(.invalidArgument, ""), "\(bucket)") {
                try await store.createBucket(bucket)
            }
        }
        #expect(directory.files(under: "buckets") == [])
    }

    @Test func createBucketIsIdempotentAndChecksNames() async throws {
        let (store, directory) = try await makeStore()
        defer { directory.remove() }
        try await store.createBucket("trail-bucket")
        await #expect(throws: ObjectStoreError(.invalidArgument, "")) { try await store.createBucket("Bad_Name") }
        await #expect(throws: ObjectStoreError(.invalidArgument, "")) { try await store.bucketExists("ab") }
    }

    // MARK: - Listing

    private func putKeys(_ keys: [String], in store: LocalDirectoryStore) async throws {
        for key in keys {
            try await store.putObject(ObjectUpload(body: Array(key.utf8)), bucket: "trail-bucket", key: key)
        }
    }

    @Test func listingIsInByteOrderAcrossDirectories() async throws {
        let (store, directory) = try await makeStore()
        defer { directory.remove() }
        // "a-b" < "a/x" < "a0" in bytes ("-" 0x2D, "/" 0x2F, "0" 0x30): a depth-first walk that
        // sorted plain names would get this wrong.
        let keys = ["a0", "a/x", "a-b", "a/y/z", "b", "a/y-", "Z", "é", "e"]
        try await putKeys(keys, in: store)
        let listed = try await store.listObjects(bucket: "trail-bucket")
        #expect(listed.keys == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(listed.keys == ["Z", "a-b", "a/x", "a/y-", "a/y/z", "a0", "b", "e", "é"])
        #expect(listed.isTruncated == false && listed.nextContinuationToken == nil)
        #expect(listed.objects.first { $0.key == "a/y/z" }?.size == 5)
    }

    @Test func listingPaginatesWithContinuationTokens() async throws {
        let (store, directory) = try await makeStore()
        defer { directory.remove() }
        let keys = (0..<7).map { "logs/2024/01/\(String(format: "%02d", $0)).json.gz" } + ["other/x"]
        try await putKeys(keys, in: store)
        var pages: [[String]] = []
        var token: String?
        repeat {
            let page = try await store.listObjects(
                bucket: "trail-bucket",
                prefix: "logs/",
                continuationToken: token,
                maxKeys: 2
            )
            pages.append(page.keys)
            #expect(page.isTruncated == (page.nextContinuationToken != nil))
            token = page.nextContinuationToken
        } while token != nil
        #expect(pages.map(\.count) == [2, 2, 2, 1])
        #expect(pages.flatMap { $0 } == Array(keys.prefix(7)))
    }

    @Test func anExactlyFullLastPageIsNotTruncated() async throws {
        let (store, directory) = try await makeStore()
        defer { directory.remove() }
        try await putKeys(["a", "b", "c", "d"], in: store)
        let first = try await store.listObjects(bucket: "trail-bucket", maxKeys: 2)
        #expect(first.keys == ["a", "b"] && first.isTruncated)
        let second = try await store.listObjects(
            bucket: "trail-bucket",
            continuationToken: first.nextContinuationToken,
            maxKeys: 2
        )
        #expect(second.keys == ["c", "d"] && !second.isTruncated)
        #expect(try await store.listObjects(bucket: "trail-bucket", maxKeys: 0).keys == [])
    }

    @Test func listingHonoursPrefixAndStartAfter() async throws {
        let (store, directory) = try await makeStore()
        defer { directory.remove() }
        try await putKeys(["a/1", "a/2", "a/3", "ab/1", "b/1"], in: store)
        #expect(try await store.listObjects(bucket: "trail-bucket", prefix: "a/").keys == ["a/1", "a/2", "a/3"])
        #expect(try await store.listObjects(bucket: "trail-bucket", prefix: "a").keys == ["a/1", "a/2", "a/3", "ab/1"])
        #expect(try await store.listObjects(bucket: "trail-bucket", prefix: "a/2").keys == ["a/2"])
        #expect(try await store.listObjects(bucket: "trail-bucket", prefix: "zzz").keys == [])
        #expect(
            try await store.listObjects(bucket: "trail-bucket", startAfter: "a/2").keys == ["a/3", "ab/1", "b/1"]
        )
        #expect(try await store.listObjects(bucket: "trail-bucket", startAfter: "a").keys.first == "a/1")
        await #expect(throws: ObjectStoreError(.invalidArgument, "")) {
            try await store.listObjects(bucket: "trail-bucket", continuationToken: "not a token!")
        }
    }

    @Test func listingWithADelimiterRollsUpCommonPrefixes() async throws {
        let (store, directory) = try await makeStore()
        defer { directory.remove() }
        try await putKeys(
            ["AWSLogs/1/a", "AWSLogs/1/b", "AWSLogs/2/a", "AWSLogs/top", "AWSLogs/3/x/y", "root"],
            in: store
        )
        let listed = try await store.listObjects(bucket: "trail-bucket", prefix: "AWSLogs/", delimiter: "/")
        #expect(listed.commonPrefixes == ["AWSLogs/1/", "AWSLogs/2/", "AWSLogs/3/"])
        #expect(listed.keys == ["AWSLogs/top"])

        var prefixes: [String] = []
        var keys: [String] = []
        var token: String?
        repeat {
            let page = try await store.listObjects(
                bucket: "trail-bucket",
                delimiter: "/",
                continuationToken: token,
                maxKeys: 1
            )
            prefixes += page.commonPrefixes
            keys += page.keys
            token = page.nextContinuationToken
        } while token != nil
        #expect(prefixes == ["AWSLogs/"] && keys == ["root"])
    }

    // MARK: - Encryption

    @Test func encryptedObjectsAreCiphertextOnDiskAndPlaintextToReaders() async throws {
        let masterKey = MasterKey.generate()
        let (store, directory) = try await makeStore(masterKey: masterKey)
        defer { directory.remove() }
        let plaintext = Array(String(repeating: "{\"Records\":[]} secret audit data ", count: 20).utf8)
        let keyId = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        try await store.putObject(
            ObjectUpload(
                body: plaintext,
                contentEncoding: "gzip",
                metadata: ["m": "v"],
                encryption: .kms(keyId: keyId)
            ),
            bucket: "trail-bucket",
            key: "enc/file.json.gz"
        )

        let onDisk = Array(
            try Data(contentsOf: URL(fileURLWithPath: directory.path + "/buckets/trail-bucket/enc/file.json.gz"))
        )
        #expect(onDisk.starts(with: Array("OTENC1".utf8)))
        #expect(!String(decoding: onDisk, as: UTF8.self).contains("secret audit data"))
        #expect(onDisk.count > plaintext.count)

        let object = try await store.getObject(bucket: "trail-bucket", key: "enc/file.json.gz")
        #expect(object.body == plaintext)
        #expect(object.info.encryption == .kms(keyId: keyId))
        #expect(object.metadata == ["m": "v"])
        #expect(object.size == plaintext.count)

        let info = try #require(try await store.headObject(bucket: "trail-bucket", key: "enc/file.json.gz"))
        #expect(info.size == plaintext.count)
        #expect(info.encryption == .kms(keyId: keyId))
        let listed = try await store.listObjects(bucket: "trail-bucket")
        #expect(listed.objects.map(\.size) == [plaintext.count])

        let sidecar = try String(
            contentsOfFile: directory.path + "/buckets/.metadata/trail-bucket/enc/file.json.gz",
            encoding: .utf8
        )
        #expect(sidecar.contains("\"x-amz-server-side-encryption\":\"aws:kms\""))
        #expect(sidecar.contains(keyId))
    }

    @Test func encryptionDetectionSurvivesALostSidecar() async throws {
        let masterKey = MasterKey.generate()
        let (store, directory) = try await makeStore(masterKey: masterKey)
        defer { directory.remove() }
        try await store.putObject(
            ObjectUpload(body: [1, 2, 3], encryption: .kms(keyId: "k1")),
            bucket: "trail-bucket",
            key: "e"
        )
        try FileManager.default.removeItem(atPath: directory.path + "/buckets/.metadata/trail-bucket/e")
        #expect(try await store.getObject(bucket: "trail-bucket", key: "e").body == [1, 2, 3])
        let info = try #require(try await store.headObject(bucket: "trail-bucket", key: "e"))
        #expect(info.size == 3 && info.encryption == .kms(keyId: "k1"))
    }

    @Test func aWrongMasterKeyFailsClearly() async throws {
        let (store, directory) = try await makeStore(masterKey: MasterKey.generate())
        defer { directory.remove() }
        try await store.putObject(
            ObjectUpload(body: Array("plaintext".utf8), encryption: .kms(keyId: "key-1")),
            bucket: "trail-bucket",
            key: "e"
        )
        let other = try LocalDirectoryStore(root: directory.path + "/buckets", masterKey: MasterKey.generate())
        let error = await #expect(throws: ObjectStoreError(.decryptionFailed, "")) {
            try await other.getObject(bucket: "trail-bucket", key: "e")
        }
        #expect(error?.message.contains("another master key") == true)

        let keyless = try LocalDirectoryStore(root: directory.path + "/buckets")
        await #expect(throws: ObjectStoreError(.decryptionFailed, "")) {
            try await keyless.getObject(bucket: "trail-bucket", key: "e")
        }
        await #expect(throws: ObjectStoreError(.invalidArgument, "")) {
            try await keyless.putObject(
                ObjectUpload(body: [1], encryption: .kms(keyId: "key-1")),
                bucket: "trail-bucket",
                key: "f"
            )
        }
    }

    @Test func aTamperedCiphertextFailsAuthentication() async throws {
        let (store, directory) = try await makeStore(masterKey: MasterKey.generate())
        defer { directory.remove() }
        try await store.putObject(
            ObjectUpload(body: Array("plaintext".utf8), encryption: .kms(keyId: "key-1")),
            bucket: "trail-bucket",
            key: "e"
        )
        let path = directory.path + "/buckets/trail-bucket/e"
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count - 20] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = await #expect(throws: ObjectStoreError(.decryptionFailed, "")) {
            try await store.getObject(bucket: "trail-bucket", key: "e")
        }
        #expect(error?.message.contains("damaged or was modified") == true)
    }

    @Test func differentKeyIdsGiveDifferentCiphertexts() throws {
        let masterKey = MasterKey.generate()
        let plaintext = [UInt8](repeating: 7, count: 32)
        let first = try ObjectEnvelope.seal(plaintext, keyId: "a", masterKey: masterKey)
        let second = try ObjectEnvelope.seal(plaintext, keyId: "a", masterKey: masterKey)
        #expect(first != second)
        #expect(try ObjectEnvelope.open(first, masterKey: masterKey, name: "x").plaintext == plaintext)
        // Changing the key ID in the header changes the data key and the additional data.
        var relabelled = first
        let keyIdOffset = ObjectEnvelope.fixedPrefixSize
        relabelled[keyIdOffset] = UInt8(ascii: "b")
        #expect(throws: ObjectStoreError(.decryptionFailed, "")) {
            try ObjectEnvelope.open(relabelled, masterKey: masterKey, name: "x")
        }
    }
}
