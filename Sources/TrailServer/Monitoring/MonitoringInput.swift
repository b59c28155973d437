import Foundation
import TrailModel
import TrailRules

/// The JSON body of a `/v1` monitoring call, with typed, checked access to its members.
struct MonitoringInput: Sendable {
    let body: JSONValue

    init(bytes: [UInt8]) throws(MonitorError) {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            body = .object([])
            return
        }
        do {
            body = try JSONValue(parsing: bytes)
        } catch {
            throw .invalid("The body is not valid JSON: \(error.description)")
        }
        guard case .object = body else { throw .invalid("The body must be a JSON object.") }
    }

    func string(_ name: String) throws(MonitorError) -> String? {
        guard let value = body[name], !value.isNull else { return nil }
        guard let string = value.stringValue else { throw .invalid("\(name) must be a string.") }
        return string
    }

    func required(_ name: String) throws(MonitorError) -> String {
        guard let value = try string(name), !value.isEmpty else { throw .invalid("\(name) is required.") }
        return value
    }

    func number(_ name: String) throws(MonitorError) -> Double? {
        guard let value = body[name], !value.isNull else { return nil }
        guard case .number(let text) = value, let number = Double(text) else {
            throw .invalid("\(name) must be a number.")
        }
        return number
    }

    func integer(_ name: String) throws(MonitorError) -> Int? {
        guard let number = try number(name) else { return nil }
        guard number.rounded() == number, abs(number) < 1e15 else { throw .invalid("\(name) must be an integer.") }
        return Int(number)
    }

    func bool(_ name: String) throws(MonitorError) -> Bool? {
        guard let value = body[name], !value.isNull else { return nil }
        guard let bool = value.boolValue else { throw .invalid("\(name) must be true or false.") }
        return bool
    }

    func strings(_ name: String) throws(MonitorError) -> [String]? {
        guard let value = body[name], !value.isNull else { return nil }
        guard case .array(let items) = value else { throw .invalid("\(name) must be a list of strings.") }
        var out: [String] = []
        for item in items {
            guard let string = item.stringValue else { throw .invalid("\(name) must be a list of strings.") }
            out.append(string)
        }
        return out
    }

    /// A time: epoch milliseconds, or ISO 8601 text.
    func time(_ name: String) throws(MonitorError) -> Int64? {
        guard let value = body[name], !value.isNull else { return nil }
        switch value {
        case .number(let text):
            guard let number = Double(text), number >= 0 else { throw .invalid("\(name) must not be negative.") }
            return Int64(number)
        case .string(let text):
            guard let ms = EventTime.parseMilliseconds(text) else {
                throw .invalid("\(name) must be epoch milliseconds or an ISO 8601 time.")
            }
            return ms
        default:
            throw .invalid("\(name) must be epoch milliseconds or an ISO 8601 time.")
        }
    }

    /// A member decoded as a `Decodable` type.
    func decode<T: Decodable>(_ type: T.Type, _ name: String) throws(MonitorError) -> T? {
        guard let value = body[name], !value.isNull else { return nil }
        do {
            return try JSONDecoder().decode(T.self, from: Data(value.serialized))
        } catch {
            throw .invalid("\(name) is not valid: \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "\((context.codingPath + [key]).map(\.stringValue).joined(separator: ".")) is required"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }

    /// The body as it goes on the record: secrets replaced.
    var redacted: JSONValue { Self.redact(body) }

    static func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(
                members.map { member in
                    member.key.lowercased().contains("secret")
                        ? (member.key, .string("HIDDEN")) : (member.key, redact(member.value))
                }
            )
        case .array(let items):
            return .array(items.map(redact))
        default:
            return value
        }
    }
}
