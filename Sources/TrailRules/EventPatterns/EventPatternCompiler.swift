/// Turns a pattern's JSON text into its branches, rejecting it with the reasons EventBridge gives.
///
/// It walks the tokens in the order event-ruler's `JsonRuleCompiler` does, so that the first problem found
/// is the one EventBridge names, at the location Jackson reports:
///
/// - Nested objects extend the path (`{"detail": {"state": [...]}}` is `detail.state`); a field's value
///   must be an object or a non-empty array of literals and match expressions.
/// - `"$or": [{...}, {...}]` forks every branch built so far into one per object (at least two), and the
///   fields after it are added to all of them. A field written twice (also as `a.b` and `{"a": {"b"}}`)
///   keeps its last value, as event-ruler's default `withOverriding` does.
/// - In ``Mode/orAsFieldName`` mode `$or` is an ordinary key: event-ruler's `Machine.addRule` falls back
///   to that (its legacy compiler) when a pattern using `$or` does not compile with `$or` as an operator.
struct EventPatternCompiler {
    /// How `$or` is read.
    enum Mode {
        case orAsOperator, orAsFieldName
    }

    /// A rejection: event-ruler's message, with Jackson's location when event-ruler reports one (its
    /// `JsonParseException`s do; the `IllegalArgumentException`s of `cidr` values do not).
    struct Failure: Error {
        let message: String
        let location: String?

        /// The reason text that follows `Reason: `.
        var reason: String { location.map { "\(message)\n at \($0)" } ?? message }
    }

    /// The most branches `$or` may produce (OpenTrail's own guard against patterns that fork exponentially).
    static let maximumBranches = 1024

    /// Keys that may not name a field inside `$or` (event-ruler's `RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP`).
    static let reservedNamesInOr: Set<String> = [
        "exactly", "equals-ignore-case", "prefix", "suffix", "anything-but", "exists", "wildcard", "numeric",
        "cidr", "=", "<", "<=", ">", ">=", "regex", "not-wildcard", "not-equals-ignore-case", "date-after",
        "date-on-or-after", "date-before", "date-on-or-before", "in-date-range", "ip-address-in-range",
        "ip-address-not-in-range",
    ]

    private var tokens: EventPatternTokenizer
    private let mode: Mode
    private var path: [String] = []

    init(text: String, mode: Mode) {
        self.tokens = EventPatternTokenizer(text: text)
        self.mode = mode
    }

    /// Compiles the whole pattern.
    ///
    /// - Returns: the branches, each a list of fields sorted by path.
    mutating func compile() throws(Failure) -> [[EventPatternField]] {
        guard tokens.next() == .startObject else { throw fail("Filter is not an object") }
        var branches: [[EventPatternField]] = []
        try parseObject(into: &branches, insideOr: false)
        return branches.map { $0.sorted { $0.path < $1.path } }
    }

    // MARK: - Structure

    private func fail(_ message: String) -> Failure {
        Failure(message: message, location: tokens.location)
    }

    private mutating func parseObject(into branches: inout [[EventPatternField]], insideOr: Bool) throws(Failure) {
        var hasFields = false
        while tokens.next() != .endObject {
            hasFields = true
            let step = tokens.name
            if step == "$or" && mode == .orAsOperator {
                try parseOr(into: &branches)
                continue
            }
            if insideOr && Self.reservedNamesInOr.contains(step) {
                throw fail("\(step) is Ruler reserved fieldName which cannot be used inside $or.")
            }
            switch tokens.next() {
            case .startObject:
                path.append(step)
                try parseObject(into: &branches, insideOr: insideOr)
                path.removeLast()
            case .startArray:
                try parseValues(into: &branches, path: (path + [step]).joined(separator: "."))
            default:
                throw fail("\"\(step)\" must be an object or an array")
            }
        }
        if !hasFields { throw fail("Empty objects are not allowed") }
    }

