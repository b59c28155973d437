import HTTPTypes
import Hummingbird
import TrailDelivery

/// `ListBuckets`, `GetBucketLocation` and `HeadBucket`.
extension S3ReadAPI {
    /// `GET /`: every bucket of the local store, owned by the account.
    func listBuckets(store: LocalDirectoryStore) async throws -> Response {
        let buckets = try await store.listBuckets()
        let region = store.configuration.region
        var xml = S3XMLWriter()
        xml.element("ListAllMyBucketsResult", namespace: S3XMLWriter.namespace) { xml in
            writeOwner(&xml)
            xml.element("Buckets") { xml in
                for bucket in buckets {
                    xml.element("Bucket") { xml in
                        xml.element("Name", bucket.name)
                        xml.element("CreationDate", S3DateFormat.iso8601(bucket.creationDate))
                        xml.element("BucketRegion", region)
                    }
                }
            }
        }
        return Self.xmlResponse(xml)
    }

    /// `GET /{bucket}?location`: the bucket's region; an empty constraint means `us-east-1`, as in S3.
    func getBucketLocation(_ bucket: String, store: LocalDirectoryStore) async throws -> Response {
        let region = try await store.bucketRegion(bucket)
        var xml = S3XMLWriter()
        xml.element("LocationConstraint", namespace: S3XMLWriter.namespace) { xml in
            if region != "us-east-1" { xml.characters(region) }
        }
        return Self.xmlResponse(xml)
    }

    /// `HEAD /{bucket}`: 200 with `x-amz-bucket-region`, or 404.
    func headBucket(_ bucket: String, store: LocalDirectoryStore) async throws -> Response {
        guard try await store.bucketExists(bucket) else { throw S3APIError.noSuchBucket(bucket) }
        return Response(status: .ok, headers: [Self.bucketRegionHeader: store.configuration.region])
    }

    /// The `Owner` element: the account, as ID and display name.
    func writeOwner(_ xml: inout S3XMLWriter) {
        xml.element("Owner") { xml in
            xml.element("ID", accountId)
            xml.element("DisplayName", accountId)
        }
    }
}
