import Foundation
import TrailDelivery
import TrailModel
import TrailStore

extension CloudTrailService {
    var trailOperations: [Operation] {
        [
            .make("CreateTrail", readOnly: false, input: CreateTrailRequest.self, createTrail),
            .make("UpdateTrail", readOnly: false, input: UpdateTrailRequest.self, updateTrail),
            .make("DeleteTrail", readOnly: false, input: TrailNameRequest.self, deleteTrail),
            .make("GetTrail", readOnly: true, input: TrailNameRequest.self, getTrail),
            .make("DescribeTrails", readOnly: true, input: DescribeTrailsRequest.self, describeTrails),
            .make("ListTrails", readOnly: true, input: ListTrailsRequest.self, listTrails),
            .make("StartLogging", readOnly: false, input: TrailNameRequest.self, startLogging),
            .make("StopLogging", readOnly: false, input: TrailNameRequest.self, stopLogging),
            .make("GetTrailStatus", readOnly: true, input: TrailNameRequest.self, getTrailStatus),
        ]
    }

    func createTrail(
        _ request: CreateTrailRequest,
        _ context: OperationContext
    ) async throws -> (TrailShape, [AuditResource]) {
        let name = try TrailName(try Require.present(request.Name, "name")).rawValue
        let bucket = try Require.present(request.S3BucketName, "s3BucketName")
        try TrailSettingsValidation.validate(
            bucket: bucket,
            prefix: request.S3KeyPrefix,
            snsTopic: request.SnsTopicName,
            logGroupArn: request.CloudWatchLogsLogGroupArn,
            roleArn: request.CloudWatchLogsRoleArn,
            kmsKeyId: request.KmsKeyId
        )
        try await buckets?.ensure(bucket)
        if request.IsOrganizationTrail == true {
            throw CloudTrailError(
                .invalidParameterCombination,
                "Organization trails are not supported: OpenTrail has no AWS Organizations."
            )
        }
        if request.IsMultiRegionTrail == true && request.IncludeGlobalServiceEvents == false {
            throw CloudTrailError(
                .invalidParameterCombination,
                "Multi-Region trail must include global service events."
            )
        }
        let tags = try TagList(validating: request.TagsList ?? [])
        let trail = TrailDocument(
            name: name,
            homeRegion: context.region,
            accountId: accountId,
            s3BucketName: bucket,
            s3KeyPrefix: request.S3KeyPrefix.flatMap { $0.isEmpty ? nil : $0 },
            snsTopicName: request.SnsTopicName.flatMap { $0.isEmpty ? nil : $0 },
            includeGlobalServiceEvents: request.IncludeGlobalServiceEvents ?? true,
            isMultiRegionTrail: request.IsMultiRegionTrail ?? false,
            logFileValidationEnabled: request.EnableLogFileValidation ?? false,
            cloudWatchLogsLogGroupArn: request.CloudWatchLogsLogGroupArn.flatMap { $0.isEmpty ? nil : $0 },
            cloudWatchLogsRoleArn: request.CloudWatchLogsRoleArn.flatMap { $0.isEmpty ? nil : $0 },
            kmsKeyId: request.KmsKeyId.flatMap { $0.isEmpty ? nil : $0 },
            isOrganizationTrail: false,
            selectors: nil,
            hasCustomEventSelectors: false,
            insightSelectors: [],
            tags: tags,
            isLogging: false,
            startLoggingTime: nil,
            stopLoggingTime: nil,
            createdTime: context.now
        )
        let limit = configuration.maxTrailsPerRegion
        let region = context.region
        try await control.write { tx in
            let existing = try tx.documents(kind: TrailDocument.kind).map { try TrailDocument.decoded($0.value) }
            if existing.contains(where: {
                $0.name == name && ($0.homeRegion == region || $0.isMultiRegionTrail || trail.isMultiRegionTrail)
            }) {
                throw CloudTrailError(
                    .trailAlreadyExists,
                    "Trail \(name) already exists for customer: \(trail.accountId)"
                )
            }
            // A multi-region trail counts in every region; this one would too.
            let counted = existing.filter { $0.homeRegion == region || $0.isMultiRegionTrail }
            if counted.count >= limit {
                throw CloudTrailError(
                    .maximumNumberOfTrailsExceeded,
                    "User: \(trail.accountId) already has \(counted.count) trails in \(region), the maximum of \(limit)."
                )
            }
            try trail.save(in: tx)
        }
        return (TrailShape(trail, settingsOnly: true), [trail.auditResource])
    }