    private mutating func parseOr(into branches: inout [[EventPatternField]]) throws(Failure) {
        let before = branches
        branches = []
        guard tokens.next() == .startArray else { throw fail("It must be an Array followed with $or.") }
        var count = 0
        while tokens.next() != .endArray {
            count += 1
            guard tokens.token == .startObject else {
                throw fail("Only JSON object is allowed in array of $or relationship.")
            }
            var forked = before.isEmpty ? [[]] : before
            try parseObject(into: &forked, insideOr: true)
            branches += forked
            if branches.count > Self.maximumBranches {
                throw fail("Rule is too complex - try using fewer $or relationships")
            }
        }
        if count < 2 { throw fail("There must have at least 2 Objects in $or relationship.") }
    }

    /// Reads a field's array of values (the reader is past its `[`) and sets the field in every branch.
    private mutating func parseValues(into branches: inout [[EventPatternField]], path: String) throws(Failure) {
        var values: [EventPatternValue] = []
        var matchesAbsence = false
        var count = 0
        while tokens.next() != .endArray {
            count += 1
            switch tokens.token {
            case .startObject:
                if let value = try parseMatchExpression() {
                    values.append(value)
                } else {
                    matchesAbsence = true
                }
            case .string:
                let text = tokens.text()
                if let address = IPAddress.parse(text.utf8) {
                    values.append(.ipRange(IPRange(address: address)))
                } else {
                    values.append(.string(Array(text.utf8)))
                }
            case .number:
                values.append(.number(Double(tokens.text()) ?? .nan))
            case .null: values.append(.literal(.null))
            case .true: values.append(.literal(.true))
            case .false: values.append(.literal(.false))
            default:
                throw fail("Match value must be String, number, true, false, or null")
            }
        }
        if count == 0 { throw fail("Empty arrays are not allowed") }
        let field = EventPatternField(path: path, values: values, matchesAbsence: matchesAbsence)
        if branches.isEmpty { branches = [[]] }
        for index in branches.indices {
            if let existing = branches[index].firstIndex(where: { $0.path == path }) {
                branches[index][existing] = field
            } else {
                branches[index].append(field)
            }
        }
    }

    // MARK: - Match expressions

    /// Reads `{ "<type>": ... }` (the reader is past its `{`); `nil` stands for `{"exists": false}`.
    private mutating func parseMatchExpression() throws(Failure) -> EventPatternValue? {
        guard tokens.next() == .fieldName else { throw fail("Match expression name not found") }
        let type = tokens.name
        switch type {
        case "exactly":
            let text = try string(else: "exact match pattern must be a string")
            try endOfExpression()
            return .string(Array(text.utf8))
        case "prefix":
            if tokens.next() == .startObject {
                return .prefixIgnoringCase(CaseFolding.fold(try parseIgnoreCaseObject(of: "Prefix", "prefix")))
            }
            let text = try currentString(else: "prefix match pattern must be a string")
            try endOfExpression()
            return .prefix(Array(text.utf8))
        case "suffix":
            if tokens.next() == .startObject {
                return .suffixIgnoringCase(CaseFolding.fold(try parseIgnoreCaseObject(of: "Suffix", "suffix")))
            }
            let text = try currentString(else: "suffix match pattern must be a string")
            try endOfExpression()
            return .suffix(Array(text.utf8))
        case "numeric":
            guard tokens.next() == .startArray else { throw fail("Value of numeric must be an array.") }
            let range = try parseNumericRange()
            guard tokens.next() == .endObject else { throw fail("Too many elements in numeric expression") }
            return .numeric(range)
        case "anything-but":
            return try parseAnythingBut()
        case "exists":
            let exists: Bool
            switch tokens.next() {
            case .true: exists = true
            case .false: exists = false
            default: throw fail("exists match pattern must be either true or false.")
            }
            try endOfExpression()
            return exists ? .exists : nil
        case "cidr":
            let text = try string(else: "prefix match pattern must be a string")
            let range: IPRange
            do {
                range = try IPRange(cidr: text)
            } catch {
                throw Failure(message: error.message, location: nil)
            }
            try endOfExpression()
            return .ipRange(range)
        case "equals-ignore-case":
            let text = try string(else: "equals-ignore-case match pattern must be a string")
            try endOfExpression()
            return .equalsIgnoringCase(CaseFolding.fold(text))
        case "wildcard":
            let text = try string(else: "wildcard match pattern must be a string")
            let pattern = try wildcard(text)
            try endOfExpression()
            return .wildcard(pattern)
        default:
            throw fail("Unrecognized match type \(type)")
        }
    }

