import Crypto
import Foundation
import Testing

@testable import AWSSigV4

/// The canonicalisation building blocks, independent of the vectors.
@Suite struct CanonicalTests {
    @Test(
        "Path normalisation",
        arguments: [
            ("/", "/"), ("", "/"), ("//", "/"), ("/./", "/"), ("/a/../..", "/"), ("/a/b/..", "/a"),
            ("/a/b/../", "/a/"), ("//a//b//", "/a/b/"), ("/./a", "/a"), ("/a/%2E%2E/b", "/a/%2E%2E/b"),
        ]
    )
    func normalize(path: String, expected: String) {
        #expect(Canonical.normalize(path.isEmpty ? "/" : path) == expected)
    }

    @Test(
        "Query canonicalisation",
        arguments: [
            ("", ""),
            ("b=2&a=1", "a=1&b=2"),
            ("a=2&a=1&a=10", "a=1&a=10&a=2"),
            ("key", "key="),
            ("a=1&&b=", "a=1&b="),
            ("q=a b+c%20d", "q=a%20b%2Bc%20d"),
            ("%7e=%41", "~=A"),
            ("p=%zz", "p=%25zz"),
            ("v=a=b", "v=a%3Db"),
            ("Z=1&a=1&_=1", "Z=1&_=1&a=1"),
        ]
    )
    func query(raw: String, expected: String) {
        #expect(Canonical.query(Canonical.queryItems(raw)) == expected)
    }

    @Test(
        "Header values are trimmed and inner whitespace collapsed",
        arguments: [
            ("  value1  ", "value1"), ("\"a   b   c\"", "\"a b c\""), ("a\t \tb", "a b"), ("a\n  b", "a b"), ("", ""),
        ]
    )
    func headerValue(raw: String, expected: String) {
        #expect(Canonical.headerValue(raw) == expected)
    }

    @Test func headerNamesMatchIgnoringCase() {
        #expect(Canonical.headerName("X-Amz-Date", matches: "x-amz-date"))
        #expect(Canonical.headerName("x-amz-date", matches: "x-amz-date"))
        #expect(!Canonical.headerName("X-Amz-Dates", matches: "x-amz-date"))
        #expect(!Canonical.headerName("X-Amz-Dat", matches: "x-amz-date"))
        #expect(!Canonical.headerName("X-Amz_Date", matches: "x-amz-date"))
        // Not a valid field name, but compared as lowercasing would compare it.
        #expect(Canonical.headerName("X-\u{C4}", matches: "x-\u{E4}"))
    }

    @Test func derivedSigningKeysAreRememberedAndForgottenWhenFull() {
        let cache = SigningKeyCache(capacity: 2)
        let scopes = (1...3).map {
            SigningKeyCache.Scope(secret: "secret", dateStamp: "2026110\($0)", region: "us-east-1", service: "s3")
        }
        let keys = (1...3).map { _ in SymmetricKey(size: .bits256) }
        cache.store(keys[0], for: scopes[0])
        cache.store(keys[1], for: scopes[1])
        #expect(cache.key(for: scopes[0]) == keys[0])
        #expect(cache.key(for: scopes[1]) == keys[1])
        cache.store(keys[2], for: scopes[2])
        #expect(cache.key(for: scopes[0]) == nil)
        #expect(cache.key(for: scopes[2]) == keys[2])
    }

    @Test func cachedSigningKeyIsTheDerivedOne() {
        // The example key derivation from AWS's SigV4 documentation, twice: derived, then cached.
        for _ in 0..<2 {
            let key = Canonical.signingKey(
                secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                dateStamp: "20120215",
                region: "us-east-1",
                service: "iam"
            )
            let hex = key.withUnsafeBytes { Hex.encode($0) }
            #expect(hex == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
        }
    }

    @Test func repeatedHeadersJoinInOrder() {
        let block = Canonical.headers(
            [(name: "X-B", value: " 2 "), (name: "x-a", value: "1"), (name: "x-b", value: "1")],
            signedNames: ["x-a", "x-b"]
        )
        #expect(block == "x-a:1\nx-b:2,1\n")
    }

    @Test(
        "Timestamps round-trip through the basic format",
        arguments: [
            (Int64(0), "19700101T000000Z"), (1_440_938_160, "20150830T123600Z"), (951_782_400, "20000229T000000Z"),
            (4_102_444_799, "20991231T235959Z"), (-1, "19691231T235959Z"),
        ]
    )
    func basicFormat(seconds: Int64, text: String) {
        #expect(AMZDate(epochSeconds: seconds).basicFormat == text)
        #expect(AMZDate(basicFormat: text)?.epochSeconds == seconds)
    }

    @Test(
        "Invalid basic-format timestamps are rejected",
        arguments: [
            "20150230T000000Z", "20151301T000000Z", "20150830T240000Z", "20150830T123660Z", "20150830 123600Z",
            "2015083T123600Z", "20150830T123600", "+0150830T123600Z",
        ]
    )
    func invalidBasicFormat(text: String) {
        #expect(AMZDate(basicFormat: text) == nil)
    }

    @Test func httpDate() {
        #expect(AMZDate(httpDate: "Sun, 30 Aug 2015 12:36:00 GMT")?.basicFormat == "20150830T123600Z")
        #expect(AMZDate(httpDate: "Sun, 31 Feb 2015 12:36:00 GMT") == nil)
        #expect(AMZDate(httpDate: "Sunday, 30-Aug-15 12:36:00 GMT") == nil)
    }

    @Test func fractionalSecondsAreTruncated() {
        #expect(AMZDate(Date(timeIntervalSince1970: 1_440_938_160.999)).basicFormat == "20150830T123600Z")
    }

    @Test func payloadHashOfEmptyBody() {
        #expect(SigV4.payloadHash([UInt8]()) == SigV4.emptyPayloadHash)
    }
}
