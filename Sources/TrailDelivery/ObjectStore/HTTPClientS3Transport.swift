import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1

/// An ``S3Transport`` over AsyncHTTPClient.
package struct HTTPClientS3Transport: S3Transport {
    /// The client that sends the requests.
    package let client: HTTPClient
    /// How long a request may take, response body included.
    package let timeout: TimeAmount
    /// The largest response body read; a larger one fails with ``ObjectStoreError/Code/other``.
    package let maximumResponseSize: Int
    /// The logger handed to the client.
    package let logger: Logger

    /// Creates a transport.
    ///
    /// - Parameters:
    ///   - client: The client that sends the requests; it should not follow redirects.
    ///   - timeout: How long a request may take.
    ///   - maximumResponseSize: The largest response body accepted.
    ///   - logger: The logger handed to the client.
    package init(client: HTTPClient, timeout: TimeAmount, maximumResponseSize: Int, logger: Logger) {
        self.client = client
        self.timeout = timeout
        self.maximumResponseSize = maximumResponseSize
        self.logger = logger
    }

    package func send(_ request: S3HTTPRequest) async throws -> S3HTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers {
            outgoing.headers.add(name: header.name, value: header.value)
        }
        if !request.body.isEmpty || request.method == "PUT" || request.method == "POST" {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let response = try await client.execute(outgoing, timeout: timeout, logger: logger)
        var body = ByteBuffer()
        if request.method != "HEAD" {
            do {
                body = try await response.body.collect(upTo: maximumResponseSize)
            } catch is NIOTooManyBytesError {
                throw ObjectStoreError(
                    .other,
                    "The response to \(request.method) is larger than \(maximumResponseSize) bytes",
                    statusCode: Int(response.status.code)
                )
            }
        }
        return S3HTTPResponse(
            status: Int(response.status.code),
            headers: response.headers.map { (name: $0.name, value: $0.value) },
            body: Array(body.readableBytesView)
        )
    }
}