    func updateTrail(
        _ request: UpdateTrailRequest,
        _ context: OperationContext
    ) async throws -> (TrailShape, [AuditResource]) {
        try TrailSettingsValidation.validate(
            bucket: request.S3BucketName,
            prefix: request.S3KeyPrefix,
            snsTopic: request.SnsTopicName,
            logGroupArn: request.CloudWatchLogsLogGroupArn,
            roleArn: request.CloudWatchLogsRoleArn,
            kmsKeyId: request.KmsKeyId,
            checkLogGroupAndRole: false
        )
        if let bucket = request.S3BucketName { try await buckets?.ensure(bucket) }
        if request.IsOrganizationTrail == true {
            throw CloudTrailError(
                .invalidParameterCombination,
                "Organization trails are not supported: OpenTrail has no AWS Organizations."
            )
        }
        let (trail, _) = try await modifyTrail(request.Name, member: "name", context: context) { trail in
            if let bucket = request.S3BucketName { trail.s3BucketName = bucket }
            // An empty string clears an optional setting, as in AWS.
            if let prefix = request.S3KeyPrefix { trail.s3KeyPrefix = prefix.isEmpty ? nil : prefix }
            if let topic = request.SnsTopicName { trail.snsTopicName = topic.isEmpty ? nil : topic }
            if let value = request.IncludeGlobalServiceEvents { trail.includeGlobalServiceEvents = value }
            if let value = request.IsMultiRegionTrail { trail.isMultiRegionTrail = value }
            if let value = request.EnableLogFileValidation { trail.logFileValidationEnabled = value }
            if let arn = request.CloudWatchLogsLogGroupArn { trail.cloudWatchLogsLogGroupArn = arn.isEmpty ? nil : arn }
            if let arn = request.CloudWatchLogsRoleArn { trail.cloudWatchLogsRoleArn = arn.isEmpty ? nil : arn }
            if let key = request.KmsKeyId { trail.kmsKeyId = key.isEmpty ? nil : key }
            if trail.isMultiRegionTrail && !trail.includeGlobalServiceEvents {
                throw CloudTrailError(
                    .invalidParameterCombination,
                    "Multi-Region trail must include global service events."
                )
            }
            if request.CloudWatchLogsLogGroupArn != nil || request.CloudWatchLogsRoleArn != nil {
                try DestinationValidation.validateCloudWatchLogs(
                    logGroupARN: trail.cloudWatchLogsLogGroupArn,
                    roleARN: trail.cloudWatchLogsRoleArn
                )
            }
        }
        return (TrailShape(trail, settingsOnly: true), [trail.auditResource])
    }

    func deleteTrail(
        _ request: TrailNameRequest,
        _ context: OperationContext
    ) async throws -> (EmptyResponse, [AuditResource]) {
        let identifier = try TrailIdentifier(parsing: try Require.present(request.Name, "name"))
        let region = context.region
        let account = accountId
        let trail = try await withAccount {
            try await control.write { tx in
                let trail = try Self.resolve(identifier, region: region, accountId: account, in: tx)
                guard trail.homeRegion == region else {
                    throw CloudTrailError(
                        .invalidHomeRegion,
                        "This operation must be called from the trail's home region, \(trail.homeRegion)."
                    )
                }
                try trail.delete(in: tx)
                return trail
            }
        }
        return (EmptyResponse(), [trail.auditResource])
    }

    func getTrail(
        _ request: TrailNameRequest,
        _ context: OperationContext
    ) async throws -> (GetTrailResponse, [AuditResource]) {
        let trail = try await readTrail(request.Name, member: "name", context: context)
        return (GetTrailResponse(Trail: TrailShape(trail)), [trail.auditResource])
    }

    func describeTrails(
        _ request: DescribeTrailsRequest,
        _ context: OperationContext
    ) async throws -> (DescribeTrailsResponse, [AuditResource]) {
        let region = context.region
        let includeShadows = request.includeShadowTrails ?? true
        // Names must be valid names or trail ARNs, as in AWS; names that match no trail are left out.
        let identifiers = try (request.trailNameList ?? []).map { try TrailIdentifier(parsing: $0) }
        let account = accountId
        let trails: [TrailDocument] = try await control.read { tx in
            let visible = try Self.visibleTrails(region: region, in: tx)
                .filter { includeShadows || $0.homeRegion == region }
            guard !identifiers.isEmpty else { return visible.sorted { $0.name < $1.name } }
            var found: [TrailDocument] = []
            for identifier in identifiers {
                switch identifier {
                case .name(let name):
                    found += visible.filter { $0.name == name.rawValue && !found.map(\.id).contains($0.id) }
                case .arn(let arn):
                    // An ARN finds its trail in any region of the account.
                    if arn.accountID == account,
                        let bytes = try tx.document(
                            kind: TrailDocument.kind,
                            id: TrailDocument.id(region: arn.region, name: arn.name.rawValue)
                        ),
                        let trail = try? TrailDocument.decoded(bytes), !found.map(\.id).contains(trail.id)
                    {
                        found.append(trail)
                    }
                }
            }
            return found
        }
        return (DescribeTrailsResponse(trailList: trails.map { TrailShape($0) }), [])
    }

