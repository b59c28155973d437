/// CloudTrail records written for the CIS monitoring patterns: for each Security Hub control, records it must
/// count and near misses it must not.
enum CISFixtures {
    /// A management event record; `identity` and `extra` are JSON members spliced in.
    static func record(
        _ eventName: String,
        source: String,
        identity: String = #""type": "IAMUser", "userName": "alice", "accountId": "111122223333""#,
        eventType: String = "AwsApiCall",
        responseElements: String = "null",
        extra: String = ""
    ) -> String {
        #"""
        {"eventVersion": "1.08", "userIdentity": {\#(identity)}, "eventTime": "2024-05-01T12:00:00Z", \#
        "eventSource": "\#(source)", "eventName": "\#(eventName)", "awsRegion": "us-east-1", \#
        "sourceIPAddress": "192.0.2.10", "userAgent": "aws-cli/2.15", "requestParameters": {"name": "x"}, \#
        "responseElements": \#(responseElements), "eventID": "1b0c6f0e-0000-4000-8000-000000000001", "readOnly": false, \#
        "resources": [{"ARN": "arn:aws:iam::111122223333:user/alice", "type": "AWS::IAM::User"}], \#
        "eventType": "\#(eventType)", "managementEvent": true, "recipientAccountId": "111122223333"\#(extra)}
        """#
    }

    static let root = #""type": "Root", "principalId": "111122223333", "arn": "arn:aws:iam::111122223333:root""#

    static func consoleLogin(
        identity: String = #""type": "IAMUser", "userName": "alice""#,
        mfaUsed: String? = "No",
        result: String = "Success",
        errorMessage: String? = nil
    ) -> String {
        var extra = ""
        if let mfaUsed {
            extra +=
                #", "additionalEventData": {"LoginTo": "https://console.aws.amazon.com/", "MobileVersion": "No", "MFAUsed": "\#(mfaUsed)"}"#
        }
        if let errorMessage { extra += #", "errorMessage": "\#(errorMessage)""# }
        return record(
            "ConsoleLogin",
            source: "signin.amazonaws.com",
            identity: identity,
            eventType: "AwsConsoleSignIn",
            responseElements: #"{"ConsoleLogin": "\#(result)"}"#,
            extra: extra
        )
    }

    /// Per control: records that must match, records that must not.
    static let byControl: [String: (matching: [String], notMatching: [String])] = [
        "CloudWatch.1": (
            [
                consoleLogin(identity: root),
                record("CreateAccessKey", source: "iam.amazonaws.com", identity: root),
                record(
                    "PasswordUpdated",
                    source: "signin.amazonaws.com",
                    identity: root,
                    eventType: "AwsConsoleSignIn"
                ),
            ],
            [
                record("CreateAccessKey", source: "iam.amazonaws.com"),
                record(
                    "GetBucketAcl",
                    source: "s3.amazonaws.com",
                    identity: root + #", "invokedBy": "s3.amazonaws.com""#
                ),
                record("RotateKey", source: "kms.amazonaws.com", identity: root, eventType: "AwsServiceEvent"),
                record("CreateAccessKey", source: "iam.amazonaws.com", identity: #""type": "root""#),
            ]
        ),
        "CloudWatch.2": (
            [
                record(
                    "RunInstances",
                    source: "ec2.amazonaws.com",
                    extra: #", "errorCode": "Client.UnauthorizedOperation""#
                ),
                record("GetObject", source: "s3.amazonaws.com", extra: #", "errorCode": "AccessDenied""#),
                record("ListKeys", source: "kms.amazonaws.com", extra: #", "errorCode": "AccessDeniedException""#),
            ],
            [
                record("RunInstances", source: "ec2.amazonaws.com"),
                record(
                    "RunInstances",
                    source: "ec2.amazonaws.com",
                    extra: #", "errorCode": "Client.UnauthorizedOperationX""#
                ),
                record("GetObject", source: "s3.amazonaws.com", extra: #", "errorCode": "NoSuchKey""#),
                record("GetObject", source: "s3.amazonaws.com", extra: #", "errorCode": "accessdenied""#),
                record("GetObject", source: "s3.amazonaws.com", extra: #", "errorCode": null"#),
            ]
        ),
        "CloudWatch.3": (
            [consoleLogin()],
            [
                consoleLogin(mfaUsed: "Yes"),
                consoleLogin(result: "Failure", errorMessage: "Failed authentication"),
                consoleLogin(identity: root),
                consoleLogin(mfaUsed: nil),
                record("CheckMfa", source: "signin.amazonaws.com", eventType: "AwsConsoleSignIn"),
            ]
        ),
        "CloudWatch.4": (
            [
                record("PutUserPolicy", source: "iam.amazonaws.com"),
                record("DetachGroupPolicy", source: "iam.amazonaws.com"),
                record("CreatePolicyVersion", source: "iam.amazonaws.com"),
            ],
            [
                record("CreateUser", source: "iam.amazonaws.com"),
                record("PutUserPolicyX", source: "iam.amazonaws.com"),
                record("GetPolicy", source: "iam.amazonaws.com"),
            ]
        ),
        "CloudWatch.5": (
            [
                record("StopLogging", source: "cloudtrail.amazonaws.com"),
                record("CreateTrail", source: "cloudtrail.amazonaws.com"),
                record(
                    "UpdateTrail",
                    source: "cloudtrail.amazonaws.com",
                    extra: #", "errorCode": "TrailNotFoundException""#
                ),
            ],
            [
                record("DescribeTrails", source: "cloudtrail.amazonaws.com"),
                record("LookupEvents", source: "cloudtrail.amazonaws.com"),
            ]
        ),
        "CloudWatch.6": (
            [consoleLogin(result: "Failure", errorMessage: "Failed authentication")],
            [
                consoleLogin(),
                consoleLogin(result: "Failure", errorMessage: "Failed authentication for user"),
                record("GetObject", source: "s3.amazonaws.com", extra: #", "errorMessage": "Failed authentication""#),
            ]
        ),
        "CloudWatch.7": (
            [
                record("DisableKey", source: "kms.amazonaws.com"),
                record("ScheduleKeyDeletion", source: "kms.amazonaws.com"),
            ],
            [record("EnableKey", source: "kms.amazonaws.com"), record("DisableKey", source: "ec2.amazonaws.com")]
        ),
        "CloudWatch.8": (
            [
                record("PutBucketPolicy", source: "s3.amazonaws.com"),
                record("DeleteBucketCors", source: "s3.amazonaws.com"),
            ],
            [
                record("GetBucketPolicy", source: "s3.amazonaws.com"),
                record("PutBucketPolicy", source: "iam.amazonaws.com"),
            ]
        ),
        "CloudWatch.9": (
            [
                record("StopConfigurationRecorder", source: "config.amazonaws.com"),
                record("PutDeliveryChannel", source: "config.amazonaws.com"),
            ],
            [
                record("DescribeConfigurationRecorders", source: "config.amazonaws.com"),
                record("StopConfigurationRecorder", source: "configservice.amazonaws.com"),
            ]
        ),
        "CloudWatch.10": (
            [
                record("AuthorizeSecurityGroupIngress", source: "ec2.amazonaws.com"),
                record("DeleteSecurityGroup", source: "ec2.amazonaws.com"),
            ],
            [record("DescribeSecurityGroups", source: "ec2.amazonaws.com")]
        ),
        "CloudWatch.11": (
            [
                record("CreateNetworkAclEntry", source: "ec2.amazonaws.com"),
                record("ReplaceNetworkAclAssociation", source: "ec2.amazonaws.com"),
            ],
            [record("DescribeNetworkAcls", source: "ec2.amazonaws.com")]
        ),
        "CloudWatch.12": (
            [
                record("AttachInternetGateway", source: "ec2.amazonaws.com"),
                record("CreateCustomerGateway", source: "ec2.amazonaws.com"),
            ],
            [record("CreateVpnGateway", source: "ec2.amazonaws.com")]
        ),
        "CloudWatch.13": (
            [
                record("ReplaceRoute", source: "ec2.amazonaws.com"),
                record("DisassociateRouteTable", source: "ec2.amazonaws.com"),
            ],
            [
                record("DescribeRouteTables", source: "ec2.amazonaws.com"),
                record("AssociateRouteTable", source: "ec2.amazonaws.com"),
            ]
        ),
        "CloudWatch.14": (
            [
                record("ModifyVpcAttribute", source: "ec2.amazonaws.com"),
                record("EnableVpcClassicLink", source: "ec2.amazonaws.com"),
            ],
            [
                record("DescribeVpcs", source: "ec2.amazonaws.com"),
                record("CreateVpcEndpoint", source: "ec2.amazonaws.com"),
            ]
        ),
    ]

    /// Every fixture record.
    static var all: [String] {
        byControl.keys.sorted().flatMap { byControl[$0]!.matching + byControl[$0]!.notMatching }
    }
}
