import Foundation
import TrailDelivery
import TrailModel

/// `ListPublicKeys`: the public halves of the keys that sign digest files in the caller's region.
extension CloudTrailService {
    struct ListPublicKeysRequest: Decodable, Sendable {
        var StartTime: Date?
        var EndTime: Date?
        var NextToken: String?
    }

    struct PublicKeyShape: Encodable, Sendable {
        /// Base64 of the DER PKCS#1 public key (the model's blob encoding).
        var Value: String
        var ValidityStartTime: Date
        var ValidityEndTime: Date
        var Fingerprint: String
    }

    struct ListPublicKeysResponse: Encodable, Sendable {
        var PublicKeyList: [PublicKeyShape]
    }

    var listPublicKeysOperation: Operation {
        .make("ListPublicKeys", readOnly: true, input: ListPublicKeysRequest.self, listPublicKeys)
    }

    func listPublicKeys(
        _ request: ListPublicKeysRequest,
        _ context: OperationContext
    ) async throws -> (ListPublicKeysResponse, [AuditResource]) {
        if let token = request.NextToken, !token.isEmpty {
            // The model reserves the token for future use; OpenTrail never hands one out.
            throw CloudTrailError(.invalidToken, "Invalid NextToken: ListPublicKeys returns every key in one page.")
        }
        // Absent times mean now (the key store's now, so that a key it creates for the present is listed).
        if let start = request.StartTime, start > (request.EndTime ?? context.now) {
            throw CloudTrailError(.invalidTimeRange, "Start time must be before or equal to end time.")
        }
        guard let signingKeys else {
            return (ListPublicKeysResponse(PublicKeyList: []), [])
        }
        let keys = try await signingKeys.publicKeys(
            region: context.region,
            start: request.StartTime,
            end: request.EndTime
        )
        let shapes = keys.map { key in
            PublicKeyShape(
                Value: Data(key.publicKeyDER).base64EncodedString(),
                ValidityStartTime: key.validityStart,
                ValidityEndTime: key.validityEnd,
                Fingerprint: key.fingerprint
            )
        }
        return (ListPublicKeysResponse(PublicKeyList: shapes), [])
    }
}
