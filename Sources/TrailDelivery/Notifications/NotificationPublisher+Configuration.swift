extension NotificationPublisher {
    /// How a ``NotificationPublisher`` delivers; every setting has a default.
    package struct Configuration: Sendable {
        /// How long a webhook may take to answer, per attempt (connecting included: the HTTP client keeps
        /// retrying a refused connection until this runs out).
        package var webhookTimeout: Duration
        /// How many times each subscription is tried before its failure is reported; at least 1.
        package var maximumAttempts: Int
        /// The wait before the second attempt; each later wait doubles, up to ``maximumBackoff``.
        package var initialBackoff: Duration
        /// The longest wait between attempts.
        package var maximumBackoff: Duration
        /// How long a command that ran past its timeout gets between `SIGTERM` and `SIGKILL`.
        package var commandTerminationGrace: Duration
        /// How much of a failed command's standard error goes into the error message.
        package var maximumErrorOutputBytes: Int
        /// The `SigningCertURL` written into signed envelopes.
        package var signingCertURL: String
        /// The `UnsubscribeURL` written into signed envelopes.
        package var unsubscribeURL: String
        /// The `User-Agent` of webhook requests.
        package var userAgent: String
        /// The `PATH` commands get unless their environment sets one.
        package var commandSearchPath: String

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - webhookTimeout: per-attempt timeout of a webhook; 10 seconds.
        ///   - maximumAttempts: attempts per subscription; 3.
        ///   - initialBackoff: wait before the second attempt; 1 second.
        ///   - maximumBackoff: longest wait between attempts; 30 seconds.
        ///   - commandTerminationGrace: time between `SIGTERM` and `SIGKILL`; 2 seconds.
        ///   - maximumErrorOutputBytes: standard error kept from a failed command; 4 KiB.
        ///   - signingCertURL: `SigningCertURL` of signed envelopes; empty.
        ///   - unsubscribeURL: `UnsubscribeURL` of signed envelopes; empty.
        ///   - userAgent: `User-Agent` of webhook requests.
        ///   - commandSearchPath: `PATH` of commands.
        package init(
            webhookTimeout: Duration = .seconds(10),
            maximumAttempts: Int = 3,
            initialBackoff: Duration = .seconds(1),
            maximumBackoff: Duration = .seconds(30),
            commandTerminationGrace: Duration = .seconds(2),
            maximumErrorOutputBytes: Int = 4096,
            signingCertURL: String = "",
            unsubscribeURL: String = "",
            userAgent: String = "OpenTrail Notification Agent",
            commandSearchPath: String = "/usr/local/bin:/usr/bin:/bin"
        ) {
            self.webhookTimeout = webhookTimeout
            self.maximumAttempts = max(maximumAttempts, 1)
            self.initialBackoff = initialBackoff
            self.maximumBackoff = maximumBackoff
            self.commandTerminationGrace = commandTerminationGrace
            self.maximumErrorOutputBytes = maximumErrorOutputBytes
            self.signingCertURL = signingCertURL
            self.unsubscribeURL = unsubscribeURL
            self.userAgent = userAgent
            self.commandSearchPath = commandSearchPath
        }
    }
}
