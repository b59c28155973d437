import Testing
import TrailModel

/// One row of the request-level rule table.
struct RequestRule: Sendable, CustomTestStringConvertible {
    let name: String
    var eventCount = 1
    var bodySize = 1000
    var channelArn: String? = AuditEventFixture.channel
    var externalId: String?
    /// The exception expected (`nil`: accepted) and a fragment of its message.
    var code: CloudTrailError.Code?
    var message: String?

    var testDescription: String { name }
}

@Suite struct AuditEventRequestTests {
    static let validation = CloudTrailError.Code.validation
    static let invalidARN = ChannelARN.invalidChannelARN

    static let rules: [RequestRule] = [
        RequestRule(name: "one event"),
        RequestRule(name: "100 events, 1 MB", eventCount: 100, bodySize: 1_048_576),
        RequestRule(name: "external ID of 2", externalId: "ab"),
        RequestRule(name: "external ID of 1224", externalId: String(repeating: "e", count: 1224)),
        RequestRule(name: "external ID, every allowed character", externalId: "aZ09_+=,.@:/-"),
        RequestRule(name: "aws-cn channel", channelArn: "arn:aws-cn:cloudtrail:cn-north-1:123456789012:channel/c-1"),
        RequestRule(
            name: "no events",
            eventCount: 0,
            code: validation,
            message: "1 validation error detected: Value '[]' at 'auditEvents' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 1"
        ),
        RequestRule(
            name: "101 events",
            eventCount: 101,
            code: validation,
            message: "at 'auditEvents' failed to satisfy constraint: Member must have length less than or equal to 100"
        ),
        RequestRule(name: "body over 1 MB", bodySize: 1_048_577, code: validation, message: "1048576 bytes"),
        RequestRule(
            name: "no channel ARN",
            channelArn: nil,
            code: validation,
            message: "1 validation error detected: Value null at 'channelArn' failed to satisfy constraint: "
                + "Member must not be null"
        ),
        RequestRule(
            name: "channel ID instead of ARN",
            channelArn: "EXAMPLE8-0558",
            code: validation,
            message: "Value 'EXAMPLE8-0558' at 'channelArn' failed to satisfy constraint: "
                + "Member must satisfy regular expression pattern: ^arn:.*$"
        ),
        RequestRule(
            name: "trail ARN",
            channelArn: "arn:aws:cloudtrail:us-east-1:123456789012:trail/t",
            code: invalidARN,
            message: "arn:aws:cloudtrail:us-east-1:123456789012:trail/t is not a valid channel ARN"
        ),
        RequestRule(
            name: "external ID of 1",
            externalId: "a",
            code: validation,
            message: "Value 'a' at 'externalId' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 2"
        ),
        RequestRule(
            name: "external ID of 1225",
            externalId: String(repeating: "e", count: 1225),
            code: validation,
            message: "Member must have length less than or equal to 1224"
        ),
        RequestRule(
            name: "external ID with a space",
            externalId: "my id",
            code: validation,
            message: #"Member must satisfy regular expression pattern: ^[\w+=,.@:\/-]*$"#
        ),
        RequestRule(name: "external ID with non-ASCII", externalId: "idé", code: validation, message: "externalId"),
        RequestRule(
            name: "several problems at once",
            eventCount: 0,
            channelArn: nil,
            code: validation,
            message: "2 validation errors detected: Value null at 'channelArn' failed to satisfy constraint: "
                + "Member must not be null; Value '[]' at 'auditEvents'"
        ),
        RequestRule(
            name: "validation before channel ARN",
            eventCount: 0,
            channelArn: "arn:aws:s3:::bucket",
            code: validation
        ),
    ]

    @Test(arguments: rules)
    func requestRule(_ rule: RequestRule) throws {
        do {
            let arn = try AuditEventIngest.validateRequest(
                eventCount: rule.eventCount,
                bodySize: rule.bodySize,
                channelArn: rule.channelArn,
                externalId: rule.externalId
            )
            #expect(rule.code == nil, "accepted")
            #expect(arn.description == rule.channelArn)
        } catch {
            #expect(error.code == rule.code, "\(error.reason)")
            if let message = rule.message {
                #expect(error.reason.contains(message), "\(error.reason)")
            }
        }
    }

    static func events(_ ids: String...) -> [AuditEventInput] {
        ids.map { AuditEventInput(id: $0, eventData: AuditEventFixture.minimalEventData) }
    }

    @Test func acceptsAWholeRequest() throws {
        let arn = try AuditEventIngest.validateRequest(
            auditEvents: Self.events("a", "b", "c"),
            bodySize: 900,
            channelArn: AuditEventFixture.channel,
            externalId: nil
        )
        #expect(arn.channelID == "EXAMPLE8-0558-4f7e-a06a-43969EXAMPLE")
        #expect(arn.accountID == "123456789012")
        #expect(arn.region == "us-east-1")
    }

