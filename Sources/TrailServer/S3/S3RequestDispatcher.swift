import Foundation
import HTTPTypes
import Hummingbird

/// The server's responder: a request signed for S3 (its SigV4 credential scope names service `s3`, in
/// the `Authorization` header or a presigned URL's `X-Amz-Credential`) goes to the ``S3ReadAPI``
/// whatever its path, so a bucket may be called `metrics` or `v1`; every other request goes to the
/// router, unchanged. An AWS JSON call (it names its operation in `X-Amz-Target`, which S3's REST
/// protocol never sends) stays with the router even when wrongly scoped to `s3`, so that the CloudTrail
/// endpoint refuses it as AWS does (`InvalidSignatureException`).
struct S3RequestDispatcher<Next: HTTPResponder>: HTTPResponder where Next.Context: RequestContext {
    typealias Context = Next.Context

    /// The S3 read API.
    let s3: S3ReadAPI
    /// Everything else: the router's responder.
    let next: Next

    /// Creates the dispatcher.
    ///
    /// - Parameters:
    ///   - s3: Answers S3 requests.
    ///   - next: Answers all other requests.
    init(s3: S3ReadAPI, next: Next) {
        self.s3 = s3
        self.next = next
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        guard Self.isSignedForS3(request) else { return try await next.respond(to: request, context: context) }
        return await s3.respond(to: request, context: context)
    }

    /// Whether the request's SigV4 credential scope (`AKID/date/region/service/aws4_request`) names `s3`.
    /// Nothing is verified here; ``S3ReadAPI`` authenticates.
    static func isSignedForS3(_ request: Request) -> Bool {
        guard request.headers[AWSJSONController.targetHeader] == nil else { return false }
        if let authorization = request.headers[.authorization] {
            return credentialNamesS3(authorization)
        }
        guard let target = request.head.path, let mark = target.firstIndex(of: "?") else { return false }
        for item in target[target.index(after: mark)...].split(separator: "&") {
            let prefix = "X-Amz-Credential="
            guard item.hasPrefix(prefix) else { continue }
            let value = item.dropFirst(prefix.count)
            guard let decoded = S3URLEncoding.decodedString(value, plusIsSpace: true) else { return false }
            return scopeNamesS3(decoded[...])
        }
        return false
    }

    /// Whether the `Credential=` of an `Authorization` header (up to the next `,` or space) names `s3`.
    /// On every request, so on bytes, with no generic search.
    static func credentialNamesS3(_ authorization: String) -> Bool {
        let marker = Array("Credential=".utf8)
        let bytes = Array(authorization.utf8)
        guard bytes.count >= marker.count else { return false }
        for start in 0...(bytes.count - marker.count) where bytes[start] == marker[0] {
            guard bytes[start..<(start + marker.count)].elementsEqual(marker) else { continue }
            var end = start + marker.count
            while end < bytes.count, bytes[end] != UInt8(ascii: ","), bytes[end] != UInt8(ascii: " ") { end += 1 }
            return scopeNamesS3(Substring(decoding: bytes[(start + marker.count)..<end], as: UTF8.self))
        }
        return false
    }

    private static func scopeNamesS3(_ credential: Substring) -> Bool {
        let parts = credential.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        return parts.count >= 4 && parts[3].elementsEqual("s3".utf8)
    }
}
