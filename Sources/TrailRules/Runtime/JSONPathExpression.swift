import TrailModel

/// The JSON paths of EventBridge's `InputPath` and `InputPathsMap`: `$`, `$.a.b`, `$.a[0].b`, `$.a['b c']`.
package struct JSONPathExpression: Sendable, Hashable {
    enum Step: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    let steps: [Step]
    package let text: String

    package struct ParseError: Error, Sendable {
        package let reason: String
    }

    package init(_ text: String) throws(ParseError) {
        self.text = text
        var steps: [Step] = []
        let chars = Array(text)
        guard chars.first == "$" else { throw ParseError(reason: "JSON path \(text) must start with $.") }
        var i = 1
        while i < chars.count {
            if chars[i] == "." {
                i += 1
                let start = i
                while i < chars.count, chars[i] != ".", chars[i] != "[" { i += 1 }
                guard i > start else { throw ParseError(reason: "JSON path \(text) has an empty key.") }
                steps.append(.key(String(chars[start..<i])))
            } else if chars[i] == "[" {
                i += 1
                if i < chars.count, chars[i] == "'" || chars[i] == "\"" {
                    let quote = chars[i]
                    i += 1
                    let start = i
                    while i < chars.count, chars[i] != quote { i += 1 }
                    guard i + 1 < chars.count, chars[i + 1] == "]" else {
                        throw ParseError(reason: "JSON path \(text) has an unterminated [']'].")
                    }
                    steps.append(.key(String(chars[start..<i])))
                    i += 2
                } else {
                    let start = i
                    while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
                    guard i > start, i < chars.count, chars[i] == "]", let index = Int(String(chars[start..<i]))
                    else { throw ParseError(reason: "JSON path \(text) has an invalid index.") }
                    steps.append(.index(index))
                    i += 1
                }
            } else {
                throw ParseError(reason: "JSON path \(text) is not valid at character \(i + 1).")
            }
        }
        self.steps = steps
    }

    /// The value at the path, or `nil` when there is none.
    package func value(in document: JSONValue) -> JSONValue? {
        var current = document
        for step in steps {
            switch (step, current) {
            case (.key(let key), .object):
                guard let next = current[key] else { return nil }
                current = next
            case (.index(let index), .array(let items)):
                guard items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }
}
