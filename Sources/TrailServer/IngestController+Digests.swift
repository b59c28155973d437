import Foundation
import Hummingbird
import TrailDelivery
import TrailModel
import TrailStore

/// `POST /v1/digests/list` (SigV4 service `opentrail`): the digests OpenTrail delivered for a trail in a
/// region, so that `opentrail validate-logs` can tell a deleted digest from one never written — including the
/// newest ones, which the AWS CLI cannot miss because it starts from the newest digest it finds.
///
/// Body `{"trailArn": ..., "region"?: ..., "startTime"?: "...Z", "endTime"?: "...Z"}` (region: the request's
/// signing region by default); answer `{"trailArn", "region", "digests": [{"bucket", "key",
/// "digestStartTime", "digestEndTime"}], "head": {...} | null}`, digests oldest first with their end time in
/// the range, `head` the newest digest of the trail in the region.
extension IngestController {
    struct DigestListInput: Decodable {
        var trailArn: String
        var region: String?
        var startTime: String?
        var endTime: String?
    }

    func listDigests(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await adminRequest(request, context: context, operation: "ListDigests") { caller, body, requestID in
            guard let input = try? JSONDecoder().decode(DigestListInput.self, from: Data(body)) else {
                return Self.nativeError(
                    "InvalidParameter",
                    #"The body must be {"trailArn": ..., "region"?: ..., "startTime"?: ..., "endTime"?: ...}."#,
                    status: .badRequest,
                    requestID: requestID
                )
            }
            let region = input.region ?? caller.region
            guard (try? TrailARN(parsing: input.trailArn)) != nil, Region.isValid(region) else {
                return Self.nativeError(
                    "InvalidParameter",
                    "trailArn must be a trail ARN and region a region name.",
                    status: .badRequest,
                    requestID: requestID
                )
            }
            var range: (start: Int64, end: Int64) = (.min, .max)
            for (text, isStart) in [(input.startTime, true), (input.endTime, false)] {
                guard let text else { continue }
                guard let milliseconds = EventTime.parseMilliseconds(text) else {
                    return Self.nativeError(
                        "InvalidParameter",
                        "startTime and endTime must be ISO 8601 times like 2026-11-21T10:00:00Z.",
                        status: .badRequest,
                        requestID: requestID
                    )
                }
                if isStart { range.start = milliseconds } else { range.end = milliseconds }
            }
            let arn = input.trailArn
            let bounds = range
            let (digests, head) = try await service.control.read { tx in
                try DigestChain.index(arn: arn, region: region, start: bounds.start, end: bounds.end, in: tx)
            }
            func describe(_ entry: DigestChain.IndexEntry) -> JSONValue {
                .object([
                    ("bucket", .string(entry.bucket)),
                    ("key", .string(entry.key)),
                    ("digestStartTime", .string(EventTime.format(milliseconds: entry.startTime))),
                    ("digestEndTime", .string(EventTime.format(milliseconds: entry.endTime))),
                ])
            }
            return Self.json(
                .object([
                    ("trailArn", .string(arn)),
                    ("region", .string(region)),
                    ("digests", .array(digests.map(describe))),
                    ("head", head.map(describe) ?? .null),
                ])
            )
        }
    }
}
