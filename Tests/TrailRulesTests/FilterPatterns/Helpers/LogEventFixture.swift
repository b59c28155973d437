import TrailRules

/// A log event of a message, flattened as the monitor engine does (optionally under a prefix).
func logEvent(_ message: String, prefix: String = "") -> LogEventView {
    let bytes = Array(message.utf8)
    return LogEventView(message: bytes, json: try? FlatJSON(parsing: bytes, prefix: prefix))
}
