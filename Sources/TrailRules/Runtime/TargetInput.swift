import TrailModel

/// What a target receives for a matched event: the event, the value at `inputPath`, or the
/// `inputTransformer`'s template filled in, as EventBridge builds them.
package enum TargetInput {
    /// The bytes a target receives.
    package static func render(
        event: [UInt8],
        ruleName: String,
        ruleArn: String = "",
        ingestionTime: String,
        inputPath: String?,
        transformer: RuleTarget.InputTransformer?
    ) throws(MonitorError) -> [UInt8] {
        if inputPath == nil && transformer == nil { return event }
        let document: JSONValue
        do {
            document = try JSONValue(parsing: event)
        } catch {
            throw .invalid("the event is not JSON: \(error.description)")
        }
        if let inputPath {
            let path: JSONPathExpression
            do {
                path = try JSONPathExpression(inputPath)
            } catch {
                throw .invalid(error.reason)
            }
            return (path.value(in: document) ?? .null).serialized
        }
        guard let transformer else { return event }
        let compiled: Transformer
        do {
            compiled = try Transformer(transformer)
        } catch {
            throw .invalid(error.reason)
        }
        return Array(
            compiled.fill(
                document: document,
                ruleName: ruleName,
                ruleArn: ruleArn,
                ingestionTime: ingestionTime
            ).utf8
        )
    }

    /// A checked input transformer.
    package struct Transformer: Sendable {
        let paths: [String: JSONPathExpression]
        let template: String

        /// EventBridge's limit on `InputPathsMap` entries.
        static let maximumPaths = 100
        static let reserved: Set<String> = [
            "aws.events.rule-arn", "aws.events.rule-name", "aws.events.event",
            "aws.events.event.json", "aws.events.event.ingestion-time",
        ]

        package init(_ transformer: RuleTarget.InputTransformer) throws(JSONPathExpression.ParseError) {
            guard transformer.inputPathsMap.count <= Self.maximumPaths else {
                throw .init(reason: "InputPathsMap has more than \(Self.maximumPaths) entries.")
            }
            var paths: [String: JSONPathExpression] = [:]
            for (name, path) in transformer.inputPathsMap {
                guard !name.isEmpty, !name.hasPrefix("aws."), !name.contains("<"), !name.contains(">") else {
                    throw .init(
                        reason: "InputPathsMap key \(name) is not valid (keys starting with aws. are reserved)."
                    )
                }
                paths[name] = try JSONPathExpression(path)
            }
            guard !transformer.inputTemplate.isEmpty, transformer.inputTemplate.utf8.count <= 8192 else {
                throw .init(reason: "InputTemplate must be 1 to 8192 characters.")
            }
            self.paths = paths
            self.template = transformer.inputTemplate
        }

        /// The template with each `<name>` replaced: inside a JSON string by the value's text, elsewhere by
        /// the value's JSON; an unknown name is left as it is.
        func fill(document: JSONValue, ruleName: String, ruleArn: String, ingestionTime: String) -> String {
            var out = ""
            var insideString = false
            var escaped = false
            var index = template.startIndex
            while index < template.endIndex {
                let char = template[index]
                if insideString && escaped {
                    escaped = false
                } else if char == "\\" && insideString {
                    escaped = true
                } else if char == "\"" {
                    insideString.toggle()
                } else if char == "<", let close = template[index...].firstIndex(of: ">") {
                    let name = String(template[template.index(after: index)..<close])
                    if let value = self.value(
                        named: name,
                        document: document,
                        ruleName: ruleName,
                        ruleArn: ruleArn,
                        ingestionTime: ingestionTime
                    ) {
                        out +=
                            insideString ? Self.text(of: value, inString: true) : Self.text(of: value, inString: false)
                        index = template.index(after: close)
                        continue
                    }
                }
                out.append(char)
                index = template.index(after: index)
            }
            return out
        }

        private func value(
            named name: String,
            document: JSONValue,
            ruleName: String,
            ruleArn: String,
            ingestionTime: String
        ) -> JSONValue? {
            switch name {
            case "aws.events.rule-name": return .string(ruleName)
            case "aws.events.rule-arn": return .string(ruleArn)
            // The event without its detail, as EventBridge defines it; `.json` is the whole event.
            case "aws.events.event":
                guard case .object(let members) = document else { return document }
                return .object(members.filter { $0.key != "detail" })
            case "aws.events.event.json": return document
            case "aws.events.event.ingestion-time": return .string(ingestionTime)
            default: return paths[name].map { $0.value(in: document) ?? .null }
            }
        }

        /// A value as it goes into the template.
        static func text(of value: JSONValue, inString: Bool) -> String {
            if case .string(let string) = value {
                if inString {
                    // The string's JSON escaping without its quotes.
                    let quoted = String(decoding: value.serialized, as: UTF8.self)
                    return String(quoted.dropFirst().dropLast())
                }
                return inString ? string : String(decoding: value.serialized, as: UTF8.self)
            }
            return String(decoding: value.serialized, as: UTF8.self)
        }
    }
}
