import Foundation

/// Where a topic's messages go.
///
/// Encoded as `{"type":"webhook","url":"https://…","secret":"…"}` or
/// `{"type":"command","path":"/usr/local/bin/on-delivery","arguments":[],"timeoutSeconds":30,"environment":{}}`
/// (`arguments`, `timeoutSeconds` and `environment` may be left out).
///
/// Its description is ``endpointDescription``, so printing or logging a subscription shows neither the secret nor
/// the path and query of a webhook URL.
package enum Subscription: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible {
    /// An HTTP or HTTPS endpoint that gets the signed SNS envelope as a POST body.
    case webhook(url: URL, secret: NotificationSecret)
    /// A program started for each message, with the unsigned SNS envelope on its standard input.
    ///
    /// The program gets only `PATH` and the given environment, not OpenTrail's (which may hold secrets); it is
    /// killed (its whole process group) when it runs longer than `timeoutSeconds`. It counts as running until the
    /// children it leaves in the background have ended too.
    case command(
        path: String,
        arguments: [String] = [],
        timeoutSeconds: Int = Subscription.defaultCommandTimeoutSeconds,
        environment: [String: String] = [:]
    )

    /// The timeout of a command when none is given.
    package static let defaultCommandTimeoutSeconds = 30
    /// The longest timeout a command may have.
    package static let maximumCommandTimeoutSeconds = 3600

    /// A description of the endpoint that is safe to show and log: `https://host:port` for a webhook (no path,
    /// query or user info, which often carry tokens), `command /path/to/program` for a command (no arguments).
    package var endpointDescription: String {
        switch self {
        case .webhook(let url, _):
            var text = (url.scheme ?? "?") + "://" + (url.host ?? "?")
            if let port = url.port {
                text += ":\(port)"
            }
            return text
        case .command(let path, _, _, _):
            return "command " + path
        }
    }

    package var description: String { endpointDescription }
    package var debugDescription: String { endpointDescription }

    /// Checks that the subscription can be used.
    ///
    /// - Webhook: an `http` or `https` URL with a host, and a secret of at least
    ///   ``NotificationSecret/minimumLength`` characters.
    /// - Command: an absolute path, a timeout of 1 to ``maximumCommandTimeoutSeconds`` seconds, environment names
    ///   that are not empty and hold no `=`, and no NUL character anywhere.
    ///
    /// - Throws: ``NotificationError`` with code ``NotificationError/Code/invalidSubscription``.
    package func validate() throws(NotificationError) {
        func invalid(_ reason: String) -> NotificationError {
            NotificationError(.invalidSubscription, reason)
        }
        switch self {
        case .webhook(let url, let secret):
            guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
                throw invalid("a webhook URL must use http or https")
            }
            guard let host = url.host, !host.isEmpty else {
                throw invalid("a webhook URL must name a host")
            }
            guard secret.count >= NotificationSecret.minimumLength else {
                throw invalid("a webhook secret must have at least \(NotificationSecret.minimumLength) characters")
            }
        case .command(let path, let arguments, let timeoutSeconds, let environment):
            guard path.hasPrefix("/") else {
                throw invalid("a command path must be absolute")
            }
            guard (1...Self.maximumCommandTimeoutSeconds).contains(timeoutSeconds) else {
                throw invalid("a command timeout must be 1 to \(Self.maximumCommandTimeoutSeconds) seconds")
            }
            guard environment.keys.allSatisfy({ !$0.isEmpty && !$0.contains("=") }) else {
                throw invalid("environment variable names must not be empty or contain =")
            }
            let texts = [path] + arguments + Array(environment.keys) + Array(environment.values)
            guard !texts.contains(where: { $0.utf8.contains(0) }) else {
                throw invalid("a command, its arguments and its environment must not contain NUL characters")
            }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case type
        case url
        case secret
        case path
        case arguments
        case timeoutSeconds
        case environment
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "webhook":
            self = .webhook(
                url: try container.decode(URL.self, forKey: .url),
                secret: try container.decode(NotificationSecret.self, forKey: .secret)
            )
        case "command":
            self = .command(
                path: try container.decode(String.self, forKey: .path),
                arguments: try container.decodeIfPresent([String].self, forKey: .arguments) ?? [],
                timeoutSeconds: try container.decodeIfPresent(Int.self, forKey: .timeoutSeconds)
                    ?? Self.defaultCommandTimeoutSeconds,
                environment: try container.decodeIfPresent([String: String].self, forKey: .environment) ?? [:]
            )
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type,
                in: container,
                debugDescription: "a subscription type is webhook or command"
            )
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .webhook(let url, let secret):
            try container.encode("webhook", forKey: .type)
            try container.encode(url, forKey: .url)
            try container.encode(secret, forKey: .secret)
        case .command(let path, let arguments, let timeoutSeconds, let environment):
            try container.encode("command", forKey: .type)
            try container.encode(path, forKey: .path)
            try container.encode(arguments, forKey: .arguments)
            try container.encode(timeoutSeconds, forKey: .timeoutSeconds)
            try container.encode(environment, forKey: .environment)
        }
    }
}
