/// Sends signed requests for ``S3ObjectStore``: ``HTTPClientS3Transport`` over AsyncHTTPClient,
/// or a closure in tests.
///
/// A transport returns every response, whatever its status; it throws only when no response
/// arrived (connection refused, reset, timed out), which the store retries. A transport that
/// knows a failure is final throws an ``ObjectStoreError``, which is not retried.
package protocol S3Transport: Sendable {
    /// Sends `request` and reads the whole response.
    ///
    /// - Parameter request: The signed request.
    /// - Returns: The response, whatever its status.
    /// - Throws: Any error when no response arrived; ``ObjectStoreError`` when retrying is pointless.
    func send(_ request: S3HTTPRequest) async throws -> S3HTTPResponse
}
