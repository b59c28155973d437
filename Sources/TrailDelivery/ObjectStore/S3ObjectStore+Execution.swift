import AWSSigV4
import Foundation
import Logging

extension S3ObjectStore {
    /// A request before signing.
    struct Call: Sendable {
        /// The S3 operation name, for messages and logs, for example `PutObject`.
        var operation: String
        var method: String
        var bucket: String
        var key: String?
        var query: String = ""
        var headers: [(name: String, value: String)] = []
        var body: [UInt8] = []

        /// `bucket` or `bucket/key`, for messages.
        var resource: String { key.map { "\(bucket)/\($0)" } ?? bucket }
    }

    /// A response and what must be kept out of any message made from it.
    struct Answer: Sendable {
        var response: S3HTTPResponse
        /// The secret access key, session token and request signature.
        var secrets: [String]

        /// The ``ObjectStoreError`` for a response that is not a success.
        func error(for call: Call) -> ObjectStoreError {
            S3ErrorResponse(response).error(operation: call.operation, resource: call.resource, redacting: secrets)
        }
    }

    /// Why an attempt did not give a final answer.
    private enum Failure {
        case transport(any Error)
        case response(Answer)
    }

    /// Signs and sends `call`, retrying connection failures, 5xx answers and throttling as
    /// ``Configuration/retryPolicy`` allows; each attempt is signed anew.
    ///
    /// - Returns: The first answer that is a success or not worth retrying.
    /// - Throws: ``ObjectStoreError`` with ``ObjectStoreError/Code/unavailable`` or
    ///   ``ObjectStoreError/Code/throttled`` when the attempts run out; `CancellationError`.
    func execute(_ call: Call) async throws -> Answer {
        let policy = configuration.retryPolicy
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            attempt += 1
            let failure: Failure
            do {
                let answer = try await attemptOnce(call)
                if answer.response.isSuccess || !S3ErrorResponse(answer.response).isRetryable {
                    return answer
                }
                failure = .response(answer)
            } catch let error as ObjectStoreError {
                throw error
            } catch let error as CancellationError {
                throw error
            } catch {
                failure = .transport(error)
            }
            guard attempt < policy.maximumAttempts else {
                throw exhausted(call, failure: failure, attempts: attempt)
            }
            let delay = policy.delay(beforeRetry: attempt, using: &generator)
            logger.debug(
                "Retrying S3 request",
                metadata: [
                    "trail.s3.operation": "\(call.operation)",
                    "trail.s3.attempt": "\(attempt)",
                    "trail.s3.delay_ms": "\(Int((delay / .milliseconds(1)).rounded()))",
                    "trail.s3.failure": "\(describe(failure))",
                ]
            )
            try await sleep(delay)
        }
    }

    /// Signs `call` for now and sends it once.
    private func attemptOnce(_ call: Call) async throws -> Answer {
        let address = endpoint.address(bucket: call.bucket, key: call.key, style: configuration.addressingStyle)
        let unsigned = SigV4Request(
            method: call.method,
            path: address.path,
            query: call.query,
            headers: [(name: "Host", value: address.authority)] + call.headers
        )
        let signed = signer.sign(
            unsigned,
            payloadHash: SigV4.payloadHash(call.body),
            date: now(),
            options: SigV4Signer.Options(addsContentSHA256Header: true)
        )
        let request = S3HTTPRequest(
            method: call.method,
            url: endpoint.url(address, query: call.query),
            headers: signed.request.headers,
            body: call.body
        )
        let response = try await transport.send(request)
        let credentials = configuration.credentials
        return Answer(
            response: response,
            secrets: [credentials.secretAccessKey, credentials.sessionToken ?? "", signed.signature]
        )
    }

    /// The error once every attempt failed.
    private func exhausted(_ call: Call, failure: Failure, attempts: Int) -> ObjectStoreError {
        let tries = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
        switch failure {
        case .response(let answer):
            let error = answer.error(for: call)
            return ObjectStoreError(
                error.code == .throttled ? .throttled : .unavailable,
                "\(error.message) (after \(tries))",
                serviceErrorCode: error.serviceErrorCode,
                statusCode: error.statusCode
            )
        case .transport(let error):
            return ObjectStoreError(
                .unavailable,
                "\(call.operation) \(call.resource) failed: no response from \(configuration.endpoint) after \(tries) "
                    + "(\(String(describing: error)))"
            )
        }
    }

    private func describe(_ failure: Failure) -> String {
        switch failure {
        case .response(let answer):
            let error = S3ErrorResponse(answer.response)
            return "HTTP \(error.status)" + (error.code.map { " \($0)" } ?? "")
        case .transport(let error):
            return String(describing: error)
        }
    }
}
