/// The parts of an HTTP request that SigV4 signs, in their on-the-wire form.
///
/// `path` and `query` are taken exactly as they appear in the request line (percent-encoded as the
/// client sent them); the module re-encodes them as SigV4 prescribes. Header names are matched
/// case-insensitively and may repeat. The `Host` header must be part of `headers`: HTTP/2's
/// `:authority` or a server's separate authority field has to be passed as `Host`.
public struct SigV4Request: Sendable {
    /// The HTTP method, for example `POST`.
    public var method: String
    /// The raw path, for example `/` or `/bucket/my%20key`.
    public var path: String
    /// The raw query string without the leading `?`; empty when there is none.
    public var query: String
    /// The header fields in the order received; names may repeat.
    public var headers: [(name: String, value: String)]

    /// Creates a request from its method, raw path, raw query and headers.
    ///
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - path: The raw path as on the wire; an empty path is treated as `/`.
    ///   - query: The raw query string without `?`.
    ///   - headers: The header fields, possibly with repeated names.
    public init(method: String, path: String, query: String = "", headers: [(name: String, value: String)]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
    }

    /// Creates a request from a request target such as `/path?a=1`, split at the first `?`.
    ///
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - target: The request target from the request line.
    ///   - headers: The header fields, possibly with repeated names.
    public init(method: String, target: String, headers: [(name: String, value: String)]) {
        if let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            self.init(
                method: method,
                path: String(target[..<mark]),
                query: String(target[target.index(after: mark)...]),
                headers: headers
            )
        } else {
            self.init(method: method, path: target, headers: headers)
        }
    }

    /// The request target: the path, followed by `?` and the query when there is one.
    public var target: String {
        query.isEmpty ? path : "\(path)?\(query)"
    }

    /// All values of the header `name` (lowercase; matched case-insensitively), in order.
    func values(forHeader name: String) -> [String] {
        headers.compactMap { Canonical.headerName($0.name, matches: name) ? $0.value : nil }
    }

    /// The first value of the header `name` (lowercase; matched case-insensitively).
    func firstValue(forHeader name: String) -> String? {
        headers.first { Canonical.headerName($0.name, matches: name) }?.value
    }
}
