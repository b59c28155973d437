import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import TrailDelivery
import TrailModel
import TrailStore

/// The ingest endpoints: `cloudtrail-data` PutAuditEvents (REST JSON, as AWS serves it) and OpenTrail's
/// native batch endpoint for complete CloudTrail records. Both answer only after the accepted events
/// are committed.
struct IngestController: Sendable {
    /// Accepted SigV4 services of the native batch endpoint.
    static let batchServices: Set<String> = ["cloudtrail-data", "opentrail"]

    let service: CloudTrailService
    let log: any EventLog
    let authenticator: Authenticator
    let authFailures: AuthFailureRecorder
    let maxBatchBodySize: Int
    let now: @Sendable () -> Date
    var metrics: ServerMetrics? = nil
    /// Delivers trails' log files; `POST /v1/delivery/flush` runs it now.
    var delivery: DeliveryEngine? = nil
    /// Notification topics; `/v1/topics` manages those not defined in the config file.
    var topics: TopicDirectory? = nil
    /// `arn:aws:sns:<default region>:<account>:` (topic ARNs as the API shows them).
    var topicARNPrefix = ""
    /// The `/v1` monitoring API.
    var monitoringAPI: MonitoringAPI? = nil
    /// Puts monitoring calls on the record.
    var recorder: AuditRecorder? = nil

    /// Answers with `respond`, then counts the call by operation and outcome.
    func measured(
        _ operation: String,
        _ request: Request,
        _ context: AppRequestContext,
        _ respond: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let metrics else { return try await respond(request, context) }
        return try await metrics.measured(operation: operation) { try await respond(request, context) }
    }

    /// Authenticates a request for `services`; a refusal is recorded (rate-limited) and returned.
    func authenticate(
        _ request: Request,
        body: [UInt8],
        services: Set<String>,
        operation: String,
        time: Date,
        requestID: String,
        context: AppRequestContext
    ) async -> Result<Authenticator.Caller, Authenticator.Failure> {
        do {
            return .success(
                try await authenticator.authenticate(request: request, body: body, now: time, services: services)
            )
        } catch let failure as Authenticator.Failure {
            await authFailures.record(
                failure,
                operation: operation,
                isReadOnly: false,
                sourceIP: context.sourceIPAddress,
                userAgent: request.headers[.userAgent],
                requestID: requestID,
                time: time,
                logger: context.logger
            )
            return .failure(failure)
        } catch {
            return .failure(
                Authenticator.Failure(
                    error: CloudTrailError(.internalFailure, "The request could not be authenticated."),
                    accessKeyId: nil,
                    region: nil
                )
            )
        }
    }

    /// Counts events that entered the log (duplicates are not new events).
    func countIngested(_ outcomes: [AppendOutcome], source: ServerMetrics.IngestSource) {
        let appended = outcomes.count { if case .appended = $0 { true } else { false } }
        if appended > 0 { metrics?.recordIngested(count: appended, source: source) }
    }

    // MARK: - PutAuditEvents

    struct PutAuditEventsBody: Decodable {
        var auditEvents: [AuditEventInput]?
    }

    func putAuditEvents(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await measured("PutAuditEvents", request, context, respondToPutAuditEvents)
    }

    func respondToPutAuditEvents(_ request: Request, context: AppRequestContext) async throws -> Response {
        let requestID = UUID().uuidString.lowercased()
        let time = now()
        // 1 MB is the limit; read a little more so that an oversized body gets AWS's validation error.
        guard let body = try? await request.body.collect(upTo: AuditEventIngest.maximumRequestSize + 64 * 1024) else {
            return AWSJSONController.errorResponse(
                CloudTrailError(
                    .validation,
                    "The request body is larger than \(AuditEventIngest.maximumRequestSize) bytes."
                ),
                requestID: requestID
            )
        }
        let bytes = Array(body.readableBytesView)
        let caller: Authenticator.Caller
        switch await authenticate(
            request,
            body: bytes,
            services: ["cloudtrail-data"],
            operation: "PutAuditEvents",
            time: time,
            requestID: requestID,
            context: context
        )
        {
        case .success(let authenticated): caller = authenticated
        case .failure(let failure): return AWSJSONController.errorResponse(failure.error, requestID: requestID)
        }
        do {
            let result = try await ingestAuditEvents(request: request, body: bytes, caller: caller, time: time)
            return AWSJSONController.jsonResponse(
                try AWSJSON.encode(result),
                requestID: requestID,
                contentType: "application/json"
            )
        } catch let error as CloudTrailError {
            return AWSJSONController.errorResponse(error, requestID: requestID)
        }
    }

