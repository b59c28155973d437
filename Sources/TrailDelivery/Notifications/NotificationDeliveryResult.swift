/// What happened to one subscription when a message was published.
package struct NotificationDeliveryResult: Sendable, Hashable {
    /// Delivered, or why not.
    package enum Outcome: Sendable, Hashable {
        /// The webhook answered 2xx, or the command exited with status 0.
        case delivered
        /// Every attempt failed; the error of the last one.
        case failed(NotificationError)
    }

    /// The position of the subscription in ``Topic/subscriptions``.
    package let subscriptionIndex: Int
    /// The subscription's ``Subscription/endpointDescription``, safe to show.
    package let endpoint: String
    /// How many attempts were made.
    package let attempts: Int
    /// Delivered, or why not.
    package let outcome: Outcome

    /// Creates a result.
    package init(subscriptionIndex: Int, endpoint: String, attempts: Int, outcome: Outcome) {
        self.subscriptionIndex = subscriptionIndex
        self.endpoint = endpoint
        self.attempts = attempts
        self.outcome = outcome
    }

    /// Whether the message was delivered.
    package var isDelivered: Bool { outcome == .delivered }

    /// The error of the last attempt, or `nil` when delivered.
    package var error: NotificationError? {
        if case .failed(let error) = outcome { return error }
        return nil
    }

    /// A message for a trail's `LatestNotificationError`: `<endpoint>: <reason>`, or `nil` when delivered. It never
    /// holds a secret.
    package var failureMessage: String? {
        error.map { "\(endpoint): \($0.reason)" }
    }
}
