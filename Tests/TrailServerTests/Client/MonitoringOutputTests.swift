import Foundation
import Testing
import TrailModel
import TrailServer

@Suite struct MonitoringOutputTests {
    @Test func tablesPadEveryColumnButTheLast() {
        let table = MonitoringOutput.table(
            header: ["ALARM", "STATE", "REASON"],
            rows: [["RootActivity", "ALARM", "Threshold crossed"], ["A", "OK", ""]]
        )

        #expect(
            table == """
                ALARM         STATE  REASON
                RootActivity  ALARM  Threshold crossed
                A             OK
                """
        )
        #expect(
            MonitoringOutput.table(header: [], rows: [["name:", "x"], ["state:", "ENABLED"]])
                == "name:   x\nstate:  ENABLED"
        )
    }

    @Test func timesAreShownInISO8601() {
        #expect(MonitoringOutput.time(.number("1795179600250")) == "2026-11-20T13:00:00Z")
        #expect(MonitoringOutput.time(.string("2026-11-20T13:00:00Z")) == "2026-11-20T13:00:00Z")
        #expect(MonitoringOutput.time(.number("1e300")) == "1e300")
        #expect(MonitoringOutput.time(nil) == "")
    }

    @Test func logEventLines() throws {
        let event = try JSONValue(
            parsing:
                #"{"logStreamName":"123456789012_CloudTrail_us-east-1","timestamp":1795179600000,"ingestionTime":1795179601000,"message":"{\"eventName\":\"ConsoleLogin\"}","eventId":"1"}"#
        )

        #expect(
            MonitoringOutput.logEventLine(event)
                == #"2026-11-20T13:00:00Z 123456789012_CloudTrail_us-east-1 {"eventName":"ConsoleLogin"}"#
        )
    }

    @Test func recordsAndEnvelopesAsLines() throws {
        let record = try JSONValue(
            parsing:
                #"{"eventTime":"2026-11-20T13:00:00Z","eventSource":"s3.amazonaws.com","eventName":"DeleteBucket","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/alice","userName":"alice"},"errorCode":"AccessDenied"}"#
        )
        let envelope = JSONValue.object([
            ("time", .string("2026-11-20T13:00:00Z")), ("source", .string("aws.s3")),
            ("detail-type", .string("AWS API Call via CloudTrail")), ("detail", record),
        ])

        #expect(
            MonitoringOutput.recordLine(record)
                == "2026-11-20T13:00:00Z s3.amazonaws.com DeleteBucket arn:aws:iam::1:user/alice AccessDenied"
        )
        #expect(
            MonitoringOutput.envelopeLine(envelope)
                == "2026-11-20T13:00:00Z aws.s3 AWS API Call via CloudTrail DeleteBucket arn:aws:iam::1:user/alice"
        )
    }

    @Test func secretsAreMaskedAtAnyDepth() throws {
        let answer = try JSONValue(
            parsing:
                #"{"targets":[{"id":"hook","webhook":{"url":"https://h.example.com","Secret":"s3cret"}},{"id":"t","topic":"secret"}]}"#
        )

        let shown = MonitoringOutput.redactingSecrets(answer).serializedString

        #expect(!shown.contains("s3cret"))
        #expect(
            shown
                == #"{"targets":[{"id":"hook","webhook":{"url":"https://h.example.com","Secret":"********"}},{"id":"t","topic":"secret"}]}"#
        )
    }

    @Test func targetDestinationsNeverShowSecrets() throws {
        let webhook = try JSONValue(parsing: #"{"id":"h","webhook":{"url":"https://h.example.com","secret":"s3cret"}}"#)
        let topic = try JSONValue(parsing: #"{"id":"t","topic":"security","inputPath":"$.detail"}"#)
        let command = try JSONValue(
            parsing:
                #"{"id":"c","command":{"path":"/usr/local/bin/remediate"},"inputTransformer":{"inputPathsMap":{},"inputTemplate":"<x>"}}"#
        )

        #expect(MonitoringOutput.targetDestination(webhook) == "webhook https://h.example.com")
        #expect(MonitoringOutput.targetDestination(topic) == "topic security")
        #expect(MonitoringOutput.targetDestination(command) == "command /usr/local/bin/remediate")
        #expect(MonitoringOutput.targetInput(topic) == "path $.detail")
        #expect(MonitoringOutput.targetInput(command) == "template <x>")
        #expect(MonitoringOutput.targetInput(webhook) == "")
    }

    @Test func statisticsOldestFirst() throws {
        let datapoints = try JSONValue(
            parsing:
                #"[{"timestamp":1795179660000,"sum":4,"maximum":3},{"timestamp":1795179600000,"sum":1,"maximum":1}]"#
        )
        guard case .array(let points) = datapoints else {
            Issue.record("not an array")
            return
        }

        #expect(
            MonitoringOutput.statisticsTable(points, statistics: ["Sum", "Maximum", "SampleCount"]) == """
                TIMESTAMP             SUM  MAXIMUM  SAMPLECOUNT
                2026-11-20T13:00:00Z  1    1
                2026-11-20T13:01:00Z  4    3
                """
        )
        #expect(MonitoringOutput.memberName(statistic: "SampleCount") == "sampleCount")
    }

    @Test func backtestSummaries() throws {
        let answer = try JSONValue(parsing: #"{"matches":[],"scanned":1200,"matched":75}"#)

        #expect(
            MonitoringOutput.backtestSummary(answer, shown: 50, noun: "record")
                == "matched 75 of 1200 records scanned (50 shown)"
        )
        #expect(
            MonitoringOutput.backtestSummary(.object([]), shown: 2, noun: "event") == "matched 2 of ? events scanned"
        )
    }

    @Test func fieldsOfAnObjectWithTheirTimes() throws {
        let rule = try JSONValue(
            parsing:
                #"{"name":"no-root","state":"ENABLED","targetCount":2,"creationTime":1795179600000,"failedAt":"2026-11-20T13:00:00Z"}"#
        )

        #expect(
            MonitoringOutput.fields(rule) == [
                ["name:", "no-root"], ["state:", "ENABLED"], ["targetCount:", "2"],
                ["creationTime:", "2026-11-20T13:00:00Z"], ["failedAt:", "2026-11-20T13:00:00Z"],
            ]
        )
        #expect(MonitoringOutput.fields(.array([])).isEmpty)
    }

    @Test func cellsOfAnyValue() throws {
        #expect(MonitoringOutput.text(.array([.string("a"), .number("2")])) == "a,2")
        #expect(MonitoringOutput.text(.bool(false)) == "false")
        #expect(MonitoringOutput.text(.null) == "")
        #expect(MonitoringOutput.text(try JSONValue(parsing: #"{"a": 1}"#)) == #"{"a":1}"#)
        #expect(MonitoringOutput.list(try JSONValue(parsing: #"{"rules": "x"}"#), "rules").isEmpty)
    }
}
