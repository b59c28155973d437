/// A log event as filter patterns see it: the message bytes and, when the message is a JSON object, its
/// flattened view.
///
/// Unstructured terms and space-delimited patterns read ``message``; JSON patterns read ``json`` and never
/// match an event without one, as CloudWatch Logs applies a JSON pattern only to JSON events.
package struct LogEventView: Sendable {
    /// The message as delivered (for CloudTrail, one record's JSON text).
    package var message: [UInt8]
    /// The flattened message, or `nil` when the message is not a JSON object.
    package var json: FlatJSON?

    /// Creates a view from a message and its flattened form, parsed once and shared by every filter.
    package init(message: [UInt8], json: FlatJSON?) {
        self.message = message
        self.json = json
    }

    /// Creates a view of a message, flattening it when it is a JSON object.
    package init(message: [UInt8]) {
        self.message = message
        self.json = try? FlatJSON(parsing: message)
    }

    /// Creates a view of a text message, flattening it when it is a JSON object.
    package init(_ message: String) {
        self.init(message: Array(message.utf8))
    }
}
