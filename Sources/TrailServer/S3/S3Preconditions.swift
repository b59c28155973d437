import Foundation
import HTTPTypes

/// The conditional headers of `GetObject` and `HeadObject` (`If-Match`, `If-Unmodified-Since`,
/// `If-None-Match`, `If-Modified-Since`), evaluated in RFC 9110's order, which is S3's: `If-Match`
/// decides over `If-Unmodified-Since`, `If-None-Match` over `If-Modified-Since`. A date that does not
/// parse is ignored.
struct S3Preconditions: Sendable {
    /// What the conditions ask for.
    enum Outcome: Equatable, Sendable {
        /// Serve the object.
        case proceed
        /// `304 Not Modified`.
        case notModified
        /// `412 Precondition Failed`, naming the header that failed.
        case failed(condition: String)
    }

    let ifMatch: String?
    let ifUnmodifiedSince: Date?
    let ifNoneMatch: String?
    let ifModifiedSince: Date?

    /// Reads the conditional headers of a request.
    init(headers: HTTPFields) {
        ifMatch = headers[.ifMatch]
        ifUnmodifiedSince = headers[.ifUnmodifiedSince].flatMap(S3DateFormat.parseHTTPDate)
        ifNoneMatch = headers[.ifNoneMatch]
        ifModifiedSince = headers[.ifModifiedSince].flatMap(S3DateFormat.parseHTTPDate)
    }

    /// Evaluates the conditions against an object.
    ///
    /// - Parameters:
    ///   - eTag: The object's entity tag (quoted), if known; an unknown one matches only `*`.
    ///   - lastModified: When the object was last written; compared to the second, as HTTP dates are.
    func evaluate(eTag: String?, lastModified: Date) -> Outcome {
        let modified = lastModified.timeIntervalSince1970.rounded(.down)
        if let ifMatch {
            guard Self.matches(ifMatch, eTag: eTag) else { return .failed(condition: "If-Match") }
        } else if let ifUnmodifiedSince, modified > ifUnmodifiedSince.timeIntervalSince1970 {
            return .failed(condition: "If-Unmodified-Since")
        }
        if let ifNoneMatch {
            if Self.matches(ifNoneMatch, eTag: eTag) { return .notModified }
        } else if let ifModifiedSince, modified <= ifModifiedSince.timeIntervalSince1970 {
            return .notModified
        }
        return .proceed
    }

    /// Whether a list of entity tags (`"a", W/"b"`, or `*`) names `eTag`. Quotes and weakness are
    /// ignored, since S3's tags are compared by value.
    static func matches(_ list: String, eTag: String?) -> Bool {
        let tags = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if tags.contains("*") { return true }
        guard let eTag else { return false }
        let wanted = opaque(eTag[...])
        return tags.contains { opaque($0[...]) == wanted }
    }

    private static func opaque(_ tag: Substring) -> Substring {
        var tag = tag
        if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
        if tag.count >= 2, tag.hasPrefix("\""), tag.hasSuffix("\"") { tag = tag.dropFirst().dropLast() }
        return tag
    }
}
