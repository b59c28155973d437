/// One HTTP response as an ``S3Transport`` returns it, with the whole body read.
package struct S3HTTPResponse: Sendable {
    /// The status code, for example `200`.
    package var status: Int
    /// The header fields.
    package var headers: [(name: String, value: String)]
    /// The body; empty for none (always for `HEAD`).
    package var body: [UInt8]

    /// Creates a response.
    package init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name` (case-insensitive).
    package func header(_ name: String) -> String? {
        let name = name.lowercased()
        return headers.first { $0.name.lowercased() == name }?.value
    }

    /// Whether the status is 2xx.
    package var isSuccess: Bool { (200..<300).contains(status) }
}
