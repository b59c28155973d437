import Foundation

extension NotificationPublisher {
    /// Runs a command subscription with the unsigned envelope on its standard input; succeeds on exit status 0.
    ///
    /// The command's environment is `PATH` (``Configuration/commandSearchPath``), `OPENTRAIL_SNS_MESSAGE_ID`,
    /// `OPENTRAIL_SNS_TOPIC_ARN` and the subscription's own variables; nothing of OpenTrail's environment.
    func runCommand(
        _ envelope: SNSEnvelope,
        path: String,
        arguments: [String],
        timeout: Duration,
        environment: [String: String]
    ) async throws(AttemptFailure) {
        var variables = [
            "PATH": configuration.commandSearchPath,
            "OPENTRAIL_SNS_MESSAGE_ID": envelope.messageID,
            "OPENTRAIL_SNS_TOPIC_ARN": envelope.topicARN,
        ]
        variables.merge(environment) { _, given in given }
        try await runCommand(
            input: envelope.body,
            path: path,
            arguments: arguments,
            timeout: timeout,
            environment: variables
        )
    }

    /// Runs a program with `input` on its standard input and exactly `environment`; succeeds on exit status 0.
    func runCommand(
        input: [UInt8],
        path: String,
        arguments: [String],
        timeout: Duration,
        environment variables: [String: String]
    ) async throws(AttemptFailure) {
        let runner = CommandRunner(
            path: path,
            arguments: arguments,
            environment: variables,
            timeout: timeout,
            terminationGrace: configuration.commandTerminationGrace,
            maximumErrorOutputBytes: configuration.maximumErrorOutputBytes,
            clock: clock
        )
        let outcome: CommandRunner.Outcome
        do {
            outcome = try await runner.run(input: input)
        } catch {
            throw AttemptFailure(
                error: NotificationError(.commandFailed, "could not be started: \(error.reason)"),
                isRetryable: false
            )
        }
        let errorText = Self.errorText(outcome.errorOutput)
        if outcome.timedOut {
            throw AttemptFailure(
                error: NotificationError(
                    .commandTimedOut,
                    "ran longer than \(timeout) and was killed" + errorText
                ),
                isRetryable: true
            )
        }
        if Task.isCancelled {
            throw AttemptFailure(error: NotificationError(.cancelled, "publishing was cancelled"), isRetryable: false)
        }
        if outcome.wasSignalled {
            throw AttemptFailure(
                error: NotificationError(.commandFailed, "was ended by signal \(outcome.status)" + errorText),
                isRetryable: true
            )
        }
        guard outcome.status == 0 else {
            throw AttemptFailure(
                error: NotificationError(.commandFailed, "exited with status \(outcome.status)" + errorText),
                isRetryable: true
            )
        }
    }

    /// `": <standard error>"`, trimmed, or empty when the command wrote nothing there.
    private static func errorText(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "" : ": " + text
    }
}
