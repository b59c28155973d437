import Testing

@testable import TrailDelivery

@Suite struct ObjectNamingTests {
    @Test(arguments: ["abc", "my-trail-bucket", "logs.example.com", "a1b2c3", String(repeating: "a", count: 63)])
    func acceptsValidBucketNames(_ name: String) throws {
        try ObjectNaming.validateBucketName(name)
    }

    @Test(arguments: [
        "ab", String(repeating: "a", count: 64), "MyBucket", "my_bucket", "-bucket", "bucket-", ".bucket",
        "bucket.", "my..bucket", "192.168.1.1", "../etc", "a/b", "bü cket", ".metadata",
    ])
    func refusesInvalidBucketNames(_ name: String) {
        #expect(throws: ObjectStoreError(.invalidArgument, "")) { try ObjectNaming.validateBucketName(name) }
    }

    @Test(arguments: [
        "AWSLogs/123456789012/CloudTrail/us-east-1/2024/01/02/file.json.gz", "a", "with space", "ünïcødé/キー",
        "a+b=c:d", "..hidden/x", "a/.../b",
    ])
    func acceptsLocalKeys(_ key: String) throws {
        try LocalDirectoryStore.validateKey(key)
    }

    @Test(arguments: [
        "", "/etc/passwd", "../escape", "a/../../escape", "a/./b", "a//b", "dir/", ".", "..", "a/..",
        ".opentrail-tmp-1234", "a/.opentrail-tmp-x", "nul\u{0}byte", String(repeating: "k", count: 256),
        String(repeating: "k/", count: 600),
    ])
    func refusesUnsafeLocalKeys(_ key: String) {
        #expect(throws: ObjectStoreError(.invalidArgument, "")) { try LocalDirectoryStore.validateKey(key) }
    }

    @Test func aSlashFollowedByACombiningMarkIsStillASeparator() {
        // "/\u{301}" is one grapheme cluster, but the file system sees the byte "/".
        #expect(throws: ObjectStoreError(.invalidArgument, "")) {
            try LocalDirectoryStore.validateKey("x/..\u{301}/../../../etc/passwd")
        }
        #expect(throws: ObjectStoreError(.invalidArgument, "")) { try LocalDirectoryStore.validateKey("/\u{301}etc") }
        #expect(LocalDirectoryStore.segments("a/\u{301}b").count == 2)
    }

    @Test func metadataNamesAreLowercasedAndValuesMustBeASCII() throws {
        let normalized = try ObjectNaming.normalizedMetadata(["Signature": "abc", "signing-algorithm": "SHA256withRSA"])
        #expect(normalized == ["signature": "abc", "signing-algorithm": "SHA256withRSA"])
        #expect(throws: ObjectStoreError(.invalidArgument, "")) {
            try ObjectNaming.normalizedMetadata(["a": "line\nbreak"])
        }
        #expect(throws: ObjectStoreError(.invalidArgument, "")) { try ObjectNaming.normalizedMetadata(["a": "é"]) }
        #expect(throws: ObjectStoreError(.invalidArgument, "")) { try ObjectNaming.normalizedMetadata(["a b": "x"]) }
        #expect(throws: ObjectStoreError(.invalidArgument, "")) {
            try ObjectNaming.normalizedMetadata(["Name": "1", "name": "2"])
        }
        #expect(throws: ObjectStoreError(.invalidArgument, "")) {
            try ObjectNaming.normalizedMetadata(["big": String(repeating: "x", count: 2048)])
        }
    }
}