    /// Reads the next token, which must be a string, and its text.
    private mutating func string(else message: String) throws(Failure) -> String {
        tokens.next()
        return try currentString(else: message)
    }

    private mutating func currentString(else message: String) throws(Failure) -> String {
        guard tokens.token == .string else { throw fail(message) }
        return tokens.text()
    }

    private mutating func endOfExpression() throws(Failure) {
        guard tokens.next() == .endObject else { throw fail("Only one key allowed in match expression") }
    }

    private func wildcard(_ text: String) throws(Failure) -> WildcardPattern {
        do {
            return try WildcardPattern(parsing: text)
        } catch {
            throw fail(error.message)
        }
    }

    /// Reads `{"equals-ignore-case": "text"}}` after `prefix` or `suffix` (the reader is past its `{`).
    private mutating func parseIgnoreCaseObject(of kind: String, _ operator: String) throws(Failure) -> String {
        guard tokens.next() == .fieldName else { throw fail("\(kind) expression name not found") }
        guard tokens.name == "equals-ignore-case" else {
            throw fail("Unsupported \(`operator`) pattern: \(tokens.name)")
        }
        let text = try string(else: "equals-ignore-case match pattern must be a string")
        try endOfExpression()
        try endOfExpression()
        return text
    }

    private mutating func parseNumericRange() throws(Failure) -> NumericRange {
        guard tokens.next() == .string else { throw fail("Invalid member in numeric match: \(tokens.text())") }
        let operator1 = tokens.text()
        let token = tokens.next()
        switch operator1 {
        case "=":
            guard token == .number else { throw fail("Value of equals must be numeric") }
            let value = number()
            guard tokens.next() == .endArray else { throw fail("Too many elements in numeric expression") }
            return .equal(to: value)
        case ">", ">=":
            guard token == .number else { throw fail("Value of \(operator1) must be numeric") }
            let bottom = number()
            let isBottomOpen = operator1 == ">"
            guard tokens.next() != .endArray else { return NumericRange(lower: bottom, isLowerOpen: isBottomOpen) }
            guard tokens.token == .string else { throw fail("Bad value in numeric range: \(tokens.text())") }
            let operator2 = tokens.text()
            guard operator2 == "<" || operator2 == "<=" else { throw fail("Bad numeric range operator: \(operator2)") }
            guard tokens.next() == .number else { throw fail("Value of \(operator2) must be numeric") }
            let top = number()
            guard tokens.next() == .endArray else { throw fail("Too many terms in numeric range expression") }
            guard bottom < top else { throw fail("Bottom must be less than top") }
            return NumericRange(lower: bottom, isLowerOpen: isBottomOpen, upper: top, isUpperOpen: operator2 == "<")
        case "<", "<=":
            guard token == .number else { throw fail("Value of \(operator1) must be numeric") }
            let top = number()
            guard tokens.next() == .endArray else { throw fail("Too many elements in numeric expression") }
            return NumericRange(upper: top, isUpperOpen: operator1 == "<")
        default:
            throw fail("Unrecognized numeric range operator: \(operator1)")
        }
    }

    private mutating func number() -> Double { Double(tokens.text()) ?? .nan }

    // MARK: - anything-but

    /// The forms of `anything-but`.
    private enum AnythingBut {
        case values, ignoringCase, prefix, suffix, wildcard

