import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TrailServer

@Suite struct S3ListingTests {
    /// Keys whose listing with delimiter `/` is: `a/`, `b/`, `c`, `d/`, `e`.
    static let tree = ["a/1", "a/2", "b/1", "c", "d/x/1", "e"]
    static let rolledUp = ["a/", "b/", "c", "d/", "e"]

    @Test func listObjectsV2PagesWithContinuationTokensAndADelimiter() async throws {
        try await S3TestServer.run { client, server in
            try await server.put("tree", Dictionary(uniqueKeysWithValues: Self.tree.map { ($0, $0) }))
            var token: String?
            var pages: [[String]] = []
            repeat {
                var query: [(String, String?)] = [("list-type", "2"), ("delimiter", "/"), ("max-keys", "2")]
                if let token { query.append(("continuation-token", token)) }
                let page = try await client.s3(server.call(.get, "/tree", query: query))
                #expect(page.status == .ok)
                let entries = page.values("Key") + page.values("Prefix").filter { !$0.isEmpty }
                #expect(page.value("KeyCount") == String(entries.count))
                #expect(page.value("MaxKeys") == "2")
                pages.append(entries.sorted())
                token = page.value("IsTruncated") == "true" ? page.value("NextContinuationToken") : nil
                if page.value("IsTruncated") == "true" { #expect(token != nil) }
            } while token != nil && pages.count < 10
            #expect(pages == [["a/", "b/"], ["c", "d/"], ["e"]])
        }
    }

    @Test func listObjectsV1PagesWithNextMarkerWhenThereIsADelimiter() async throws {
        try await S3TestServer.run { client, server in
            try await server.put("tree", Dictionary(uniqueKeysWithValues: Self.tree.map { ($0, $0) }))
            var marker: String?
            var collected: [String] = []
            var markers: [String] = []
            for _ in 0..<10 {
                var query: [(String, String?)] = [("delimiter", "/"), ("max-keys", "2")]
                if let marker { query.append(("marker", marker)) }
                let page = try await client.s3(server.call(.get, "/tree", query: query))
                #expect(page.status == .ok)
                // Version 1 names the owner of every entry.
                #expect(page.values("ID").count == page.values("Key").count)
                collected += page.values("Key") + page.values("Prefix").filter { !$0.isEmpty }
                guard page.value("IsTruncated") == "true" else { break }
                marker = page.value("NextMarker")
                markers.append(marker ?? "")
            }
            #expect(collected.sorted() == Self.rolledUp)
            #expect(markers == ["b/", "d/"])
        }
    }

    @Test func listObjectsV1WithoutADelimiterPagesByTheLastKey() async throws {
        try await S3TestServer.run { client, server in
            try await server.put("tree", Dictionary(uniqueKeysWithValues: Self.tree.map { ($0, $0) }))
            var marker: String?
            var collected: [String] = []
            for _ in 0..<10 {
                var query: [(String, String?)] = [("max-keys", "2")]
                if let marker { query.append(("marker", marker)) }
                let page = try await client.s3(server.call(.get, "/tree", query: query))
                #expect(page.value("NextMarker") == nil)
                #expect(page.value("Marker") == (marker ?? ""))
                collected += page.values("Key")
                guard page.value("IsTruncated") == "true" else { break }
                // botocore's paginator: `NextMarker || Contents[-1].Key`.
                marker = page.values("Key").last
            }
            #expect(collected == Self.tree)
        }
    }

    @Test func entriesCarryS3sFieldsAndTheOwnerOnRequest() async throws {
        try await S3TestServer.run { client, server in
            try await server.put("fields", ["logs/one.json": "12345", "logs/two.json": "1", "other": "x"])
            let v2 = try await client.s3(
                server.call(
                    .get,
                    "/fields",
                    query: [("list-type", "2"), ("prefix", "logs/"), ("start-after", "logs/one.json")]
                )
            )
            #expect(v2.values("Key") == ["logs/two.json"])
            #expect(v2.value("StartAfter") == "logs/one.json")
            #expect(v2.value("Prefix") == "logs/")
            #expect(v2.value("Owner") == nil)

            let owned = try await client.s3(
                server.call(
                    .get,
                    "/fields",
                    query: [("list-type", "2"), ("prefix", "logs/o"), ("fetch-owner", "true")]
                )
            )
            #expect(owned.values("Key") == ["logs/one.json"])
            #expect(owned.value("ID") == server.configuration.accountId)
            #expect(owned.value("Size") == "5")
            #expect(owned.value("ETag") == "\"827ccb0eea8a706c4c34a16891f84e7b\"")
            #expect(owned.value("StorageClass") == "STANDARD")
            #expect(owned.value("LastModified").map(isISO8601WithMilliseconds) == true)

            let v1 = try await client.s3(server.call(.get, "/fields", query: [("prefix", "other")]))
            #expect(v1.values("Key") == ["other"])
            #expect(v1.value("ID") == server.configuration.accountId)
            #expect(v1.value("IsTruncated") == "false")
        }
    }

    @Test func encodingTypeURLEncodesKeysWithSpacesAndPlusSigns() async throws {
        try await S3TestServer.run { client, server in
            // Given keys with spaces, plus signs and XML markup.
            try await server.put("odd", ["dir one/a+b.json": "ab", "dir one/c d.json": "cd", "x&<y>": "xy"])

            // When listing with encoding-type=url (as botocore always does).
            let v2 = try await client.s3(
                server.call(
                    .get,
                    "/odd",
                    query: [("list-type", "2"), ("prefix", "dir one/"), ("encoding-type", "url")]
                )
            )
            // Then keys and the prefix come back percent-encoded, `+` as %2B and spaces as %20.
            #expect(v2.value("EncodingType") == "url")
            #expect(v2.value("Prefix") == "dir%20one/")
            #expect(v2.values("Key") == ["dir%20one/a%2Bb.json", "dir%20one/c%20d.json"])

            let v1 = try await client.s3(
                server.call(.get, "/odd", query: [("delimiter", " "), ("encoding-type", "url")])
            )
            #expect(v1.values("Prefix").contains("dir%20"))
            #expect(v1.value("Delimiter") == "%20")
            #expect(v1.values("Key") == ["x%26%3Cy%3E"])

            // Without it, keys are XML-escaped text.
            let plain = try await client.s3(server.call(.get, "/odd", query: [("prefix", "x")]))
            #expect(plain.text.contains("<Key>x&amp;&lt;y&gt;</Key>"))
            #expect(plain.values("Key") == ["x&<y>"])

            // And the keys read back through their encoded paths.
            let object = try await client.s3(server.call(.get, "/odd/" + S3Call.encodePath("dir one/a+b.json")))
            #expect(object.status == .ok)
            #expect(object.text == "ab")
        }
    }

    @Test func badListingParametersAreRefused() async throws {
        try await S3TestServer.run { client, server in
            try await server.put("params", ["k": "v"])
            let badMaxKeys = try await client.s3(server.call(.get, "/params", query: [("max-keys", "many")]))
            #expect(badMaxKeys.status == .badRequest)
            #expect(badMaxKeys.errorCode == "InvalidArgument")

            let capped = try await client.s3(server.call(.get, "/params", query: [("max-keys", "5000")]))
            #expect(capped.value("MaxKeys") == "1000")

            let badToken = try await client.s3(
                server.call(.get, "/params", query: [("list-type", "2"), ("continuation-token", "not-ours")])
            )
            #expect(badToken.status == .badRequest)
            #expect(badToken.errorCode == "InvalidArgument")

            let badEncoding = try await client.s3(server.call(.get, "/params", query: [("encoding-type", "base64")]))
            #expect(badEncoding.errorCode == "InvalidArgument")

            let missing = try await client.s3(server.call(.get, "/absent-bucket", query: [("list-type", "2")]))
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "NoSuchBucket")
            #expect(missing.value("BucketName") == "absent-bucket")
        }
    }
}
