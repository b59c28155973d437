import Foundation
import TrailModel

extension DigestPublicKey {
    /// Reads the keys of a `ListPublicKeys` answer, or of the output of `aws cloudtrail list-public-keys`:
    /// `{"PublicKeyList": [{"Value", "ValidityStartTime", "ValidityEndTime", "Fingerprint"}]}` (the member may
    /// also be spelled `publicKeyList`, or the array given alone). Times may be epoch seconds (numbers or
    /// numeric strings) or ISO 8601 strings.
    ///
    /// - Parameter bytes: The JSON document.
    /// - Throws: ``LogValidationError/Code/invalidInput`` when it is not such a document.
    package static func list(parsing bytes: some Collection<UInt8>) throws(LogValidationError) -> [DigestPublicKey] {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: bytes)
        } catch {
            throw LogValidationError(.invalidInput, "The public key list is not JSON: \(error)")
        }
        return try list(from: document)
    }

    /// Reads the keys of a parsed `ListPublicKeys` answer; see ``list(parsing:)``.
    ///
    /// - Throws: ``LogValidationError/Code/invalidInput`` when it is not such a document.
    package static func list(from document: JSONValue) throws(LogValidationError) -> [DigestPublicKey] {
        let entries: [JSONValue]
        switch document["PublicKeyList"] ?? document["publicKeyList"] ?? document {
        case .array(let array): entries = array
        default: throw LogValidationError(.invalidInput, "The public key list has no PublicKeyList array")
        }
        var keys: [DigestPublicKey] = []
        for entry in entries {
            guard let fingerprint = entry["Fingerprint"]?.stringValue, let value = entry["Value"]?.stringValue else {
                throw LogValidationError(.invalidInput, "A public key has no Fingerprint or Value")
            }
            keys.append(
                DigestPublicKey(
                    fingerprint: fingerprint,
                    value: value,
                    validityStart: entry["ValidityStartTime"].flatMap(time),
                    validityEnd: entry["ValidityEndTime"].flatMap(time)
                )
            )
        }
        return keys
    }

    private static func time(_ value: JSONValue) -> Date? {
        switch value {
        case .number(let text): return Double(text).map { Date(timeIntervalSince1970: $0) }
        case .string(let text):
            if let seconds = Double(text) { return Date(timeIntervalSince1970: seconds) }
            return ValidationDate.parseIfPossible(text)
        default: return nil
        }
    }
}