    static let entryRows: [([String]?, String)] = [
        (
            ["ok", "bad id"],
            "1 validation error detected: Value 'bad id' at 'auditEvents.2.member.id' failed to satisfy constraint: "
                + "Member must satisfy regular expression pattern: ^[-_A-Za-z0-9]+$"
        ),
        (
            [""],
            "2 validation errors detected: Value '' at 'auditEvents.1.member.id' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 1; Value '' at 'auditEvents.1.member.id' "
                + "failed to satisfy constraint: Member must satisfy regular expression pattern: ^[-_A-Za-z0-9]+$"
        ),
        (
            [String(repeating: "i", count: 129)],
            "at 'auditEvents.1.member.id' failed to satisfy constraint: "
                + "Member must have length less than or equal to 128"
        ),
        (
            nil,
            "1 validation error detected: Value null at 'auditEvents' failed to satisfy constraint: "
                + "Member must not be null"
        ),
    ]

    @Test(arguments: entryRows)
    func rejectsEntries(_ ids: [String]?, message: String) {
        let events = ids?.map { AuditEventInput(id: $0, eventData: "{}") }
        expectRejection(.validation, message) { () throws(CloudTrailError) in
            try AuditEventIngest.validateRequest(
                auditEvents: events,
                bodySize: 10,
                channelArn: AuditEventFixture.channel,
                externalId: nil
            )
        }
    }

    @Test func rejectsDuplicateIDs() {
        expectRejection(
            AuditEventIngest.duplicatedAuditEventId,
            "Two or more entries in the request have the same event ID: b"
        ) { () throws(CloudTrailError) in
            try AuditEventIngest.validateRequest(
                auditEvents: Self.events("a", "b", "c", "b"),
                bodySize: 10,
                channelArn: AuditEventFixture.channel,
                externalId: nil
            )
        }
    }

    @Test func channelARNIsCheckedBeforeDuplicates() {
        expectRejection(ChannelARN.invalidChannelARN) { () throws(CloudTrailError) in
            try AuditEventIngest.validateRequest(
                auditEvents: Self.events("a", "a"),
                bodySize: 10,
                channelArn: "arn:nope",
                externalId: nil
            )
        }
    }

    @Test func exceptionNamesAreTheModels() {
        #expect(AuditEventIngest.duplicatedAuditEventId.name == "DuplicatedAuditEventId")
        #expect(ChannelARN.invalidChannelARN.name == "InvalidChannelARN")
        #expect(ChannelARN.invalidChannelARN.httpStatus == 400)
    }
}

@Suite struct ChannelARNTests {
    @Test(arguments: [
        ("arn:aws:cloudtrail:us-east-1:123456789012:channel/EXAMPLE8-0558-4f7e-a06a-43969EXAMPLE", "aws", "us-east-1"),
        ("arn:aws:cloudtrail:eu-central-1:000000000000:channel/01234567890", "aws", "eu-central-1"),
        ("arn:aws-cn:cloudtrail:cn-north-1:123456789012:channel/c_1", "aws-cn", "cn-north-1"),
        ("arn:aws-us-gov:cloudtrail:us-gov-west-1:123456789012:channel/g", "aws-us-gov", "us-gov-west-1"),
    ])
    func parsesAndFormats(_ text: String, partition: String, region: String) throws {
        let arn = try ChannelARN(parsing: text)
        #expect(arn.partition == partition)
        #expect(arn.region == region)
        #expect(arn.description == text)
        #expect(ChannelARN(region: region, accountID: arn.accountID, channelID: arn.channelID) == arn)
    }

    @Test(arguments: [
        "",
        "arn:",
        "01234567890",
        "arn:aws:cloudtrail:us-east-1:123456789012:channel/",
        "arn:aws:cloudtrail:us-east-1:123456789012:channel",
        "arn:aws:cloudtrail:us-east-1:123456789012:trail/MyTrail",
        "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/EXAMPLE",
        "arn:aws:s3:us-east-1:123456789012:channel/c",
        "arn:aws-xx:cloudtrail:us-east-1:123456789012:channel/c",
        "arn:aws-cn:cloudtrail:us-east-1:123456789012:channel/c",
        "arn:aws:cloudtrail:useast1:123456789012:channel/c",
        "arn:aws:cloudtrail:us-east-1:12345678901:channel/c",
        "arn:aws:cloudtrail:us-east-1:123456789012:channel/a/b",
        "arn:aws:cloudtrail:us-east-1:123456789012:channel/a:b",
        "arn:aws:cloudtrail:us-east-1:123456789012:channel/a b",
    ])
    func rejects(_ text: String) {
        expectRejection(ChannelARN.invalidChannelARN, "is not a valid channel ARN") { () throws(CloudTrailError) in
            _ = try ChannelARN(parsing: text)
        }
    }

    @Test func channelIDLength() throws {
        let prefix = "arn:aws:cloudtrail:us-east-1:123456789012:channel/"
        _ = try ChannelARN(parsing: prefix + String(repeating: "c", count: 128))
        expectRejection(ChannelARN.invalidChannelARN) { () throws(CloudTrailError) in
            _ = try ChannelARN(parsing: prefix + String(repeating: "c", count: 129))
        }
    }
}
