import Foundation
import TrailModel

/// Who is calling, from where, and when: what an operation may need beyond its input.
struct OperationContext: Sendable {
    let principal: Principal
    /// The region the request was signed for.
    let region: String
    let requestID: String
    let now: Date
}

/// What an operation answers: the JSON body and the resources the call touched (for the audit record).
struct OperationResult: Sendable {
    var body: [UInt8]
    var resources: [AuditResource]
}

/// One operation of an AWS JSON 1.1 API.
struct Operation: Sendable {
    let name: String
    /// Whether CloudTrail records the call as `readOnly: true`.
    let isReadOnly: Bool
    let run: @Sendable (_ body: [UInt8], _ context: OperationContext) async throws -> OperationResult

    /// An operation with typed input and output.
    static func make<Input: Decodable & Sendable, Output: Encodable & SendableMetatype>(
        _ name: String,
        readOnly: Bool,
        input: Input.Type,
        _ handler: @escaping @Sendable (Input, OperationContext) async throws -> (Output, [AuditResource])
    ) -> Operation {
        Operation(name: name, isReadOnly: readOnly) { body, context in
            let request = try AWSJSON.decode(Input.self, from: body)
            let (output, resources) = try await handler(request, context)
            let body = try (output as? any DirectJSONEncodable)?.jsonBytes() ?? AWSJSON.encode(output)
            return OperationResult(body: body, resources: resources)
        }
    }
}

/// An answer that writes its own JSON, for hot paths where `JSONEncoder` costs more than the work.
protocol DirectJSONEncodable {
    func jsonBytes() -> [UInt8]
}

/// JSON coding of the AWS JSON 1.1 protocol: member names as in the model, timestamps as epoch seconds.
enum AWSJSON {
    static let contentType = "application/x-amz-json-1.1"

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }()

    /// Decodes a request body; an empty body is `{}`.
    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws -> T {
        let data =
            body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) ? Data("{}".utf8) : Data(body)
        do {
            return try decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw CloudTrailError(.serialization, describe(error))
        }
    }

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        [UInt8](try encoder.encode(value))
    }

    /// A message for a body that does not fit the operation's input shape. Never echoes values.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.isEmpty
                ? "the request"
                : "'" + codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") + "'"
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "Unexpected value type at \(path(context.codingPath)): expected \(Self.typeName(type))."
        case .valueNotFound(let type, let context):
            return "Null value at \(path(context.codingPath)): expected \(Self.typeName(type))."
        case .keyNotFound(let key, let context):
            return "Missing member '\(key.stringValue)' in \(path(context.codingPath))."
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "The request body is not valid JSON." }
            return "Invalid value at \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "The request body does not match the operation's input."
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Double.Type, is Date.Type: return "a number"
        default:
            let name = String(describing: type)
            return name.hasPrefix("Array") ? "a list" : (name.hasPrefix("Dictionary") ? "a map" : "a structure")
        }
    }
}

/// Checks of required members, with AWS's ValidationException wording.
enum Require {
    static func present<T>(_ value: T?, _ member: String) throws -> T {
        guard let value else {
            throw CloudTrailError(
                .validation,
                "1 validation error detected: Value null at '\(member)' failed to satisfy constraint: Member must not be null"
            )
        }
        return value
    }
}
