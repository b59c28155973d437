import AWSSigV4
import Hummingbird
import TrailModel

extension S3ReadAPI {
    /// The SigV4 service name every request must be signed for.
    static let service = "s3"

    /// Reads the (small) body of a read request.
    ///
    /// - Throws: ``S3APIError`` `MaxMessageLengthExceeded` for a body larger than ``maxBodySize``.
    func readBody(_ request: Request) async throws -> [UInt8] {
        do {
            return Array(try await request.body.collect(upTo: Self.maxBodySize).readableBytesView)
        } catch {
            throw S3APIError(
                .maxMessageLengthExceeded,
                "Your request was too big: a read request may carry at most \(Self.maxBodySize) bytes."
            )
        }
    }

    /// Verifies a request's signature for service `s3`.
    ///
    /// - Parameters:
    ///   - request: The request.
    ///   - body: Its body, as received.
    /// - Throws: ``S3APIError`` as S3 answers a refused request: `AccessDenied` (no or expired
    ///   credentials), `InvalidAccessKeyId`, `SignatureDoesNotMatch`, `RequestTimeTooSkewed`,
    ///   `AuthorizationHeaderMalformed` / `AuthorizationQueryParametersError` or `XAmzContentSHA256Mismatch`.
    func authenticate(_ request: Request, body: [UInt8]) async throws -> Authenticator.Caller {
        do {
            return try await authenticator.authenticate(
                request: request,
                body: body,
                now: now(),
                services: [Self.service]
            )
        } catch let failure as Authenticator.Failure {
            throw Self.authenticationError(failure, usesQuery: request.headers[.authorization] == nil)
        }
    }

    /// Whether a request announces a body (`Content-Length` above zero, or `Transfer-Encoding`).
    static func declaresBody(_ request: Request) -> Bool {
        request.headers[.transferEncoding] != nil || (request.headers[.contentLength].flatMap { Int($0) } ?? 0) > 0
    }

    /// The S3 error of a refused signature. Messages never carry a secret: the verifier's reasons name
    /// times, scopes and the `Authorization` header at most, and a signature is not a secret.
    ///
    /// - Parameters:
    ///   - failure: The authenticator's refusal.
    ///   - usesQuery: Whether the request was presigned (query parameters) rather than signed in a header.
    static func authenticationError(_ failure: Authenticator.Failure, usesQuery: Bool) -> S3APIError {
        let malformed: S3APIError.Code = usesQuery ? .authorizationQueryParametersError : .authorizationHeaderMalformed
        guard let verification = failure.verification else {
            // The key verified but no longer names a principal.
            return invalidAccessKeyId(failure.accessKeyId)
        }
        switch verification.code {
        case .missingAuthenticationToken:
            return S3APIError(.accessDenied, "Access Denied")
        case .incompleteSignature:
            return S3APIError(malformed, verification.reason)
        case .unrecognizedClient:
            return invalidAccessKeyId(failure.accessKeyId)
        case .contentSHA256Mismatch:
            return S3APIError(.contentSHA256Mismatch, verification.reason)
        default:
            break
        }
        // The verifier's remaining refusals share one code; their reasons tell them apart.
        let reason = verification.reason
        if reason == SigV4Error.signatureMismatchMessage {
            return S3APIError(
                .signatureDoesNotMatch,
                "The request signature we calculated does not match the signature you provided. "
                    + "Check your key and signing method."
            )
        }
        if reason.hasPrefix("Signature expired") || reason.hasPrefix("Signature not yet current") {
            return S3APIError(
                .requestTimeTooSkewed,
                "The difference between the request time and the current time is too large. (\(reason))"
            )
        }
        if reason.hasPrefix("Request has expired") {
            return S3APIError(.accessDenied, "Request has expired")
        }
        // A wrong credential scope: region, date or terminator.
        return S3APIError(malformed, reason)
    }

    private static func invalidAccessKeyId(_ accessKeyId: String?) -> S3APIError {
        S3APIError(
            .invalidAccessKeyId,
            "The AWS Access Key Id you provided does not exist in our records.",
            details: accessKeyId.map { [("AWSAccessKeyId", $0)] } ?? []
        )
    }
}
