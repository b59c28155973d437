import Foundation
import Testing
import TrailModel
import TrailServer

@Suite struct MonitoringRequestTests {
    @Test func filterLogEventsLeavesOutWhatIsNotGiven() {
        let all = MonitoringRequest.filterLogEvents(
            logGroupName: "CloudTrail/Default",
            filterPattern: "{ $.eventName = ConsoleLogin }",
            startTime: 1000,
            endTime: 2000
        )
        let bare = MonitoringRequest.filterLogEvents(
            logGroupName: "CloudTrail/Default",
            filterPattern: nil,
            startTime: nil,
            endTime: nil
        )

        #expect(
            all.serializedString
                == #"{"logGroupName":"CloudTrail/Default","filterPattern":"{ $.eventName = ConsoleLogin }","startTime":1000,"endTime":2000}"#
        )
        #expect(bare.serializedString == #"{"logGroupName":"CloudTrail/Default"}"#)
    }

    @Test func putMetricFilterHasOneTransformation() throws {
        let body = try MonitoringRequest.putMetricFilter(
            logGroupName: "G",
            filterName: "Root",
            filterPattern: "{ $.userIdentity.type = Root }",
            metricName: "RootCount",
            metricNamespace: "CIS",
            defaultValue: " 0 "
        )

        #expect(
            body.serializedString
                == #"{"logGroupName":"G","filterName":"Root","filterPattern":"{ $.userIdentity.type = Root }","metricTransformations":[{"metricName":"RootCount","metricNamespace":"CIS","metricValue":"1","defaultValue":0}]}"#
        )
    }

    @Test(arguments: ["1", "2.5", "$.requestParameters.count", "$bytes"])
    func metricValuesAccepted(value: String) throws {
        let body = try MonitoringRequest.putMetricFilter(
            logGroupName: "G",
            filterName: "F",
            filterPattern: "",
            metricName: "M",
            metricNamespace: "N",
            metricValue: value
        )
        #expect(
            body["metricTransformations"]
                == .array([
                    .object([
                        ("metricName", .string("M")), ("metricNamespace", .string("N")),
                        ("metricValue", .string(value)),
                    ])
                ])
        )
    }

    @Test func metricFilterRejectsMalformedValues() {
        #expect(throws: MonitoringRequest.InvalidValue.self) {
            try MonitoringRequest.putMetricFilter(
                logGroupName: "G",
                filterName: "F",
                filterPattern: "",
                metricName: "M",
                metricNamespace: "N",
                metricValue: "many"
            )
        }
        #expect(throws: MonitoringRequest.InvalidValue.self) {
            try MonitoringRequest.putMetricFilter(
                logGroupName: "G",
                filterName: "F",
                filterPattern: "",
                metricName: "M",
                metricNamespace: "N",
                metricValue: "$"
            )
        }
        #expect(throws: MonitoringRequest.InvalidValue.self) {
            try MonitoringRequest.putMetricFilter(
                logGroupName: "G",
                filterName: "F",
                filterPattern: "",
                metricName: "M",
                metricNamespace: "N",
                defaultValue: "zero"
            )
        }
    }

    @Test func putMetricAlarmWritesCloudWatchMembers() throws {
        let body = try MonitoringRequest.putMetricAlarm(
            alarmName: "Root",
            namespace: "CIS",
            metricName: "RootCount",
            statistic: "Sum",
            period: 300,
            evaluationPeriods: 3,
            datapointsToAlarm: 2,
            threshold: "1",
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            treatMissingData: "notBreaching",
            alarmActions: ["security", "pager"],
            okActions: ["security"]
        )

        #expect(
            body.serializedString
                == #"{"alarmName":"Root","namespace":"CIS","metricName":"RootCount","statistic":"Sum","period":300,"evaluationPeriods":3,"datapointsToAlarm":2,"threshold":1,"comparisonOperator":"GreaterThanOrEqualToThreshold","treatMissingData":"notBreaching","alarmActions":["security","pager"],"okActions":["security"]}"#
        )
    }

    @Test func putMetricAlarmChecksCountsAndThreshold() {
        func alarm(evaluationPeriods: Int = 1, datapoints: Int? = nil, threshold: String = "1") throws {
            _ = try MonitoringRequest.putMetricAlarm(
                alarmName: "A",
                namespace: "N",
                metricName: "M",
                statistic: "Sum",
                period: 60,
                evaluationPeriods: evaluationPeriods,
                datapointsToAlarm: datapoints,
                threshold: threshold,
                comparisonOperator: "GreaterThanThreshold"
            )
        }
        #expect(throws: MonitoringRequest.InvalidValue.self) { try alarm(evaluationPeriods: 2, datapoints: 3) }
        #expect(throws: MonitoringRequest.InvalidValue.self) { try alarm(evaluationPeriods: 0) }
        #expect(throws: MonitoringRequest.InvalidValue.self) { try alarm(threshold: "three") }
        #expect(throws: Never.self) { try alarm(threshold: "-0.5e1") }
    }

    @Test func webhookTargetCarriesItsSecretAndOptions() throws {
        let target = try MonitoringRequest.ruleTarget(
            id: "hook",
            webhookURL: "https://hooks.example.com/t",
            secret: "s3cret",
            inputPath: "$.detail",
            maximumRetryAttempts: 3,
            maximumEventAgeInSeconds: 3600
        )

        #expect(
            target.serializedString
                == #"{"id":"hook","webhook":{"url":"https://hooks.example.com/t","secret":"s3cret"},"inputPath":"$.detail","retryPolicy":{"maximumRetryAttempts":3,"maximumEventAgeInSeconds":3600}}"#
        )
    }

    @Test func topicTargetWithInputTransformer() throws {
        let target = try MonitoringRequest.ruleTarget(
            id: "notify",
            topic: "security",
            inputTemplate: #""<who> deleted <bucket>""#,
            inputPathsMap: ["who=$.detail.userIdentity.arn", "bucket=$.detail.requestParameters.bucketName"]
        )

        #expect(
            target.serializedString
                == #"{"id":"notify","topic":"security","inputTransformer":{"inputPathsMap":{"who":"$.detail.userIdentity.arn","bucket":"$.detail.requestParameters.bucketName"},"inputTemplate":"\"<who> deleted <bucket>\""}}"#
        )
    }

    @Test(
        arguments: [
            (webhook: "https://h.example.com", secret: nil, topic: nil, path: nil, template: nil, map: [String]()),
            (webhook: "ftp://h.example.com", secret: "s3cret", topic: nil, path: nil, template: nil, map: []),
            (webhook: "https://h.example.com", secret: "s3cret", topic: "security", path: nil, template: nil, map: []),
            (webhook: nil, secret: nil, topic: nil, path: nil, template: nil, map: []),
            (webhook: nil, secret: "s3cret", topic: "security", path: nil, template: nil, map: []),
            (webhook: nil, secret: nil, topic: "t", path: "$.detail", template: "<x>", map: []),
            (webhook: nil, secret: nil, topic: "t", path: nil, template: nil, map: ["x=$.detail"]),
            (webhook: nil, secret: nil, topic: "t", path: nil, template: "<x>", map: ["x=detail"]),
            (webhook: nil, secret: nil, topic: "t", path: nil, template: "<x>", map: ["x=$.a", "x=$.b"]),
            (webhook: nil, secret: nil, topic: "t", path: nil, template: "<x>", map: ["=$.a"]),
        ] as [(webhook: String?, secret: String?, topic: String?, path: String?, template: String?, map: [String])]
    )
    func malformedTargetsAreRejectedWithoutShowingTheSecret(
        target: (webhook: String?, secret: String?, topic: String?, path: String?, template: String?, map: [String])
    ) {
        let error = #expect(throws: MonitoringRequest.InvalidValue.self) {
            try MonitoringRequest.ruleTarget(
                id: "t1",
                webhookURL: target.webhook,
                secret: target.secret,
                topic: target.topic,
                inputPath: target.path,
                inputTemplate: target.template,
                inputPathsMap: target.map
            )
        }
        #expect(error?.description.contains("s3cret") == false)
    }

    @Test func retryPolicyBounds() {
        #expect(throws: MonitoringRequest.InvalidValue.self) {
            try MonitoringRequest.ruleTarget(id: "t", topic: "t", maximumRetryAttempts: -1)
        }
        #expect(throws: MonitoringRequest.InvalidValue.self) {
            try MonitoringRequest.ruleTarget(id: "t", topic: "t", maximumEventAgeInSeconds: 0)
        }
        #expect(throws: MonitoringRequest.InvalidValue.self) { try MonitoringRequest.ruleTarget(id: "", topic: "t") }
    }

    @Test func messagesOfACloudTrailLogFile() {
        let file = #"{"Records": [{"eventName": "ConsoleLogin"}, {"eventName": "DeleteTrail", "n": 1}]}"#

        #expect(
            MonitoringRequest.logEventMessages(fileContents: Array(file.utf8))
                == [#"{"eventName":"ConsoleLogin"}"#, #"{"eventName":"DeleteTrail","n":1}"#]
        )
        #expect(
            MonitoringRequest.logEventMessages(fileContents: Array(#"[{"a": 1}, "text"]"#.utf8))
                == [#"{"a":1}"#, #""text""#]
        )
    }

    @Test func messagesOneALine() {
        let file = "{\"eventName\": \"A\"}\r\n\n  \n10.0.0.1 alice 403\n"

        #expect(
            MonitoringRequest.logEventMessages(fileContents: Array(file.utf8))
                == [#"{"eventName": "A"}"#, "10.0.0.1 alice 403"]
        )
    }

    @Test func eventPatternsMustBeJSONObjects() throws {
        let pattern = #"{"source": ["aws.s3"]}"#
        #expect(try MonitoringRequest.eventPattern(pattern) == pattern)
        #expect(throws: MonitoringRequest.InvalidValue.self) { try MonitoringRequest.eventPattern(#"["aws.s3"]"#) }
        #expect(throws: MonitoringRequest.InvalidValue.self) { try MonitoringRequest.eventPattern(#"{"source": "#) }
    }
}
