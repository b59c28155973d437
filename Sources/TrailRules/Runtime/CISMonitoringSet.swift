/// The CIS AWS Foundations Benchmark monitoring set (AWS Security Hub controls CloudWatch.1 to CloudWatch.14):
/// one metric filter and one alarm per control, on the log group a trail streams into.
///
/// The filter patterns are those the benchmark publishes (as printed in the AWS Security Hub user guide's
/// CloudWatch controls, sample code under MIT-0). Each alarm fires when its metric's 5-minute sum reaches 1.
package enum CISMonitoringSet {
    /// One control of the set.
    package struct Control: Sendable, Hashable {
        package var control: String
        package var name: String
        package var title: String
        package var filterPattern: String
    }

    package static let defaultNamespace = "CISBenchmark"

    package static let controls: [Control] = [
        Control(
            control: "CloudWatch.1",
            name: "RootAccountUsage",
            title: "A log metric filter and alarm should exist for usage of the \"root\" user",
            filterPattern:
                #"{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}"#
        ),
        Control(
            control: "CloudWatch.2",
            name: "UnauthorizedAPICalls",
            title: "Ensure a log metric filter and alarm exist for unauthorized API calls",
            filterPattern: #"{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}"#
        ),
        Control(
            control: "CloudWatch.3",
            name: "ConsoleSignInWithoutMFA",
            title: "Ensure a log metric filter and alarm exist for Management Console sign-in without MFA",
            filterPattern:
                #"{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }"#
        ),
        Control(
            control: "CloudWatch.4",
            name: "IAMPolicyChanges",
            title: "Ensure a log metric filter and alarm exist for IAM policy changes",
            filterPattern:
                "{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}"
        ),
        Control(
            control: "CloudWatch.5",
            name: "CloudTrailChanges",
            title: "Ensure a log metric filter and alarm exist for CloudTrail AWS Configuration changes",
            filterPattern:
                "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}"
        ),
        Control(
            control: "CloudWatch.6",
            name: "ConsoleSignInFailures",
            title: "Ensure a log metric filter and alarm exist for AWS Management Console authentication failures",
            filterPattern: #"{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}"#
        ),
        Control(
            control: "CloudWatch.7",
            name: "DisableOrDeleteCMK",
            title:
                "Ensure a log metric filter and alarm exist for disabling or scheduled deletion of customer managed keys",
            filterPattern:
                "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}"
        ),
        Control(
            control: "CloudWatch.8",
            name: "S3BucketPolicyChanges",
            title: "Ensure a log metric filter and alarm exist for S3 bucket policy changes",
            filterPattern:
                "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}"
        ),
        Control(
            control: "CloudWatch.9",
            name: "AWSConfigChanges",
            title: "Ensure a log metric filter and alarm exist for AWS Config configuration changes",
            filterPattern:
                "{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}"
        ),
        Control(
            control: "CloudWatch.10",
            name: "SecurityGroupChanges",
            title: "Ensure a log metric filter and alarm exist for security group changes",
            filterPattern:
                "{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}"
        ),
        Control(
            control: "CloudWatch.11",
            name: "NACLChanges",
            title: "Ensure a log metric filter and alarm exist for changes to Network Access Control Lists (NACL)",
            filterPattern:
                "{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}"
        ),
        Control(
            control: "CloudWatch.12",
            name: "NetworkGatewayChanges",
            title: "Ensure a log metric filter and alarm exist for changes to network gateways",
            filterPattern:
                "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}"
        ),
        Control(
            control: "CloudWatch.13",
            name: "RouteTableChanges",
            title: "Ensure a log metric filter and alarm exist for route table changes",
            filterPattern:
                "{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}"
        ),
        Control(
            control: "CloudWatch.14",
            name: "VPCChanges",
            title: "Ensure a log metric filter and alarm exist for VPC changes",
            filterPattern:
                "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}"
        ),
    ]

    /// The metric filters of the set on a log group.
    package static func metricFilters(logGroup: String, namespace: String, now: Int64) -> [MetricFilter] {
        controls.map {
            MetricFilter(
                logGroupName: logGroup,
                filterName: "CIS-" + $0.name,
                filterPattern: $0.filterPattern,
                metricName: $0.name + "Count",
                metricNamespace: namespace,
                metricValue: "1",
                creationTime: now
            )
        }
    }
}