    func listTrails(
        _ request: ListTrailsRequest,
        _ context: OperationContext
    ) async throws -> (ListTrailsResponse, [AuditResource]) {
        let pageSize = configuration.listTrailsPageSize
        let after: String?
        if let token = request.NextToken {
            guard let decoded = PageToken.decodeString(token, kind: "ListTrails") else {
                throw CloudTrailError(.invalidToken, "Invalid NextToken.")
            }
            after = decoded
        } else {
            after = nil
        }
        // Every trail of the account, in every region, ordered by ARN so pages are stable.
        let trails: [TrailDocument] = try await control.read { tx in
            try tx.documents(kind: TrailDocument.kind).map { try TrailDocument.decoded($0.value) }
        }
        let ordered = trails.sorted { $0.arn < $1.arn }.filter { after == nil || $0.arn > after! }
        let page = Array(ordered.prefix(pageSize))
        let next = ordered.count > pageSize ? page.last.map { PageToken.encodeString($0.arn, kind: "ListTrails") } : nil
        return (
            ListTrailsResponse(
                Trails: page.map { TrailInfo(TrailARN: $0.arn, Name: $0.name, HomeRegion: $0.homeRegion) },
                NextToken: next
            ),
            []
        )
    }

    func startLogging(
        _ request: TrailNameRequest,
        _ context: OperationContext
    ) async throws -> (
        EmptyResponse, [AuditResource]
    ) {
        try await setLogging(request, context, on: true)
    }

    func stopLogging(
        _ request: TrailNameRequest,
        _ context: OperationContext
    ) async throws -> (
        EmptyResponse, [AuditResource]
    ) {
        try await setLogging(request, context, on: false)
    }

    /// Starts or stops logging; the time is kept only when the state changes, as in AWS.
    func setLogging(
        _ request: TrailNameRequest,
        _ context: OperationContext,
        on: Bool
    ) async throws -> (
        EmptyResponse, [AuditResource]
    ) {
        let now = context.now
        let (trail, _) = try await modifyTrail(request.Name, member: "name", context: context) { trail in
            guard trail.isLogging != on else { return }
            trail.isLogging = on
            if on { trail.startLoggingTime = now } else { trail.stopLoggingTime = now }
        }
        return (EmptyResponse(), [trail.auditResource])
    }

    func getTrailStatus(
        _ request: TrailNameRequest,
        _ context: OperationContext
    ) async throws -> (GetTrailStatusResponse, [AuditResource]) {
        let trail = try await readTrail(request.Name, member: "name", context: context)
        let arn = trail.arn
        let delivery = try await control.read { tx in try DeliveryStatus.read(arn: arn, in: tx) }
        let response = GetTrailStatusResponse(
            IsLogging: trail.isLogging,
            LatestDeliveryError: delivery.latestDeliveryError,
            LatestNotificationError: delivery.latestNotificationError,
            LatestDeliveryTime: delivery.latestDeliveryTime,
            LatestNotificationTime: delivery.latestNotificationTime,
            StartLoggingTime: trail.startLoggingTime,
            StopLoggingTime: trail.stopLoggingTime,
            LatestDigestDeliveryTime: delivery.latestDigestDeliveryTime,
            LatestDigestDeliveryError: delivery.latestDigestDeliveryError,
            LatestDeliveryAttemptTime: delivery.latestDeliveryAttemptTime.map(EventTime.format),
            LatestNotificationAttemptTime: delivery.latestNotificationAttemptTime.map(EventTime.format),
            LatestNotificationAttemptSucceeded: delivery.latestNotificationTime.map(EventTime.format),
            LatestDeliveryAttemptSucceeded: delivery.latestDeliveryTime.map(EventTime.format),
            TimeLoggingStarted: trail.startLoggingTime.map(EventTime.format),
            TimeLoggingStopped: trail.stopLoggingTime.map(EventTime.format)
        )
        return (response, [trail.auditResource])
    }
}