        /// event-ruler's message for a non-string in a set form.
        var notAStringMessage: String {
            switch self {
            case .ignoringCase:
                "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."
            case .wildcard: "wildcard match pattern must be a string"
            default: "prefix/suffix match pattern must be a string"
            }
        }
    }

    /// Reads the value of `anything-but` (the reader is on its member name).
    private mutating func parseAnythingBut() throws(Failure) -> EventPatternValue {
        var form = AnythingBut.values
        var token = tokens.next()
        if token == .startObject {
            guard tokens.next() == .fieldName else { throw fail("Anything-But expression name not found") }
            switch tokens.name {
            case "equals-ignore-case": form = .ignoringCase
            case "prefix": form = .prefix
            case "suffix": form = .suffix
            case "wildcard": form = .wildcard
            default: throw fail("Unsupported anything-but pattern: \(tokens.name)")
            }
            token = tokens.next()
        }
        guard token == .startArray || token == .string || token == .number else {
            throw fail("Value of anything-but must be an array or single string/number value.")
        }
        let value: EventPatternValue
        if form == .values {
            value = token == .startArray ? try parseAnythingButList() : anythingButSingle()
        } else {
            var texts: [String] = []
            if token == .startArray {
                while tokens.next() != .endArray {
                    texts.append(try anythingButText(form))
                }
                if form == .wildcard { _ = try texts.map { (text) throws(Failure) in try wildcard(text) } }
            } else {
                texts.append(try anythingButText(form))
                if form == .wildcard { _ = try wildcard(texts[0]) }
            }
            value = try anythingButSet(form, texts)
        }
        guard tokens.next() == .endObject else { throw fail("Too many elements in numeric expression") }
        if form != .values, tokens.next() != .endObject { throw fail("Too many elements in numeric expression") }
        return value
    }

    /// `{"anything-but": "text"}` or `{"anything-but": 12}`.
    private mutating func anythingButSingle() -> EventPatternValue {
        if tokens.token == .string { return .anythingButStrings(SortedByteStrings([Array(tokens.text().utf8)])) }
        return .anythingButNumbers([number()])
    }

    /// `{"anything-but": [...]}`: all strings or all numbers.
    private mutating func parseAnythingButList() throws(Failure) -> EventPatternValue {
        var strings: Set<[UInt8]> = []
        var numbers: Set<Double> = []
        var hasString = false
        var hasNumber = false
        while tokens.next() != .endArray {
            switch tokens.token {
            case .string:
                strings.insert(Array(tokens.text().utf8))
                hasString = true
            case .number:
                numbers.insert(number())
                hasNumber = true
            default:
                throw fail("Inside anything but list, start|null|boolean is not supported.")
            }
        }
        guard hasString != hasNumber else {
            throw fail("Inside anything but list, either all values are number or string, mixed type is not supported")
        }
        return hasString ? .anythingButStrings(SortedByteStrings(strings)) : .anythingButNumbers(numbers)
    }

    /// One text of a prefix, suffix, equals-ignore-case or wildcard anything-but (the current token).
    private mutating func anythingButText(_ form: AnythingBut) throws(Failure) -> String {
        guard tokens.token == .string else { throw fail(form.notAStringMessage) }
        let text = tokens.text()
        if (form == .prefix || form == .suffix) && text.isEmpty { throw fail("Null prefix/suffix not allowed") }
        return text
    }

    private func anythingButSet(_ form: AnythingBut, _ texts: [String]) throws(Failure) -> EventPatternValue {
        switch form {
        case .ignoringCase: return .anythingButIgnoringCase(SortedByteStrings(texts.map(CaseFolding.fold)))
        case .prefix: return .anythingButPrefix(texts.map { Array($0.utf8) })
        case .suffix: return .anythingButSuffix(texts.map { Array($0.utf8) })
        case .wildcard: return .anythingButWildcard(try texts.map { (text) throws(Failure) in try wildcard(text) })
        case .values: return .anythingButStrings(SortedByteStrings(texts.map { Array($0.utf8) }))
        }
    }
}
