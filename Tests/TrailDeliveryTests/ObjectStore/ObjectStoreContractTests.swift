import Foundation
import Testing

@testable import TrailDelivery

/// The behaviour every ``ObjectStore`` shares, run against each backend: the local directory store
/// always, and the S3 store when `OPENTRAIL_TEST_S3_ENDPOINT` names a server (see
/// ``S3TestEnvironment``).
@Suite struct ObjectStoreContractTests {
    enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case local
        case s3

        static var available: [Backend] { S3TestEnvironment.isConfigured ? [.local, .s3] : [.local] }

        var testDescription: String { rawValue }
    }

    /// A store of `backend` with a new, empty bucket; `cleanUp` removes local files.
    private func makeStore(
        _ backend: Backend
    ) async throws -> (store: any ObjectStore, bucket: String, cleanUp: () -> Void) {
        switch backend {
        case .local:
            let directory = try TemporaryObjectRoot()
            let store = try LocalDirectoryStore(root: directory.path, masterKey: MasterKey.generate())
            try await store.createBucket("contract-bucket")
            return (store, "contract-bucket", directory.remove)
        case .s3:
            let (store, bucket) = try await S3TestEnvironment.storeWithBucket()
            return (store, bucket, {})
        }
    }

    @Test(arguments: Backend.available)
    func putThenGetAndHeadReturnBodyHeadersAndMetadata(_ backend: Backend) async throws {
        let (store, bucket, cleanUp) = try await makeStore(backend)
        defer { cleanUp() }
        let body: [UInt8] = [0x1F, 0x8B, 0x08, 0x00] + Array("not really gzip".utf8)
        let key = "AWSLogs/123456789012/CloudTrail/us-east-1/2024/01/02/123456789012_CloudTrail_us-east-1_x.json.gz"
        try await store.putObject(
            ObjectUpload(
                body: body,
                contentType: "application/json",
                contentEncoding: "gzip",
                metadata: ["Signature": "0123abcd", "signing-algorithm": "SHA256withRSA"]
            ),
            bucket: bucket,
            key: key
        )
        let object = try await store.getObject(bucket: bucket, key: key)
        #expect(object.body == body)
        #expect(object.size == body.count)
        #expect(object.contentType == "application/json")
        #expect(object.contentEncoding == "gzip")
        #expect(object.metadata == ["signature": "0123abcd", "signing-algorithm": "SHA256withRSA"])
        #expect(abs(object.lastModified.timeIntervalSinceNow) < 300)

        let info = try #require(try await store.headObject(bucket: bucket, key: key))
        #expect(info.size == body.count)
        #expect(info.contentType == "application/json")
        #expect(info.contentEncoding == "gzip")
        #expect(info.metadata == object.metadata)
        #expect(info.eTag == object.info.eTag)
        #expect(try await store.headObject(bucket: bucket, key: key + ".missing") == nil)
    }

    @Test(arguments: Backend.available)
    func keysWithSpacesUnicodeAndReservedCharactersRoundTrip(_ backend: Backend) async throws {
        let (store, bucket, cleanUp) = try await makeStore(backend)
        defer { cleanUp() }
        let keys = [
            "with space/file name.json", "ünïcødé/日本語/キー.json.gz", "plus+sign", "equals=sign",
            "colon:2024-01-02T03:04:05Z",
            "mixed +=:&$@,;?#[]!'()*~ key", "percent%20literal",
        ]
        for key in keys {
            try await store.putObject(ObjectUpload(body: Array(key.utf8)), bucket: bucket, key: key)
        }
        for key in keys {
            #expect(try await store.getObject(bucket: bucket, key: key).body == Array(key.utf8), "\(key)")
            #expect(try await store.headObject(bucket: bucket, key: key)?.size == key.utf8.count, "\(key)")
        }
        let listed = try await store.allKeys(bucket: bucket)
        #expect(listed == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    @Test(arguments: Backend.available)
    func listingPaginatesTwoKeysAtATime(_ backend: Backend) async throws {
        let (store, bucket, cleanUp) = try await makeStore(backend)
        defer { cleanUp() }
        let keys = ["p/a", "p/b", "p/c/d", "p/c/e", "p/f", "q/z"]
        for key in keys.reversed() {
            try await store.putObject(ObjectUpload(body: [1]), bucket: bucket, key: key)
        }
        var pages: [ObjectListing] = []
        var token: String?
        repeat {
            let page = try await store.listObjects(bucket: bucket, prefix: "p/", continuationToken: token, maxKeys: 2)
            pages.append(page)
            token = page.nextContinuationToken
        } while token != nil && pages.count < 10
        #expect(pages.map(\.keys) == [["p/a", "p/b"], ["p/c/d", "p/c/e"], ["p/f"]])
        #expect(pages.map(\.isTruncated) == [true, true, false])

        let afterB = try await store.listObjects(bucket: bucket, prefix: "p/", startAfter: "p/b", maxKeys: 2)
        #expect(afterB.keys == ["p/c/d", "p/c/e"] && afterB.isTruncated)

        let rolledUp = try await store.listObjects(bucket: bucket, prefix: "p/", delimiter: "/")
        #expect(rolledUp.keys == ["p/a", "p/b", "p/f"])
        #expect(rolledUp.commonPrefixes == ["p/c/"])
        #expect(rolledUp.objects.allSatisfy { $0.size == 1 })
    }

    @Test(arguments: Backend.available)
    func overwritingReplacesBodyAndMetadata(_ backend: Backend) async throws {
        let (store, bucket, cleanUp) = try await makeStore(backend)
        defer { cleanUp() }
        try await store.putObject(ObjectUpload(body: [1, 2, 3], metadata: ["v": "1"]), bucket: bucket, key: "k")
        try await store.putObject(ObjectUpload(body: [4], metadata: ["w": "2"]), bucket: bucket, key: "k")
        let object = try await store.getObject(bucket: bucket, key: "k")
        #expect(object.body == [4] && object.metadata == ["w": "2"])
        #expect(try await store.allKeys(bucket: bucket) == ["k"])
    }

    @Test(arguments: Backend.available)
    func missingKeysAndBucketsHaveTheirOwnCodes(_ backend: Backend) async throws {
        let (store, bucket, cleanUp) = try await makeStore(backend)
        defer { cleanUp() }
        await #expect(throws: ObjectStoreError(.noSuchKey, "")) {
            try await store.getObject(bucket: bucket, key: "nope")
        }
        let absent = S3TestEnvironment.uniqueBucketName()
        await #expect(throws: ObjectStoreError(.noSuchBucket, "")) {
            try await store.getObject(bucket: absent, key: "k")
        }
        await #expect(throws: ObjectStoreError(.noSuchBucket, "")) { try await store.listObjects(bucket: absent) }
        await #expect(throws: ObjectStoreError(.noSuchBucket, "")) {
            try await store.putObject(ObjectUpload(body: [1]), bucket: absent, key: "k")
        }
        #expect(try await store.bucketExists(bucket))
        #expect(try await store.bucketExists(absent) == false)
        #expect(try await store.bucketRegion(bucket) == "us-east-1")
    }

    @Test(arguments: Backend.available)
    func kmsEncryptedObjectsReadBackAsPlaintext(_ backend: Backend) async throws {
        let (store, bucket, cleanUp) = try await makeStore(backend)
        defer { cleanUp() }
        let keyId = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        try await store.putObject(
            ObjectUpload(body: Array("secret".utf8), encryption: .kms(keyId: keyId)),
            bucket: bucket,
            key: "enc"
        )
        let object = try await store.getObject(bucket: bucket, key: "enc")
        #expect(object.body == Array("secret".utf8))
        #expect(object.info.encryption == .kms(keyId: keyId))
        #expect(try await store.headObject(bucket: bucket, key: "enc")?.encryption == .kms(keyId: keyId))
    }
}
