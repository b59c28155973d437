/// Why a monitoring request was refused or a monitor could not run.
package struct MonitorError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kind of failure; its ``name`` is the error code the `/v1` API answers with.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidParameter, resourceNotFound, resourceAlreadyExists, conflict, invalidEventPattern
            case limitExceeded, accessDenied, internalFailure, validation
        }
        private let base: Base

        package static let invalidParameter = Code(base: .invalidParameter)
        package static let resourceNotFound = Code(base: .resourceNotFound)
        package static let resourceAlreadyExists = Code(base: .resourceAlreadyExists)
        /// The definition comes from the config file and cannot be changed through the API.
        package static let conflict = Code(base: .conflict)
        package static let invalidEventPattern = Code(base: .invalidEventPattern)
        package static let limitExceeded = Code(base: .limitExceeded)
        package static let accessDenied = Code(base: .accessDenied)
        package static let internalFailure = Code(base: .internalFailure)
        /// A value breaks a length or format constraint (EventBridge's `ValidationException`).
        package static let validation = Code(base: .validation)

        /// The error code of the `/v1` API.
        package var name: String {
            switch base {
            case .invalidParameter: "InvalidParameterException"
            case .resourceNotFound: "ResourceNotFoundException"
            case .resourceAlreadyExists: "ResourceAlreadyExistsException"
            case .conflict: "Conflict"
            case .invalidEventPattern: "InvalidEventPatternException"
            case .limitExceeded: "LimitExceededException"
            case .accessDenied: "AccessDenied"
            case .internalFailure: "InternalFailure"
            case .validation: "ValidationException"
            }
        }

        /// The HTTP status of the `/v1` API.
        package var httpStatus: Int {
            switch base {
            case .invalidParameter, .invalidEventPattern, .limitExceeded, .validation: 400
            case .resourceNotFound: 404
            case .resourceAlreadyExists, .conflict: 409
            case .accessDenied: 403
            case .internalFailure: 500
            }
        }

        package var description: String { name }
    }

    package let code: Code
    package let reason: String
    let location: String

    package init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.location = "\(file):\(line)"
    }

    package static func invalid(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.invalidParameter, reason, file: file, line: line)
    }

    /// An event pattern's error as the API answers it: too long is a `ValidationException`, anything else an
    /// `InvalidEventPatternException`.
    package static func eventPattern(_ error: EventPatternError) -> Self {
        Self(error.code == .tooLong ? .validation : .invalidEventPattern, error.description)
    }

    package static func == (a: Self, b: Self) -> Bool { a.code == b.code && a.reason == b.reason }
    package func hash(into h: inout Hasher) {
        h.combine(code)
        h.combine(reason)
    }
    package var description: String { "MonitorError.\(code): \(reason) (\(location))" }
}
