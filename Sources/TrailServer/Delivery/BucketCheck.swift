import TrailDelivery
import TrailModel

/// The bucket check of CreateTrail and UpdateTrail: the bucket must exist on the configured object
/// store (`S3BucketDoesNotExistException` otherwise), as AWS checks. The embedded local store creates a
/// trail's bucket (a directory) when the trail names it, unless configured not to.
struct BucketCheck: Sendable {
    let objects: any ObjectStore
    let createsBuckets: Bool

    func ensure(_ bucket: String) async throws {
        if createsBuckets, let local = objects as? LocalDirectoryStore {
            do {
                try await local.createBucket(bucket)
                return
            } catch let error as ObjectStoreError where error.code == .bucketAlreadyExists {
                return
            } catch let error as ObjectStoreError where error.code == .invalidArgument {
                throw CloudTrailError(.invalidS3BucketName, "Bucket name is not valid: \(bucket)")
            }
        }
        let exists: Bool
        do {
            exists = try await objects.bucketExists(bucket)
        } catch let error as ObjectStoreError where error.code == .accessDenied || error.code == .invalidCredentials {
            throw CloudTrailError(
                .insufficientS3BucketPolicy,
                "Incorrect S3 bucket policy is detected for bucket: \(bucket)"
            )
        } catch let error as ObjectStoreError {
            throw CloudTrailError(.internalFailure, "The bucket \(bucket) could not be checked (\(error.code)).")
        }
        guard exists else {
            throw CloudTrailError(.s3BucketDoesNotExist, "S3 bucket \(bucket) does not exist.")
        }
    }
}
