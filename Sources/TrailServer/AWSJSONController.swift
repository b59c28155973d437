import AWSSigV4
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import TrailModel

/// The AWS JSON 1.1 endpoint at `POST /`: authenticates, dispatches on `X-Amz-Target`, records the call,
/// and answers in AWS's shapes.
struct AWSJSONController: Sendable {
    static let cloudTrailTargetPrefix = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101."
    static let requestIDHeader = HTTPField.Name("x-amzn-RequestId")!
    static let targetHeader = HTTPField.Name("X-Amz-Target")!

    let operations: [String: Operation]
    let authenticator: Authenticator
    let recorder: AuditRecorder
    let limiter: AuthFailureLimiter
    let maxBodySize: Int
    let now: @Sendable () -> Date
    /// Counts and times every answer (see `AWSJSONController+Metrics.swift`).
    var metrics: ServerMetrics? = nil

    /// Answers one call; ``handle(_:context:)`` wraps it with metrics.
    func respond(_ request: Request, context: AppRequestContext) async throws -> Response {
        let requestID = UUID().uuidString.lowercased()
        let time = now()
        let target = request.headers[Self.targetHeader]
        let operationName = target.flatMap {
            $0.hasPrefix(Self.cloudTrailTargetPrefix) ? String($0.dropFirst(Self.cloudTrailTargetPrefix.count)) : nil
        }
        let operation = operationName.flatMap { operations[$0] }
        let userAgent = request.headers[.userAgent]
        let sourceIP = context.sourceIPAddress

        let body: [UInt8]
        do {
            let buffer = try await request.body.collect(upTo: maxBodySize)
            body = Array(buffer.readableBytesView)
        } catch {
            return Self.errorResponse(
                CloudTrailError(.serialization, "The request body is larger than \(maxBodySize) bytes."),
                requestID: requestID
            )
        }

        // 1. Authenticate. Nothing is anonymous.
        let caller: Authenticator.Caller
        do {
            caller = try await authenticator.authenticate(
                request: request,
                body: body,
                now: time,
                services: ["cloudtrail"]
            )
        } catch let failure as Authenticator.Failure {
            await AuthFailureRecorder(limiter: limiter, recorder: recorder).record(
                failure,
                operation: operationName ?? "Unknown",
                isReadOnly: operation?.isReadOnly ?? false,
                sourceIP: sourceIP,
                userAgent: userAgent,
                requestID: requestID,
                time: time,
                logger: context.logger
            )
            return Self.errorResponse(failure.error, requestID: requestID)
        }

        // 2. Dispatch.
        guard let operation, let operationName else {
            let error = CloudTrailError(
                .unknownOperation,
                target == nil ? "Missing X-Amz-Target header." : "Unknown operation \(target!.prefix(200))."
            )
            return Self.errorResponse(error, requestID: requestID)
        }
        let operationContext = OperationContext(
            principal: caller.principal,
            region: caller.region,
            requestID: requestID,
            now: time
        )
        var result: OperationResult?
        var failure: CloudTrailError?
        do {
            result = try await operation.run(body, operationContext)
        } catch let error as CloudTrailError {
            failure = error
        } catch {
            context.logger.error(
                "Operation failed",
                metadata: ["trail.operation": "\(operationName)", "trail.error": "\(error)"]
            )
            failure = CloudTrailError(.internalFailure, "The server encountered an internal error.")
        }

        // 3. Record the call before answering it.
        let parameters = (try? JSONValue(parsing: body)).map(AuditRecorder.cloudTrailCase) ?? .null
        var responseElements = JSONValue.null
        if !operation.isReadOnly, let result, let value = try? JSONValue(parsing: result.body), value != .object([]) {
            responseElements = AuditRecorder.cloudTrailCase(value)
        }
        do {
            try await recorder.record(
                .init(
                    operation: operationName,
                    isReadOnly: operation.isReadOnly,
                    region: caller.region,
                    userIdentity: caller.principal.userIdentity,
                    sourceIPAddress: sourceIP,
                    userAgent: userAgent,
                    requestID: requestID,
                    eventID: UUID().uuidString.lowercased(),
                    time: time,
                    requestParameters: parameters.isNull || parameters == .object([]) ? .null : parameters,
                    responseElements: responseElements,
                    error: failure,
                    resources: result?.resources ?? [],
                    additionalEventData: nil
                )
            )
        } catch {
            // The call cannot be put on the record: refuse to answer it as done.
            context.logger.error(
                "Cannot record call",
                metadata: ["trail.operation": "\(operationName)", "trail.error": "\(error)"]
            )
            return Self.errorResponse(
                CloudTrailError(.internalFailure, "The call could not be recorded."),
                requestID: requestID
            )
        }

        if let failure { return Self.errorResponse(failure, requestID: requestID) }
        return Self.jsonResponse(result?.body ?? Array("{}".utf8), requestID: requestID)
    }

    static func jsonResponse(_ body: [UInt8], requestID: String, contentType: String = AWSJSON.contentType) -> Response
    {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[requestIDHeader] = requestID
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func errorResponse(_ error: CloudTrailError, requestID: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = AWSJSON.contentType
        headers[requestIDHeader] = requestID
        headers[HTTPField.Name("x-amzn-ErrorType")!] = error.code.name
        let body = JSONValue.object([("__type", .string(error.code.name)), ("message", .string(error.reason))])
        return Response(
            status: HTTPResponse.Status(code: error.code.httpStatus),
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: body.serialized))
        )
    }
}
