import Foundation
import TrailModel

extension DigestIndex {
    /// Reads the answer of OpenTrail's `POST /v1/digests/list`:
    /// `{"trailArn", "region", "digests": [{"bucket", "key", "digestStartTime", "digestEndTime"}], "head": {…} | null}`.
    ///
    /// - Parameter bytes: The JSON document.
    /// - Throws: ``LogValidationError/Code/invalidInput`` when it is not such a document.
    package init(parsing bytes: some Collection<UInt8>) throws(LogValidationError) {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: bytes)
        } catch {
            throw LogValidationError(.invalidInput, "The digest index is not JSON: \(error)")
        }
        try self.init(from: document)
    }

    /// Reads a parsed `POST /v1/digests/list` answer; see ``init(parsing:)``.
    ///
    /// - Throws: ``LogValidationError/Code/invalidInput`` when it is not such a document.
    package init(from document: JSONValue) throws(LogValidationError) {
        guard case .array(let entries)? = document["digests"] else {
            throw LogValidationError(.invalidInput, "The digest index has no digests array")
        }
        var digests: [Entry] = []
        for entry in entries { digests.append(try Self.entry(entry)) }
        let head: Entry?
        switch document["head"] {
        case nil, .null?: head = nil
        case let value?: head = try Self.entry(value)
        }
        self.init(digests: digests.sorted { $0.endTime < $1.endTime }, head: head)
    }

    private static func entry(_ value: JSONValue) throws(LogValidationError) -> Entry {
        guard let bucket = value["bucket"]?.stringValue, let key = value["key"]?.stringValue,
            let end = value["digestEndTime"]?.stringValue.flatMap(ValidationDate.parseIfPossible)
        else {
            throw LogValidationError(.invalidInput, "A digest index entry lacks bucket, key or digestEndTime")
        }
        let start = value["digestStartTime"]?.stringValue.flatMap(ValidationDate.parseIfPossible)
        return Entry(bucket: bucket, key: key, startTime: start, endTime: end)
    }
}
