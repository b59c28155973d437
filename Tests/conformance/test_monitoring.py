"""Monitoring and automated response, end to end on a live server (docs/MONITORING.md).

The issue's seed scenarios:
- a DeleteBucket call on a sensitive bucket is ingested; a rule runs a command that writes a remediation
  record and a webhook receives the event, each within a second;
- five failed sign-ins from one address move an alarm to ALARM and notify its topic, and it returns to OK
  when they stop;
- StopLogging trips the CIS CloudTrail-changes alarm.
Plus the `/v1` API's validation, dry runs, backtests, log group search, failed deliveries and replay, and
the audit records of monitoring calls.
"""
from __future__ import annotations

import json
import stat
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

import otlib
from otlib import ACCOUNT, REGION, post_batch, signed_request

WEBHOOK_SECRET = "monitoring-webhook-secret-0123456789"


class Hook:
    """A local webhook receiver that records (arrival time, headers, JSON body)."""

    def __init__(self, status: int = 200):
        self.received: list[tuple[float, dict, dict]] = []
        self.status = status
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.received.append((time.monotonic(), {k.lower(): v for k, v in self.headers.items()},
                                      json.loads(body)))
                self.send_response(hook.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hook"

    def wait(self, count: int = 1, timeout: float = 10.0, predicate=None) -> list:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = [r for r in self.received if predicate is None or predicate(r[2])]
            if len(got) >= count:
                return got
            time.sleep(0.02)
        return [r for r in self.received if predicate is None or predicate(r[2])]

    def close(self):
        self.server.shutdown()


@pytest.fixture
def hook():
    h = Hook()
    yield h
    h.close()


def call(srv, area: str, action: str, body: dict | None = None, *, key=None, secret=None):
    k, s = srv.root_credentials()
    return signed_request(srv.endpoint, "POST", f"/v1/{area}/{action}", json.dumps(body or {}),
                          service="opentrail", key=key or k, secret=secret or s)


def ok(resp):
    assert resp.status_code == 200, resp.text
    return resp.json()


def ingest(srv, records):
    key, secret = srv.root_credentials()
    started = time.monotonic()
    resp = post_batch(srv.endpoint, records, key=key, secret=secret, service="opentrail")
    assert resp.status_code == 200, resp.text
    return started, time.monotonic()


def record(name: str, source: str, **extra) -> dict:
    return otlib.cloudtrail_record(name=name, source=source, **extra)


def failed_sign_in(ip: str) -> dict:
    r = otlib.cloudtrail_record(name="ConsoleLogin", source="signin.amazonaws.com", read_only=False)
    r.update({
        "eventType": "AwsConsoleSignIn",
        "sourceIPAddress": ip,
        "errorMessage": "Failed authentication",
        "responseElements": {"ConsoleLogin": "Failure"},
        "additionalEventData": {"MFAUsed": "No", "LoginTo": "https://console.aws.amazon.com/"},
    })
    return r


def log_group_arn(name: str) -> str:
    return f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{name}:*"


# -- the seed scenario: a sensitive bucket is deleted -----------------------------------------------------

REMEDIATE = """#!/bin/sh
# Writes what it was given: the event on stdin, and who ran it.
out="$OUT_DIR/remediation-$OPENTRAIL_EVENT_ID.json"
cat > "$out.tmp"
echo "$OPENTRAIL_RULE_NAME $OPENTRAIL_TARGET_ID" > "$out.who"
mv "$out.tmp" "$out"
"""


def test_a_deleted_sensitive_bucket_runs_remediation_and_notifies_within_a_second(fresh_server, hook, tmp_path):
    script = tmp_path / "remediate.sh"
    script.write_text(REMEDIATE)
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    out_dir = tmp_path / "remediations"
    out_dir.mkdir()
    pattern = {"source": ["aws.s3"], "detail-type": ["AWS API Call via CloudTrail"],
               "detail": {"eventName": ["DeleteBucket"],
                          "requestParameters": {"bucketName": [{"prefix": "sensitive-"}]}}}
    config = f"""\
monitors:
  rules:
    - name: sensitive-bucket-deleted
      eventPattern: '{json.dumps(pattern)}'
      targets:
        - id: remediate
          command:
            path: {script}
            timeoutSeconds: 10
            environment: {{OUT_DIR: "{out_dir}"}}
        - id: notify
          webhook: {{url: "{hook.url}", secret: "{WEBHOOK_SECRET}"}}
"""
    srv = fresh_server(config=config)
    # Another bucket, and a read of the sensitive one: neither matches.
    ingest(srv, [record("DeleteBucket", "s3.amazonaws.com", requestParameters={"bucketName": "scratch-1"}),
                 record("GetBucketAcl", "s3.amazonaws.com", read_only=True,
                        requestParameters={"bucketName": "sensitive-payroll"})])
    deleted = record("DeleteBucket", "s3.amazonaws.com", requestParameters={"bucketName": "sensitive-payroll"})
    _, acknowledged = ingest(srv, [deleted])

    got = hook.wait(1, timeout=5)
    assert len(got) == 1, "the webhook got nothing"
    arrived, headers, event = got[0]
    assert arrived - acknowledged < 1.0, f"webhook after {arrived - acknowledged:.3f}s"
    assert event["detail-type"] == "AWS API Call via CloudTrail"
    assert event["source"] == "aws.s3" and event["account"] == ACCOUNT and event["region"] == REGION
    assert event["detail"]["eventID"] == deleted["eventID"]
    assert event["detail"]["requestParameters"]["bucketName"] == "sensitive-payroll"
    assert headers["x-opentrail-rule"] == "sensitive-bucket-deleted"
    assert headers["x-opentrail-signature-256"].startswith("sha256=")

    deadline = time.monotonic() + 5
    files = []
    while time.monotonic() < deadline and not files:
        files = [p for p in out_dir.glob("remediation-*.json")]
        time.sleep(0.02)
    assert files, "the remediation command did not run"
    written = time.monotonic()
    assert written - acknowledged < 1.5
    remediation = json.loads(files[0].read_text())
    assert remediation["detail"]["eventID"] == deleted["eventID"]
    assert (out_dir / (files[0].name + ".who")).read_text().split() == ["sensitive-bucket-deleted", "remediate"]
    # Exactly one event matched, once.
    time.sleep(0.5)
    assert len(hook.received) == 1
    assert len(list(out_dir.glob("remediation-*.json"))) == 1


def test_the_webhook_is_signed_with_the_targets_secret(fresh_server):
    import hashlib
    import hmac

    bodies = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            bodies.append((dict(self.headers), self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        srv = fresh_server()
        ok(call(srv, "rules", "PutRule", {"name": "all-s3", "eventPattern": json.dumps({"source": ["aws.s3"]})}))
        ok(call(srv, "rules", "PutTargets", {"rule": "all-s3", "targets": [
            {"id": "hook", "webhook": {"url": f"http://127.0.0.1:{server.server_port}/", "secret": WEBHOOK_SECRET}}]}))
        ingest(srv, [record("PutBucketPolicy", "s3.amazonaws.com")])
        deadline = time.monotonic() + 5
        while not bodies and time.monotonic() < deadline:
            time.sleep(0.02)
        assert bodies
        headers, body = bodies[0]
        headers = {k.lower(): v for k, v in headers.items()}
        expected = hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
        assert headers["x-opentrail-signature-256"] == "sha256=" + expected
        # The secret is never shown back.
        targets = ok(call(srv, "rules", "ListTargetsByRule", {"rule": "all-s3"}))
        assert WEBHOOK_SECRET not in json.dumps(targets)
    finally:
        server.shutdown()


# -- the seed scenario: failed sign-ins --------------------------------------------------------------------

def alarm_state(srv, name):
    alarms = ok(call(srv, "alarms", "DescribeAlarms", {"alarmNames": [name]}))["metricAlarms"]
    assert len(alarms) == 1
    return alarms[0]


def wait_state(srv, name, state, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = alarm_state(srv, name)
        if current["stateValue"] == state:
            return current
        time.sleep(0.05)
    return alarm_state(srv, name)


def test_five_failed_sign_ins_move_an_alarm_to_alarm_and_back_to_ok(fresh_server, hook):
    config = (f"topics:\n  - name: security\n    subscriptions:\n      - type: webhook\n"
              f"        url: {hook.url}\n        secret: {WEBHOOK_SECRET}\n")
    srv = fresh_server(config=config)
    client = srv.client()
    group = "CloudTrail/SignIns"
    ok(call(srv, "logs", "CreateLogGroup", {"logGroupName": group, "retentionInDays": 30}))
    client.create_trail(Name="signins", S3BucketName=otlib.BUCKET, CloudWatchLogsLogGroupArn=log_group_arn(group),
                        CloudWatchLogsRoleArn=f"arn:aws:iam::{ACCOUNT}:role/CloudTrail_CloudWatchLogs_Role")
    client.start_logging(Name="signins")
    ok(call(srv, "logs", "PutMetricFilter", {
        "logGroupName": group, "filterName": "ConsoleSignInFailures",
        "filterPattern": '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
        "metricTransformations": [{"metricName": "ConsoleSignInFailureCount",
                                   "metricNamespace": "CloudTrailMetrics", "metricValue": "1",
                                   "defaultValue": 0}]}))
    ok(call(srv, "alarms", "PutMetricAlarm", {
        "alarmName": "console-sign-in-failures", "namespace": "CloudTrailMetrics",
        "metricName": "ConsoleSignInFailureCount", "statistic": "Sum", "period": 60, "evaluationPeriods": 1,
        "threshold": 5, "comparisonOperator": "GreaterThanOrEqualToThreshold", "treatMissingData": "notBreaching",
        "alarmActions": ["security"], "okActions": ["security"]}))
    assert alarm_state(srv, "console-sign-in-failures")["stateValue"] in ("INSUFFICIENT_DATA", "OK")
    # Start late in a minute, so the breaching minute closes (and the next one passes) soon.
    while not 40 <= time.gmtime().tm_sec <= 50:
        time.sleep(0.2)
    ingest(srv, [failed_sign_in("198.51.100.7") for _ in range(4)])
    time.sleep(0.3)
    assert alarm_state(srv, "console-sign-in-failures")["stateValue"] != "ALARM", "4 failures must not alarm"
    _, acknowledged = ingest(srv, [failed_sign_in("198.51.100.7")])
    alarmed = wait_state(srv, "console-sign-in-failures", "ALARM", timeout=3)
    assert alarmed["stateValue"] == "ALARM"
    assert "Threshold Crossed" in alarmed["stateReason"]
    got = hook.wait(1, timeout=5, predicate=lambda b: json.loads(b["Message"])["NewStateValue"] == "ALARM")
    assert got, "the topic was not notified of ALARM"
    arrived, headers, envelope = got[0]
    assert arrived - acknowledged < 1.0, f"ALARM notification after {arrived - acknowledged:.3f}s"
    assert envelope["Type"] == "Notification" and envelope["Subject"].startswith("ALARM:")
    message = json.loads(envelope["Message"])
    assert message["AlarmName"] == "console-sign-in-failures" and message["OldStateValue"] in (
        "INSUFFICIENT_DATA", "OK")
    assert message["Trigger"]["MetricName"] == "ConsoleSignInFailureCount"
    # The sign-ins are in the log group, one log event per record, in the account/region stream.
    events = ok(call(srv, "logs", "FilterLogEvents", {"logGroupName": group,
                                                      "filterPattern": '{ $.sourceIPAddress = "198.51.100.7" }'}))
    assert len(events["events"]) == 5
    assert {e["logStreamName"] for e in events["events"]} == {f"{ACCOUNT}_CloudTrail_{REGION}"}
    # They stop; other sign-ins go on. A minute with events but no failure records the filter's default
    # value (0), so once such a minute has passed the alarm is OK again, and says so.
    deadline = time.monotonic() + 150
    back = alarm_state(srv, "console-sign-in-failures")
    while back["stateValue"] != "OK" and time.monotonic() < deadline:
        success = failed_sign_in("198.51.100.8")
        success.pop("errorMessage")
        success["responseElements"] = {"ConsoleLogin": "Success"}
        ingest(srv, [success])
        back = wait_state(srv, "console-sign-in-failures", "OK", timeout=5)
    assert back["stateValue"] == "OK", back
    assert hook.wait(1, timeout=5, predicate=lambda b: json.loads(b["Message"])["NewStateValue"] == "OK")
    history = ok(call(srv, "alarms", "DescribeAlarmHistory", {"alarmName": "console-sign-in-failures"}))
    summaries = [i["historySummary"] for i in history["alarmHistoryItems"]]
    assert any("to ALARM" in s for s in summaries) and any("ALARM to OK" in s for s in summaries), summaries
    stats = ok(call(srv, "alarms", "GetMetricStatistics", {
        "namespace": "CloudTrailMetrics", "metricName": "ConsoleSignInFailureCount",
        "startTime": int((time.time() - 600) * 1000), "endTime": int(time.time() * 1000), "period": 60,
        "statistics": ["Sum", "SampleCount"]}))
    assert sum(p["sum"] for p in stats["datapoints"]) == 5


def test_stop_logging_trips_the_cis_cloudtrail_changes_alarm(fresh_server, hook):
    config = (f"topics:\n  - name: cis\n    subscriptions:\n      - type: webhook\n"
              f"        url: {hook.url}\n        secret: {WEBHOOK_SECRET}\n")
    srv = fresh_server(config=config)
    client = srv.client()
    group = "CloudTrail/DefaultLogGroup"
    ok(call(srv, "logs", "CreateLogGroup", {"logGroupName": group}))
    client.create_trail(Name="org-audit", S3BucketName=otlib.BUCKET, CloudWatchLogsLogGroupArn=log_group_arn(group),
                        CloudWatchLogsRoleArn=f"arn:aws:iam::{ACCOUNT}:role/CT")
    client.start_logging(Name="org-audit")
    time.sleep(0.5)  # the StartLogging record is monitored before the CIS set exists
    installed = ok(call(srv, "monitors", "InstallCIS", {"logGroupName": group, "topic": "cis"}))
    assert len(installed["metricFilters"]) == 14 and len(installed["alarms"]) == 14
    time.sleep(1.5)
    assert alarm_state(srv, "CIS-CloudTrailChanges")["stateValue"] == "OK"
    # Someone stops the trail itself: the call is on the trail's log group, and the alarm fires.
    started = time.monotonic()
    client.stop_logging(Name="org-audit")
    alarm = wait_state(srv, "CIS-CloudTrailChanges", "ALARM", timeout=3)
    assert alarm["stateValue"] == "ALARM", alarm
    got = hook.wait(1, timeout=5, predicate=lambda b: json.loads(b["Message"])["AlarmName"] == "CIS-CloudTrailChanges")
    assert got and got[0][0] - started < 2.0
    stops = ok(call(srv, "logs", "FilterLogEvents", {"logGroupName": group,
                                                     "filterPattern": "{ $.eventName = StopLogging }"}))["events"]
    assert len(stops) == 1 and json.loads(stops[0]["message"])["requestParameters"]["name"] == "org-audit"
    # Events after the stop are not streamed any more.
    client.create_trail(Name="later", S3BucketName=otlib.BUCKET)
    time.sleep(0.5)
    creates = ok(call(srv, "logs", "FilterLogEvents", {"logGroupName": group,
                                                       "filterPattern": "{ $.eventName = CreateTrail }"}))["events"]
    assert creates == []
    # The only other CIS alarm these calls trip is root usage: they were made with the root user's key.
    alarming = ok(call(srv, "alarms", "DescribeAlarms", {"stateValue": "ALARM"}))["metricAlarms"]
    assert sorted(a["alarmName"] for a in alarming) == ["CIS-CloudTrailChanges", "CIS-RootAccountUsage"]


# -- the API ----------------------------------------------------------------------------------------------

def test_pattern_errors_name_the_position_and_the_problem(fresh_server):
    srv = fresh_server()
    ok(call(srv, "logs", "CreateLogGroup", {"logGroupName": "g"}))
    resp = call(srv, "logs", "PutMetricFilter", {
        "logGroupName": "g", "filterName": "f", "filterPattern": "{ $.eventName = }",
        "metricTransformations": [{"metricName": "m", "metricNamespace": "n", "metricValue": "1"}]})
    assert resp.status_code == 400
    assert resp.json()["code"] == "InvalidParameterException"
    assert "position" in resp.json()["message"]
    resp = call(srv, "rules", "PutRule", {"name": "bad", "eventPattern": '{"source": "aws.s3"}'})
    assert resp.status_code == 400 and resp.json()["code"] == "InvalidEventPatternException"
    assert resp.json()["message"].startswith("Event pattern is not valid. Reason:")
    resp = call(srv, "alarms", "PutMetricAlarm", {
        "alarmName": "a", "namespace": "n", "metricName": "m", "statistic": "Sum", "period": 45,
        "evaluationPeriods": 1, "threshold": 1, "comparisonOperator": "GreaterThanThreshold"})
    assert resp.status_code == 400
    # Unknown groups and rules are not found.
    assert call(srv, "logs", "FilterLogEvents", {"logGroupName": "nope"}).status_code == 404
    assert call(srv, "rules", "DescribeRule", {"name": "nope"}).status_code == 404


def test_only_root_manages_monitors_and_every_call_is_on_the_record(fresh_server):
    srv = fresh_server(config=True)
    resp = call(srv, "rules", "PutRule", {"name": "r", "eventPattern": '{"source": ["aws.s3"]}'},
                key=otlib.ALICE_KEY, secret=otlib.ALICE_SECRET)
    assert resp.status_code == 403 and resp.json()["code"] == "AccessDenied"
    ok(call(srv, "rules", "PutRule", {"name": "r", "eventPattern": '{"source": ["aws.s3"]}'}))
    ok(call(srv, "rules", "PutTargets", {"rule": "r", "targets": [
        {"id": "t", "webhook": {"url": "http://127.0.0.1:9/x", "secret": WEBHOOK_SECRET}}]}))
    client = srv.client()
    events = otlib.lookup_all(client, "EventSource", "events.amazonaws.com")
    names = sorted(e["EventName"] for e in events)
    assert names == ["PutRule", "PutRule", "PutTargets"], names
    denied = [e for e in events if json.loads(e["CloudTrailEvent"]).get("errorCode") == "AccessDenied"]
    assert len(denied) == 1
    for e in events:
        assert WEBHOOK_SECRET not in e["CloudTrailEvent"]
    # Command targets only come from the config file.
    resp = call(srv, "rules", "PutTargets", {"rule": "r", "targets": [{"id": "c", "command": {"path": "/bin/true"}}]})
    assert resp.status_code == 400 and "config file" in resp.json()["message"]


def test_dry_runs_and_backtests(fresh_server):
    srv = fresh_server()
    pattern = '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'
    good = json.dumps(failed_sign_in("203.0.113.1"))
    other = json.dumps(record("ListBuckets", "s3.amazonaws.com", read_only=True))
    tested = ok(call(srv, "logs", "TestMetricFilter", {"filterPattern": pattern, "logEventMessages": [other, good]}))
    assert [m["eventNumber"] for m in tested["matches"]] == [2]
    event = {"id": str(uuid.uuid4()), "account": ACCOUNT, "source": "aws.s3", "time": "2026-11-21T10:00:00Z",
             "region": REGION, "detail-type": "AWS API Call via CloudTrail", "resources": [],
             "detail": {"eventName": "DeleteBucket"}}
    assert ok(call(srv, "rules", "TestEventPattern", {
        "eventPattern": '{"detail": {"eventName": [{"prefix": "Delete"}]}}', "event": json.dumps(event)}))["result"]
    assert not ok(call(srv, "rules", "TestEventPattern", {
        "eventPattern": '{"detail": {"eventName": [{"anything-but": "DeleteBucket"}]}}',
        "event": json.dumps(event)}))["result"]
    # Backtests over the stored history.
    ingest(srv, [failed_sign_in("203.0.113.9"), failed_sign_in("203.0.113.9"),
                 record("DeleteBucket", "s3.amazonaws.com", requestParameters={"bucketName": "b"}),
                 record("ListBuckets", "s3.amazonaws.com", read_only=True)])
    back = ok(call(srv, "logs", "BacktestMetricFilter", {"filterPattern": pattern}))
    assert back["matched"] == 2 and len(back["matches"]) == 2 and back["scanned"] >= 4
    rules_back = ok(call(srv, "rules", "BacktestEventPattern", {"eventPattern": '{"source": ["aws.s3"]}'}))
    assert rules_back["matched"] == 1  # the read-only ListBuckets only with the opt-in
    assert rules_back["matches"][0]["detail"]["eventName"] == "DeleteBucket"
    with_reads = ok(call(srv, "rules", "BacktestEventPattern", {"eventPattern": '{"source": ["aws.s3"]}',
                                                                 "includeReadOnlyEvents": True}))
    assert with_reads["matched"] == 2


def test_read_only_events_reach_only_rules_that_opt_in(fresh_server, hook):
    srv = fresh_server()
    for name, state in [("writes", "ENABLED"), ("everything", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")]:
        ok(call(srv, "rules", "PutRule", {"name": name, "state": state, "eventPattern": '{"source": ["aws.ec2"]}'}))
        ok(call(srv, "rules", "PutTargets", {"rule": name, "targets": [
            {"id": "h", "webhook": {"url": hook.url, "secret": WEBHOOK_SECRET},
             "inputTransformer": {"inputPathsMap": {"name": "$.detail.eventName"},
                                  "inputTemplate": '{"rule": "<aws.events.rule-name>", "call": <name>}'}}]}))
    ingest(srv, [record("DescribeInstances", "ec2.amazonaws.com", read_only=True),
                 record("TerminateInstances", "ec2.amazonaws.com", read_only=False)])
    got = hook.wait(3, timeout=5)
    time.sleep(0.3)
    bodies = sorted((b["rule"], b["call"]) for _, _, b in hook.received)
    assert bodies == [("everything", "DescribeInstances"), ("everything", "TerminateInstances"),
                      ("writes", "TerminateInstances")], got


def test_failed_deliveries_are_kept_and_replayed(fresh_server):
    failing = Hook(status=500)
    try:
        srv = fresh_server()
        ok(call(srv, "rules", "PutRule", {"name": "r", "eventPattern": '{"source": ["aws.kms"]}'}))
        ok(call(srv, "rules", "PutTargets", {"rule": "r", "targets": [
            {"id": "h", "webhook": {"url": failing.url, "secret": WEBHOOK_SECRET},
             "retryPolicy": {"maximumRetryAttempts": 1, "maximumEventAgeInSeconds": 60}}]}))
        ingest(srv, [record("ScheduleKeyDeletion", "kms.amazonaws.com")])
        deadline = time.monotonic() + 10
        failures = []
        while time.monotonic() < deadline and not failures:
            failures = ok(call(srv, "rules", "ListFailedDeliveries", {"rule": "r"}))["failures"]
            time.sleep(0.1)
        assert len(failures) == 1, "the failure was not kept"
        assert failures[0]["attempts"] == 2 and "500" in failures[0]["lastError"]
        assert failures[0]["event"]["detail"]["eventName"] == "ScheduleKeyDeletion"
        assert len(failing.received) == 2
        failing.status = 200
        assert ok(call(srv, "rules", "ReplayFailedDeliveries", {"ids": [failures[0]["id"]]}))["replayed"] == 1
        assert len(failing.wait(3, timeout=5)) == 3
        time.sleep(0.3)
        assert ok(call(srv, "rules", "ListFailedDeliveries", {}))["failures"] == []
    finally:
        failing.close()


def test_a_restart_resumes_without_losing_or_repeating_actions(fresh_server, hook):
    srv = fresh_server()
    ok(call(srv, "rules", "PutRule", {"name": "r", "eventPattern": '{"detail": {"eventName": ["CreateUser"]}}'}))
    ok(call(srv, "rules", "PutTargets", {"rule": "r", "targets": [
        {"id": "h", "webhook": {"url": hook.url, "secret": WEBHOOK_SECRET}}]}))
    ingest(srv, [record("CreateUser", "iam.amazonaws.com")])
    assert len(hook.wait(1)) == 1
    srv.kill()
    srv.start()
    ingest(srv, [record("CreateUser", "iam.amazonaws.com")])
    assert len(hook.wait(2)) == 2
    time.sleep(0.5)
    assert len(hook.received) == 2


def test_a_config_file_with_an_invalid_monitor_stops_the_start_with_the_reason(fresh_server):
    import subprocess

    srv = fresh_server(config="monitors:\n  rules:\n    - name: bad\n      eventPattern: '{\"source\": \"aws.s3\"}'\n",
                       start=False)
    srv.port = otlib.free_port()
    proc = subprocess.run(srv.command(), env=srv.environment(), capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    assert "monitors in the config file" in output and "Event pattern is not valid" in output, output


def test_config_file_definitions_are_applied_at_start_and_protected(fresh_server):
    config = """\
monitors:
  logGroups:
    - name: CloudTrail/Configured
      retentionInDays: 7
  metricFilters:
    - logGroupName: CloudTrail/Configured
      filterName: Root
      filterPattern: '{ $.userIdentity.type = "Root" }'
      metricName: RootCount
      metricNamespace: Ops
  alarms:
    - alarmName: root-activity
      namespace: Ops
      metricName: RootCount
      statistic: Sum
      period: 300
      evaluationPeriods: 1
      threshold: 1
      comparisonOperator: GreaterThanOrEqualToThreshold
"""
    srv = fresh_server(config=config)
    groups = ok(call(srv, "logs", "DescribeLogGroups"))["logGroups"]
    assert [(g["logGroupName"], g["retentionInDays"]) for g in groups] == [("CloudTrail/Configured", 7)]
    assert ok(call(srv, "logs", "DescribeMetricFilters"))["metricFilters"][0]["filterName"] == "Root"
    assert alarm_state(srv, "root-activity")["stateValue"] == "INSUFFICIENT_DATA"
    resp = call(srv, "logs", "DeleteLogGroup", {"logGroupName": "CloudTrail/Configured"})
    assert resp.status_code == 409 and resp.json()["code"] == "Conflict"
    resp = call(srv, "alarms", "DeleteAlarms", {"alarmNames": ["root-activity"]})
    assert resp.status_code == 409
    # A restart applies the file again and keeps the alarm's state and history.
    srv.stop()
    srv.start()
    assert alarm_state(srv, "root-activity")["stateValue"] == "INSUFFICIENT_DATA"
