import Foundation
import Testing
import TrailModel

@Suite struct TrailARNTests {
    @Test(arguments: [
        ("arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail", "aws", "us-east-2", "MyTrail"),
        ("arn:aws:cloudtrail:eu-central-1:000000000000:trail/a.b-c_d", "aws", "eu-central-1", "a.b-c_d"),
        ("arn:aws-cn:cloudtrail:cn-north-1:123456789012:trail/cn-trail", "aws-cn", "cn-north-1", "cn-trail"),
        ("arn:aws-us-gov:cloudtrail:us-gov-west-1:123456789012:trail/gov", "aws-us-gov", "us-gov-west-1", "gov"),
        ("arn:aws:cloudtrail:ap-southeast-5:123456789012:trail/xyz", "aws", "ap-southeast-5", "xyz"),
    ])
    func parsesAndFormats(_ text: String, partition: String, region: String, name: String) throws {
        let arn = try TrailARN(parsing: text)
        #expect(arn.partition == partition)
        #expect(arn.region == region)
        #expect(arn.accountID == "123456789012" || arn.accountID == "000000000000")
        #expect(arn.name.rawValue == name)
        #expect(arn.description == text)
    }

    @Test func buildsFromParts() throws {
        let name = try TrailName("MyTrail")
        #expect(
            TrailARN(region: "us-east-1", accountID: "123456789012", name: name).description
                == "arn:aws:cloudtrail:us-east-1:123456789012:trail/MyTrail"
        )
        #expect(TrailARN(region: "cn-northwest-1", accountID: "123456789012", name: name).partition == "aws-cn")
        #expect(TrailARN(region: "us-gov-east-1", accountID: "123456789012", name: name).partition == "aws-us-gov")
    }

    @Test(arguments: [
        "arn:",
        "arn:aws:cloudtrail",
        "arn:aws:cloudtrail:us-east-1:123456789012",
        "arn:aws:cloudtrail:us-east-1:123456789012:trail/",
        "arn:aws:cloudtrail:us-east-1:123456789012:trail",
        "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE",
        "arn:aws:cloudtrail:us-east-1:123456789012:channel/01234567890",
        "arn:aws:s3:us-east-1:123456789012:trail/MyTrail",
        "arn:aws-xx:cloudtrail:us-east-1:123456789012:trail/MyTrail",
        "arn:aws-cn:cloudtrail:us-east-1:123456789012:trail/MyTrail",  // region outside the partition
        "arn:aws:cloudtrail:cn-north-1:123456789012:trail/MyTrail",
        "arn:aws:cloudtrail:useast1:123456789012:trail/MyTrail",
        "arn:aws:cloudtrail:us-east-1:12345678901:trail/MyTrail",
        "arn:aws:cloudtrail:us-east-1:12345678901a:trail/MyTrail",
        "arn:aws:cloudtrail:us-east-1:123456789012:trail/my--trail",
        "arn:aws:cloudtrail:us-east-1:123456789012:trail/ab",
        "arn:aws:cloudtrail:us-east-1:123456789012:trail/My/Trail",
        "arn:aws:cloudtrail:us-east-1:123456789012:trail/MyTrail:extra",
    ])
    func rejectsInvalidARNs(_ text: String) {
        expectRejection(.cloudTrailARNInvalid, "\(text) is not a valid trail ARN") { () throws(CloudTrailError) in
            _ = try TrailARN(parsing: text)
        }
    }

    @Test func codableRoundTrip() throws {
        let arn = try TrailARN(parsing: "arn:aws:cloudtrail:us-east-1:123456789012:trail/MyTrail")
        let data = try JSONEncoder().encode(["TrailARN": arn])
        #expect(try JSONDecoder().decode([String: TrailARN].self, from: data) == ["TrailARN": arn])
        #expect(try JSONDecoder().decode([String: String].self, from: data)["TrailARN"] == arn.description)
    }

    @Test func identifierResolvesNamesAndARNs() throws {
        #expect(try TrailIdentifier(parsing: "MyTrail") == .name(try TrailName("MyTrail")))
        let arnText = "arn:aws:cloudtrail:us-east-1:123456789012:trail/MyTrail"
        let identifier = try TrailIdentifier(parsing: arnText)
        #expect(identifier == .arn(try TrailARN(parsing: arnText)))
        #expect(identifier.name.rawValue == "MyTrail")
        #expect(identifier.description == arnText)
    }

    @Test(arguments: [
        ("arn:aws:cloudtrail:us-east-1:123456789012:trail/", CloudTrailError.Code.cloudTrailARNInvalid),
        ("arn:aws:sns:us-east-1:123456789012:topic", .cloudTrailARNInvalid),
        ("arn:", .cloudTrailARNInvalid),
        ("?", .invalidTrailName),
        ("my#trail", .invalidTrailName),
        ("arn-like:trail", .invalidTrailName),
    ])
    func identifierRejects(_ text: String, code: CloudTrailError.Code) {
        expectRejection(code) { () throws(CloudTrailError) in
            _ = try TrailIdentifier(parsing: text)
        }
    }
}
