import Crypto

/// The shared secret of a webhook subscription, the HMAC-SHA256 key of its signatures.
///
/// The secret never shows in descriptions, logs or errors: `description` and `debugDescription` print
/// `<redacted>`. It encodes as a plain JSON string, so configuration files that hold it must be readable by their
/// owner only.
package struct NotificationSecret: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The fewest characters a secret may have.
    package static let minimumLength = 16

    private let value: String

    /// Wraps a secret.
    package init(_ value: String) {
        self.value = value
    }

    /// A new random secret: 32 random bytes as 64 hex digits.
    package static func random() -> NotificationSecret {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for _ in 0..<64 {
            bytes.append(digits[Int.random(in: 0..<16, using: &generator)])
        }
        return NotificationSecret(String(decoding: bytes, as: UTF8.self))
    }

    package init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    package var description: String { "<redacted>" }
    package var debugDescription: String { "<redacted>" }

    /// The number of characters of the secret.
    package var count: Int { value.count }

    /// The HMAC key: the UTF-8 bytes of the secret.
    package var key: SymmetricKey { SymmetricKey(data: Array(value.utf8)) }

    /// The text of the secret, to scrub it out of error messages.
    var revealed: String { value }
}
