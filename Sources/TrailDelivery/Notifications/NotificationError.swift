/// An error configuring, signing, verifying or delivering a notification.
///
/// ``reason`` is meant for people (it becomes a trail's `LatestNotificationError`): it never contains a
/// subscription's secret, nor the path or query of a webhook URL (which often carry tokens). Two errors are equal
/// when their codes are.
package struct NotificationError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What kind of error this is.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidTopicName
            case invalidSubscription
            case invalidMessage
            case invalidSignature
            case webhookFailed
            case commandFailed
            case commandTimedOut
            case cancelled
        }

        private let base: Base

        /// A topic name that is not 1–256 letters, digits, `-` and `_`.
        package static let invalidTopicName = Code(base: .invalidTopicName)
        /// A subscription that cannot be used (bad URL scheme, relative command path, ...).
        package static let invalidSubscription = Code(base: .invalidSubscription)
        /// A body that is not a notification this module understands.
        package static let invalidMessage = Code(base: .invalidMessage)
        /// A missing or wrong signature.
        package static let invalidSignature = Code(base: .invalidSignature)
        /// A webhook answered other than 2xx, or could not be reached in time.
        package static let webhookFailed = Code(base: .webhookFailed)
        /// A command could not start or exited with a non-zero status or a signal.
        package static let commandFailed = Code(base: .commandFailed)
        /// A command ran past its timeout and was killed.
        package static let commandTimedOut = Code(base: .commandTimedOut)
        /// The publishing task was cancelled.
        package static let cancelled = Code(base: .cancelled)

        package var description: String { "\(base)" }
    }

    /// What kind of error this is.
    package let code: Code
    /// What went wrong, for people; free of secrets.
    package let reason: String
    /// Where the error was raised, for logs only.
    package let location: String

    /// Creates an error.
    package init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.location = "\(file):\(line)"
    }

    package static func == (a: Self, b: Self) -> Bool { a.code == b.code }
    package func hash(into hasher: inout Hasher) { hasher.combine(code) }
    package var description: String { "NotificationError.\(code): \(reason) (\(location))" }
}
