import AWSSigV4
import AsyncHTTPClient
import Foundation
import Logging
import TrailDelivery

extension ObjectStoreSettings {
    /// Opens the configured store. An S3 store uses `client`, which the server shuts down when it stops.
    func open(
        configuration: ServerConfiguration,
        client: @autoclosure () -> HTTPClient,
        logger: Logger
    ) throws -> any ObjectStore {
        switch type {
        case .local:
            let keyPath = (configuration.dataDirectory as NSString).appendingPathComponent(MasterKey.defaultFileName)
            return try LocalDirectoryStore(
                root: configuration.bucketsPath,
                masterKey: try MasterKey.loadOrCreate(at: keyPath),
                configuration: .init(region: configuration.region)
            )
        case .s3:
            let environment = ProcessInfo.processInfo.environment
            guard let endpoint, let keys = credentials(environment: environment) else {
                throw ConfigurationError("an s3 object store needs an endpoint and credentials")
            }
            return try S3ObjectStore(
                configuration: .init(
                    endpoint: endpoint,
                    region: region ?? configuration.region,
                    credentials: SigV4Credentials(accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey),
                    addressingStyle: addressingStyle == "virtual" ? .virtualHosted : .path,
                    retryPolicy: ObjectStoreRetryPolicy(maximumAttempts: maxAttempts ?? 4),
                    requestTimeout: .milliseconds(Int64((requestTimeoutSeconds ?? 60) * 1000))
                ),
                httpClient: client(),
                logger: logger
            )
        }
    }
}
