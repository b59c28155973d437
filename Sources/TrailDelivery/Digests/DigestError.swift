/// Why a digest could not be produced or a signing key could not be used.
package struct DigestError: Error, Hashable, CustomStringConvertible {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable { case signingKeyUnavailable, keyStorage, invalidDigest }
        private let base: Base

        /// A signing key is sealed with another master key, damaged, or missing.
        package static let signingKeyUnavailable = Code(base: .signingKeyUnavailable)
        /// The key directory cannot be read or written.
        package static let keyStorage = Code(base: .keyStorage)
        /// A digest document cannot be built or read.
        package static let invalidDigest = Code(base: .invalidDigest)

        package var description: String { "\(base)" }
    }

    package let code: Code
    /// What happened; never holds key material.
    package let reason: String

    package init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    package var description: String { "DigestError.\(code): \(reason)" }

    /// The error GetTrailStatus shows as `LatestDigestDeliveryError`.
    package var statusCode: String {
        switch code {
        case .signingKeyUnavailable, .keyStorage: return "SigningKeyUnavailable"
        default: return "InternalError"
        }
    }
}
