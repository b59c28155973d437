/// One HTTP request as ``S3ObjectStore`` sends it through an ``S3Transport``: already signed.
package struct S3HTTPRequest: Sendable {
    /// The HTTP method, for example `PUT`.
    package var method: String
    /// The absolute URL, its path and query percent-encoded exactly as signed.
    package var url: String
    /// The header fields, `Host` and `Authorization` included.
    package var headers: [(name: String, value: String)]
    /// The body; empty for none.
    package var body: [UInt8]

    /// Creates a request.
    package init(method: String, url: String, headers: [(name: String, value: String)], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name` (case-insensitive).
    package func header(_ name: String) -> String? {
        let name = name.lowercased()
        return headers.first { $0.name.lowercased() == name }?.value
    }
}