    func ingestAuditEvents(
        request: Request,
        body: [UInt8],
        caller: Authenticator.Caller,
        time: Date
    ) async throws
        -> PutAuditEventsResult
    {
        let query = request.uri.queryParameters
        let account = caller.principal.accountId
        // The channel may be named by its ARN or by its id (the ARN's suffix).
        var channelArgument = query["channelArn"].map(String.init)
        if let argument = channelArgument, !argument.hasPrefix("arn:"), ChannelDocument.isValidID(argument) {
            channelArgument = ChannelARN(region: caller.region, accountID: account, channelID: argument).description
        }
        let input = try AWSJSON.decode(PutAuditEventsBody.self, from: body)
        let arn = try AuditEventIngest.validateRequest(
            auditEvents: input.auditEvents,
            bodySize: body.count,
            channelArn: channelArgument,
            externalId: query["externalId"].map(String.init)
        )
        guard arn.accountID == account else {
            throw CloudTrailError(
                .init("ChannelInsufficientPermission"),
                "The caller's account ID must be the same as the channel owner's account ID."
            )
        }
        let channel: ChannelDocument
        do {
            channel = try await service.readChannel(arn.description, region: caller.region)
        } catch let error as CloudTrailError where error.code.name == "ChannelNotFoundException" {
            // The data plane names it without the suffix.
            throw CloudTrailError(.init("ChannelNotFound"), "Channel \(arn) not found.")
        }
        let ingestionTime = EventTime.milliseconds(time)
        var successful: [AuditEventSuccess] = []
        var failed: [AuditEventFailure] = []
        var accepted: [(id: String, record: EventRecord)] = []
        for event in input.auditEvents ?? [] {
            let result = AuditEventIngest.record(
                for: event,
                channelARN: channel.arn,
                region: channel.region,
                accountId: account,
                ingestionTime: ingestionTime,
                newEventID: { Self.eventID(channel: channel.arn, id: event.id) }
            )
            switch result {
            case .success(let record): accepted.append((event.id, record))
            case .failure(let failure): failed.append(failure)
            }
        }
        if !accepted.isEmpty {
            // A retried id maps to the same eventID, so the log stores it once and answers with it again.
            countIngested(try await log.append(accepted.map(\.record)), source: .putAuditEvents)
            successful = accepted.map { AuditEventSuccess(id: $0.id, eventID: $0.record.fields.eventID) }
        }
        try await service.ingestionStatus.recordAttempt(
            channelID: channel.id,
            time: time,
            lastEventID: successful.last?.eventID ?? accepted.last?.record.fields.eventID,
            errorCode: successful.isEmpty ? failed.first?.errorCode : nil
        )
        return PutAuditEventsResult(successful: successful, failed: failed)
    }

    /// The eventID of an audit event: derived from its channel and `id`, so that a client retrying a
    /// request (after a timeout or a crash) gets the same eventID and the event is stored once.
    static func eventID(channel: String, id: String) -> String {
        let digest = Array(SHA256.hash(data: Data("\(channel)\n\(id)".utf8)).prefix(16))
        var bytes = digest
        bytes[6] = (bytes[6] & 0x0F) | 0x80  // version 8: a name-based UUID of our own
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 9562 variant
        return HexText.uuid(bytes)
    }

    // MARK: - Native batch

    /// What happened to one record of a batch.
    struct BatchResult: Encodable {
        var index: Int
        var eventID: String?
        var status: String
        var sequence: Int64?
        var error: String?
    }

    struct BatchResponse: Encodable {
        var stored: Int
        var duplicates: Int
        var rejected: Int
        var results: [BatchResult]
    }

    func ingestBatch(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await measured("IngestBatch", request, context, respondToBatch)
    }

    func respondToBatch(_ request: Request, context: AppRequestContext) async throws -> Response {
        let requestID = UUID().uuidString.lowercased()
        let time = now()
        guard let body = try? await request.body.collect(upTo: maxBatchBodySize) else {
            return Self.nativeError(
                "RequestTooLarge",
                "The batch is larger than \(maxBatchBodySize) bytes; send it in parts.",
                status: .contentTooLarge,
                requestID: requestID
            )
        }
        let bytes = Array(body.readableBytesView)
        if case .failure(let failure) = await authenticate(
            request,
            body: bytes,
            services: Self.batchServices,
            operation: "IngestBatch",
            time: time,
            requestID: requestID,
            context: context
        ) {
            return Self.refusal(failure, requestID: requestID)
        }
        let ranges: [Range<Int>]
        do {
            ranges = try RecordBatch.recordRanges(in: bytes)
        } catch {
            return Self.nativeError("MalformedBatch", "\(error)", status: .badRequest, requestID: requestID)
        }
        let receivedAt = EventTime.milliseconds(time)
        var results: [BatchResult] = []
        var accepted: [(index: Int, record: EventRecord)] = []
        for (index, range) in ranges.enumerated() {
            do {
                let record = try EventRecord(parsing: Array(bytes[range]), receivedAt: receivedAt) {
                    UUID().uuidString.lowercased()
                }
                accepted.append((index, record))
            } catch {
                results.append(
                    BatchResult(index: index, eventID: nil, status: "rejected", sequence: nil, error: error.description)
                )
            }
        }
        if !accepted.isEmpty {
            let outcomes = try await log.append(accepted.map(\.record))
            countIngested(outcomes, source: .batch)
            for (item, outcome) in zip(accepted, outcomes) {
                let duplicate: Bool
                if case .duplicate = outcome { duplicate = true } else { duplicate = false }
                results.append(
                    BatchResult(
                        index: item.index,
                        eventID: item.record.fields.eventID,
                        status: duplicate ? "duplicate" : "stored",
                        sequence: outcome.sequence,
                        error: nil
                    )
                )
            }
        }
        results.sort { $0.index < $1.index }
        let response = BatchResponse(
            stored: results.count { $0.status == "stored" },
            duplicates: results.count { $0.status == "duplicate" },
            rejected: results.count { $0.status == "rejected" },
            results: results
        )
        return AWSJSONController.jsonResponse(
            try AWSJSON.encode(response),
            requestID: requestID,
            contentType: "application/json"
        )
    }

    /// An error of OpenTrail's own endpoints: `{"code","message"}`.
    /// The answer to a request that failed authentication.
    static func refusal(_ failure: Authenticator.Failure, requestID: String) -> Response {
        nativeError(
            failure.error.code.name,
            failure.error.reason,
            status: .init(code: failure.error.code.httpStatus),
            requestID: requestID
        )
    }

    static func nativeError(
        _ code: String,
        _ message: String,
        status: HTTPResponse.Status,
        requestID: String
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[AWSJSONController.requestIDHeader] = requestID
        headers[AWSJSONController.errorTypeHeader] = code
        let body = JSONValue.object([("code", .string(code)), ("message", .string(message))])
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body.serialized)))
    }
}
