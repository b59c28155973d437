import Foundation

extension NotificationPublisher {
    /// Why one direct delivery attempt failed, and whether another attempt may succeed.
    package struct DirectAttemptError: Error, Sendable {
        package let reason: String
        package let isRetryable: Bool
    }

    /// One attempt at POSTing `body` to a webhook, signed by the caller (`headers`); succeeds on any 2xx.
    ///
    /// Used by rule targets, which send the event itself rather than an SNS envelope. The secret never
    /// appears in the error.
    package func attemptWebhook(
        url: URL,
        secret: NotificationSecret,
        headers: [(name: String, value: String)],
        body: [UInt8]
    ) async throws(DirectAttemptError) {
        do {
            try await postWebhook(
                body: body,
                headers: [("Content-Type", "application/json"), ("User-Agent", configuration.userAgent)] + headers,
                url: url,
                secret: secret
            )
        } catch {
            throw DirectAttemptError(reason: error.error.reason, isRetryable: error.isRetryable)
        }
    }

    /// One run of a program with `input` on its standard input; succeeds on exit status 0.
    ///
    /// The environment is `PATH` (``Configuration/commandSearchPath``), then `environment`; nothing of
    /// OpenTrail's own environment.
    package func attemptCommand(
        path: String,
        arguments: [String],
        timeout: Duration,
        environment: [String: String],
        input: [UInt8]
    ) async throws(DirectAttemptError) {
        var variables = ["PATH": configuration.commandSearchPath]
        variables.merge(environment) { _, given in given }
        do {
            try await runCommand(
                input: input,
                path: path,
                arguments: arguments,
                timeout: timeout,
                environment: variables
            )
        } catch {
            throw DirectAttemptError(reason: error.error.reason, isRetryable: error.isRetryable)
        }
    }
}
