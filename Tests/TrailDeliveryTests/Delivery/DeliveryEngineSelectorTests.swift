import Testing
import TrailDelivery
import TrailModel
import TrailStore

/// A trail delivers exactly the records its selectors select, as ``CompiledEventSelectors`` decides on the
/// parsed record, whatever shortcut the engine takes to decide it.
@Suite struct DeliveryEngineSelectorTests {
    struct SelectorCase: Sendable, CustomTestStringConvertible {
        var name: String
        var selectors: EventSelectorConfiguration
        var testDescription: String { name }
    }

    static let cases = [
        SelectorCase(name: "default", selectors: .default),
        SelectorCase(
            name: "read-only",
            selectors: .basic([EventSelector(readWriteType: .readOnly)])
        ),
        SelectorCase(
            name: "write-only",
            selectors: .basic([EventSelector(readWriteType: .writeOnly)])
        ),
        SelectorCase(
            name: "no KMS",
            selectors: .basic([EventSelector(readWriteType: .all, excludeManagementEventSources: ["kms.amazonaws.com"])]
            )
        ),
        SelectorCase(
            name: "S3 data only",
            selectors: .basic([
                EventSelector(
                    includeManagementEvents: false,
                    dataResources: [DataResource(type: "AWS::S3::Object", values: ["arn:aws:s3:::photos/"])]
                )
            ])
        ),
        SelectorCase(
            name: "advanced read-only management",
            selectors: .advanced([
                AdvancedEventSelector(fieldSelectors: [
                    AdvancedFieldSelector(field: "eventCategory", equals: ["Management"]),
                    AdvancedFieldSelector(field: "readOnly", equals: ["true"]),
                ])
            ])
        ),
    ]

    static let channelData =
        #"{"version":"1.0","userIdentity":{"type":"ApplicationUser","principalId":"app-user"},"#
        + #""eventSource":"kms.amazonaws.com","eventName":"Decrypt","eventTime":"2026-11-20T10:00:00Z","#
        + #""UID":"uid-1","recipientAccountId":"123456789012"}"#

    /// Records of every shape selectors tell apart, but channel records.
    static let records = [
        DeliveryRecords.make(id: "write"),
        DeliveryRecords.make(id: "read", readOnly: true),
        DeliveryRecords.parse(
            #"{"eventVersion":"1.11","eventTime":"2026-11-20T10:00:00Z","eventSource":"ec2.amazonaws.com","#
                + #""eventName":"DescribeInstances","awsRegion":"us-east-1","eventID":"read-as-text","#
                + #""readOnly":"true","eventCategory":"Management"}"#
        ),
        DeliveryRecords.parse(
            #"{"eventVersion":"1.11","eventTime":"2026-11-20T10:00:00Z","eventSource":"kms.amazonaws.com","#
                + #""eventName":"Decrypt","awsRegion":"us-east-1","eventID":"kms","readOnly":true,"#
                + #""eventCategory":"Management"}"#
        ),
        DeliveryRecords.parse(
            #"{"eventVersion":"1.11","eventTime":"2026-11-20T10:00:00Z","eventSource":"s3.amazonaws.com","#
                + #""eventName":"GetObject","awsRegion":"us-east-1","eventID":"s3-data","readOnly":true,"#
                + #""managementEvent":false,"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::photos/a.jpg"},"#
                + #"{"type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::photos"}],"eventCategory":"Data"}"#
        ),
        DeliveryRecords.parse(
            #"{"eventVersion":"1.05","eventTime":"2026-11-20T10:00:00Z","eventSource":"s3.amazonaws.com","#
                + #""eventName":"PutObject","awsRegion":"us-east-1","eventID":"s3-data-old","readOnly":false,"#
                + #""managementEvent":false,"#
                + #""resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::photos/b.jpg"}]}"#
        ),
        DeliveryRecords.parse(
            #"{"eventVersion":"1.11","eventTime":"2026-11-20T10:00:00Z","eventSource":"iam.amazonaws.com","#
                + #""eventName":"ListUsers","awsRegion":"us-east-1","eventID":"twice","readOnly":true,"#
                + #""eventCategory":"Management","readOnly":false}"#
        ),
        DeliveryRecords.parse(
            #"{"eventVersion":"1.11","eventTime":"2026-11-20T10:00:00Z","eventSource":"iam.amazonaws.com","#
                + #""eventName":"CreateUser","awsRegion":"us-east-1","eventID":"insight","#
                + #""eventType":"AwsCloudTrailInsight","eventCategory":"Insight"}"#
        ),
    ]

    /// Channel records, among management events.
    static let channelRecords = [
        DeliveryRecords.make(id: "write"),
        DeliveryRecords.make(id: "read", readOnly: true),
        // As PutAuditEvents stores a channel event: the source is the application's, inside eventData.
        DeliveryRecords.parse(
            #"{"eventVersion":"1.11","eventCategory":"ActivityAuditLog","eventType":"ActivityLog","#
                + #""eventID":"channel","eventTime":"2026-11-20T10:00:00Z","awsRegion":"us-east-1","#
                + #""recipientAccountId":"123456789012","eventData":\#(channelData)}"#
        ),
        // A channel record sent whole to the native batch endpoint, flagged read-only.
        DeliveryRecords.parse(
            #"{"eventVersion":"1.11","eventCategory":"ActivityAuditLog","eventType":"ActivityLog","#
                + #""eventID":"channel-read","eventTime":"2026-11-20T10:00:00Z","awsRegion":"us-east-1","#
                + #""readOnly":true,"recipientAccountId":"123456789012","eventData":\#(channelData)}"#
        ),
    ]

    @Test(arguments: cases)
    func aTrailDeliversWhatItsSelectorsSelect(_ selectorCase: SelectorCase) async throws {
        let (delivered, expected) = try await Self.deliver(Self.records, selectors: selectorCase.selectors)
        #expect(delivered == expected)
    }

    @Test(arguments: cases)
    func aTrailDeliversTheChannelRecordsItsSelectorsSelect(_ selectorCase: SelectorCase) async throws {
        let (delivered, expected) = try await Self.deliver(Self.channelRecords, selectors: selectorCase.selectors)
        // Channel records are indexed by their eventData's source and name, with no readOnly: the engine must
        // judge them by the record itself, as the selectors do.
        #expect(delivered == expected)
    }

    /// Delivers `records` through a trail with `selectors`; returns the eventIDs delivered and those that
    /// ``CompiledEventSelectors`` selects from the parsed records.
    static func deliver(
        _ records: [EventRecord],
        selectors: EventSelectorConfiguration
    ) async throws -> (delivered: [String], expected: [String]) {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let trail = DeliveryFixture.trail(selectors: selectors)
        try await fixture.recordPlan(trail, since: 0)
        try await fixture.append(records)
        let compiled = CompiledEventSelectors(selectors)
        let expected = try records.filter {
            compiled.selects(SelectableEvent(record: try JSONValue(parsing: $0.bytes)))
        }

        try await fixture.makeEngine().deliver(force: true)

        return (try await fixture.deliveredIDs(), expected.map(\.fields.eventID))
    }
}
