/// How often and how patiently ``S3ObjectStore`` retries a request that failed in a way that may
/// pass: no response (connection refused, reset, timed out), HTTP 5xx, or throttling (HTTP 429,
/// S3 `SlowDown` and the like). Other 4xx answers are never retried.
///
/// The delay before retry `n` (1-based) is "equal jitter" exponential backoff: half of
/// `min(maximumDelay, baseDelay * 2^(n-1))` plus a random amount up to the other half.
package struct ObjectStoreRetryPolicy: Sendable, Hashable {
    /// The number of attempts in all, at least 1 (1 means no retry).
    package var maximumAttempts: Int
    /// The backoff before the first retry, before jitter.
    package var baseDelay: Duration
    /// The longest backoff, before jitter.
    package var maximumDelay: Duration

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - maximumAttempts: Attempts in all; 4 by default.
    ///   - baseDelay: The first backoff; 100 ms by default.
    ///   - maximumDelay: The backoff cap; 5 s by default.
    package init(
        maximumAttempts: Int = 4,
        baseDelay: Duration = .milliseconds(100),
        maximumDelay: Duration = .seconds(5)
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// A policy that never retries.
    package static let none = ObjectStoreRetryPolicy(maximumAttempts: 1)

    /// The delay before retry `retry` (1 for the first retry).
    ///
    /// - Parameters:
    ///   - retry: Which retry, from 1.
    ///   - generator: The source of jitter.
    package func delay(beforeRetry retry: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        var ceiling = baseDelay * (1 << exponent)
        if ceiling > maximumDelay || ceiling < .zero { ceiling = maximumDelay }
        let half = ceiling / 2
        let nanoseconds = Self.nanoseconds(half)
        let jitter = nanoseconds > 0 ? Int64.random(in: 0...nanoseconds, using: &generator) : 0
        return half + .nanoseconds(jitter)
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
