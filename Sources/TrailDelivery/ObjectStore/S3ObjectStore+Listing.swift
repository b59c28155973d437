import Foundation

extension S3ObjectStore {
    package func listObjects(
        bucket: String,
        prefix: String,
        delimiter: String?,
        startAfter: String?,
        continuationToken: String?,
        maxKeys: Int
    ) async throws -> ObjectListing {
        try ObjectNaming.validateBucketName(bucket)
        guard maxKeys >= 0 else { throw ObjectStoreError.invalidArgument("max-keys must not be negative") }
        var items: [(name: String, value: String?)] = [(name: "list-type", value: "2")]
        if let continuationToken { items.append((name: "continuation-token", value: continuationToken)) }
        if let delimiter, !delimiter.isEmpty { items.append((name: "delimiter", value: delimiter)) }
        items.append((name: "max-keys", value: String(min(maxKeys, 1000))))
        if !prefix.isEmpty { items.append((name: "prefix", value: prefix)) }
        if let startAfter, !startAfter.isEmpty { items.append((name: "start-after", value: startAfter)) }
        let call = Call(operation: "ListObjectsV2", method: "GET", bucket: bucket, query: Self.query(items))
        let answer = try await execute(call)
        guard answer.response.isSuccess else { throw answer.error(for: call) }
        guard let document = S3XMLElement.parse(answer.response.body), document.name == "ListBucketResult" else {
            throw ObjectStoreError(.other, "ListObjectsV2 \(bucket) returned an unreadable answer")
        }
        return try Self.listing(document, bucket: bucket)
    }

    /// Reads a `ListBucketResult` document.
    static func listing(_ document: S3XMLElement, bucket: String) throws -> ObjectListing {
        var objects: [ObjectSummary] = []
        for contents in document.children("Contents") {
            guard let key = contents.text("Key"), let size = contents.text("Size").flatMap({ Int($0) }),
                let lastModified = contents.text("LastModified").flatMap(S3Timestamp.parseISO8601)
            else {
                throw ObjectStoreError(.other, "ListObjectsV2 \(bucket) returned an entry without key, size or date")
            }
            objects.append(ObjectSummary(key: key, size: size, lastModified: lastModified, eTag: contents.text("ETag")))
        }
        let isTruncated = document.text("IsTruncated")?.lowercased() == "true"
        let token = document.text("NextContinuationToken").flatMap { $0.isEmpty ? nil : $0 }
        if isTruncated && token == nil {
            throw ObjectStoreError(.other, "ListObjectsV2 \(bucket) is truncated but has no continuation token")
        }
        return ObjectListing(
            objects: objects,
            commonPrefixes: document.children("CommonPrefixes").compactMap { $0.text("Prefix") },
            isTruncated: isTruncated,
            nextContinuationToken: isTruncated ? token : nil
        )
    }
}
