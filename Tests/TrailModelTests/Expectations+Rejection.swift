import Testing
import TrailModel

/// Expects `body` to throw a ``CloudTrailError`` with `code` and, if given, a message containing `message`.
func expectRejection(
    _ code: CloudTrailError.Code,
    _ message: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(CloudTrailError) -> Void
) {
    do {
        try body()
        Issue.record("Expected \(code), but nothing was thrown", sourceLocation: sourceLocation)
    } catch {
        #expect(error.code == code, "\(error.reason)", sourceLocation: sourceLocation)
        if let message {
            #expect(error.reason.contains(message), "\(error.reason)", sourceLocation: sourceLocation)
        }
    }
}
