import AWSSigV4
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TrailServer

/// A SigV4-signed S3 request, built the way botocore builds one: path-style, query parameters
/// percent-encoded, `x-amz-content-sha256` signed (or presigned in the query).
struct S3Call {
    var method: HTTPRequest.Method = .get
    /// The path as sent: already percent-encoded (use ``S3Call/encodePath(_:)`` for keys).
    var path: String
    /// Query parameters, not encoded; a `nil` value is a bare sub-resource (`?location`).
    var query: [(String, String?)] = []
    var key: AccessKey = rootKey
    var date: Date
    var region = "us-east-1"
    var service = "s3"
    var host = "localhost"
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []
    /// Sign in the query (a presigned URL) instead of the `Authorization` header.
    var isPresigned = false
    /// `x-amz-content-sha256` to sign instead of the body's hash (`UNSIGNED-PAYLOAD`).
    var payloadHash: String?

    init(
        _ method: HTTPRequest.Method = .get,
        _ path: String,
        query: [(String, String?)] = [],
        key: AccessKey = rootKey,
        date: Date
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.key = key
        self.date = date
    }

    /// The query string as botocore encodes it.
    var encodedQuery: String {
        query.map { name, value in
            value.map { "\(Self.encode(name))=\(Self.encode($0))" } ?? Self.encode(name)
        }.joined(separator: "&")
    }

    /// The signed request: its URI and headers.
    var signed: (uri: String, headers: HTTPFields) {
        let signer = SigV4Signer(
            credentials: SigV4Credentials(accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey),
            region: region,
            service: service
        )
        let request = SigV4Request(
            method: method.rawValue,
            path: path,
            query: encodedQuery,
            headers: [(name: "Host", value: host)] + headers
        )
        let result: SigV4Request
        if isPresigned {
            result = signer.presign(request, date: date, expires: 900).request
        } else {
            result =
                signer.sign(
                    request,
                    payloadHash: payloadHash ?? SigV4.payloadHash(body),
                    date: date,
                    options: .init(addsContentSHA256Header: true)
                ).request
        }
        var fields = HTTPFields()
        for header in result.headers {
            fields.append(HTTPField(name: HTTPField.Name(header.name)!, value: header.value))
        }
        return (result.query.isEmpty ? result.path : "\(result.path)?\(result.query)", fields)
    }

    /// Percent-encodes everything but unreserved characters (botocore's `quote(safe='-_.~')`).
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// Percent-encodes a key for a path, keeping `/` (botocore's `quote(key, safe='/~')`).
    static func encodePath(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved.union(CharacterSet(charactersIn: "/"))) ?? text
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"
    )
}

/// An S3 answer: status, headers, body, and the text of its XML elements.
struct S3Answer {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The `<Code>` of an error document.
    var errorCode: String? { value("Code") }

    /// The unescaped text of every element `name` without child elements, in document order.
    func values(_ name: String) -> [String] {
        var found: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "<\(name)>") {
            guard let close = rest[open.upperBound...].range(of: "</\(name)>") else { break }
            found.append(Self.unescaped(String(rest[open.upperBound..<close.lowerBound])))
            rest = rest[close.upperBound...]
        }
        return found
    }

    /// The first element `name`.
    func value(_ name: String) -> String? { values(name).first }

    /// The value of a header.
    func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }

    private static func unescaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

extension TestClientProtocol {
    /// Sends a signed S3 request.
    func s3(_ call: S3Call) async throws -> S3Answer {
        let signed = call.signed
        return try await execute(
            uri: signed.uri,
            method: call.method,
            headers: signed.headers,
            body: call.body.isEmpty ? nil : ByteBuffer(bytes: call.body)
        ) { response in
            S3Answer(status: response.status, headers: response.headers, body: Array(response.body.readableBytesView))
        }
    }
}
