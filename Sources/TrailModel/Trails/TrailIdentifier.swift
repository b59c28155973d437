/// How a request names a trail: by name or by ARN.
///
/// Many CloudTrail operations take a `Name` or `TrailName` member that accepts either form
/// (`GetTrail`, `GetTrailStatus`, `StartLogging`, `PutEventSelectors`, ...). ``init(parsing:)`` tells them
/// apart: text starting with `arn:` must be a valid trail ARN, anything else must be a valid trail name.
public enum TrailIdentifier: Hashable, Sendable, CustomStringConvertible {
    /// The trail's name; the trail is looked up in the caller's account and region.
    case name(TrailName)
    /// The trail's full ARN.
    case arn(TrailARN)

    /// Parses a "name or ARN" argument.
    ///
    /// - Parameter text: A trail name or a trail ARN.
    /// - Throws: ``CloudTrailError`` with code `CloudTrailARNInvalidException` for text starting with `arn:` that
    ///   is not a trail ARN, or `InvalidTrailNameException` for an invalid name.
    public init(parsing text: String) throws(CloudTrailError) {
        if text.hasPrefix("arn:") {
            self = .arn(try TrailARN(parsing: text))
        } else {
            self = .name(try TrailName(text))
        }
    }

    /// The trail's name, whichever form identified it.
    public var name: TrailName {
        switch self {
        case .name(let name): name
        case .arn(let arn): arn.name
        }
    }

    /// The identifier as the client sent it.
    public var description: String {
        switch self {
        case .name(let name): name.rawValue
        case .arn(let arn): arn.description
        }
    }
}
