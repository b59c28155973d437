import AWSSigV4

extension S3ObjectStore {
    /// How bucket names are put into request addresses.
    package enum AddressingStyle: Sendable, Hashable {
        /// `https://endpoint/bucket/key`: MinIO, Ceph, moto and most local services.
        case path
        /// `https://bucket.endpoint/key`: AWS S3's preferred style.
        case virtualHosted
    }

    /// Where an S3-compatible store is and how to talk to it.
    package struct Configuration: Sendable {
        /// The endpoint URL, for example `http://127.0.0.1:9000` or `https://s3.us-east-1.amazonaws.com`.
        package var endpoint: String
        /// The region requests are signed for, for example `us-east-1`.
        package var region: String
        /// The credentials requests are signed with.
        package var credentials: SigV4Credentials
        /// Path or virtual-hosted addressing.
        package var addressingStyle: AddressingStyle
        /// Retries of failures that may pass.
        package var retryPolicy: ObjectStoreRetryPolicy
        /// How long one attempt may take, response body included.
        package var requestTimeout: Duration
        /// The largest object ``S3ObjectStore/getObject(bucket:key:)`` reads.
        package var maximumObjectSize: Int

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - endpoint: The endpoint URL.
        ///   - region: The signing region.
        ///   - credentials: The signing credentials.
        ///   - addressingStyle: `.path` by default.
        ///   - retryPolicy: 4 attempts from 100 ms by default.
        ///   - requestTimeout: 60 s by default.
        ///   - maximumObjectSize: 256 MiB by default.
        package init(
            endpoint: String,
            region: String,
            credentials: SigV4Credentials,
            addressingStyle: AddressingStyle = .path,
            retryPolicy: ObjectStoreRetryPolicy = ObjectStoreRetryPolicy(),
            requestTimeout: Duration = .seconds(60),
            maximumObjectSize: Int = 256 << 20
        ) {
            self.endpoint = endpoint
            self.region = region
            self.credentials = credentials
            self.addressingStyle = addressingStyle
            self.retryPolicy = retryPolicy
            self.requestTimeout = requestTimeout
            self.maximumObjectSize = maximumObjectSize
        }

        /// AWS S3 in `region`: `https://s3.<region>.amazonaws.com`, virtual-hosted addressing.
        package static func aws(region: String, credentials: SigV4Credentials) -> Configuration {
            Configuration(
                endpoint: "https://s3.\(region).amazonaws.com",
                region: region,
                credentials: credentials,
                addressingStyle: .virtualHosted
            )
        }
    }
}
