"""Ingest-to-action latency of monitors on a live server: the native batch endpoint acknowledges a record ->
(1) a rule's webhook target receives it; (2) a metric filter moves its alarm to ALARM and the alarm's topic
webhook receives the notification. Prints p50/p90/p99/max for each.

Rules: one rule matches `eventName = MonitorProbe`; `--events` probes are acknowledged `--interval` apart, with
`--background` non-matching records per probe in the same batch, so the engine has other work.
Alarms: `--alarms` alarms (Sum >= 1 over 60 s), each on its own metric filter; each trial ingests the one
record its filter matches."""

from __future__ import annotations

import argparse
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCOUNT = "123456789012"
SECRET = "bench-webhook-secret-0123456789"


def signed(endpoint, path, body, key, secret):
    data = json.dumps(body).encode()
    request = AWSRequest(method="POST", url=endpoint + path, data=data, headers={"Content-Type": "application/json"})
    SigV4Auth(Credentials(key, secret), "opentrail", "us-east-1").add_auth(request)
    prepared = request.prepare()
    headers = {k: v for k, v in prepared.headers.items() if k.lower() != "content-length"}
    resp = requests.post(prepared.url, data=data, headers=headers, timeout=30)
    assert resp.status_code == 200, resp.text
    return resp.json()


def record(name, source="iam.amazonaws.com", **extra):
    now = time.gmtime()
    r = {
        "eventVersion": "1.11",
        "userIdentity": {"type": "IAMUser", "principalId": "AIDABENCH", "accountId": ACCOUNT, "userName": "bench",
                         "arn": f"arn:aws:iam::{ACCOUNT}:user/bench"},
        "eventTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", now),
        "eventSource": source, "eventName": name, "awsRegion": "us-east-1", "sourceIPAddress": "192.0.2.1",
        "userAgent": "bench", "requestParameters": {"userName": "x"}, "responseElements": None,
        "eventID": str(uuid.uuid4()), "readOnly": False, "eventType": "AwsApiCall", "managementEvent": True,
        "recipientAccountId": ACCOUNT, "eventCategory": "Management",
    }
    r.update(extra)
    return r


def percentiles(values):
    values = sorted(values)

    def at(p):
        return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

    return f"p50 {at(50) * 1000:.0f} ms, p90 {at(90) * 1000:.0f} ms, p99 {at(99) * 1000:.0f} ms, " \
           f"max {values[-1] * 1000:.0f} ms ({len(values)} samples)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--hook-port", type=int, required=True)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--interval", type=float, default=0.05)
    parser.add_argument("--background", type=int, default=9)
    parser.add_argument("--alarms", type=int, default=40)
    args = parser.parse_args()

    arrivals: dict[str, float] = {}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            now = time.monotonic()
            if "detail" in body:
                key = body["detail"]["eventID"]
            else:
                key = json.loads(body["Message"])["AlarmName"]
            with lock:
                arrivals.setdefault(key, now)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    hook = ThreadingHTTPServer(("127.0.0.1", args.hook_port), Handler)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{args.hook_port}/"

    def call(path, body):
        return signed(args.endpoint, path, body, args.key, args.secret)

    def ingest(records):
        sent = time.monotonic()
        call("/v1/events", {"Records": records})
        return time.monotonic(), sent

    # 1. Rules.
    call("/v1/rules/PutRule", {"name": "probe", "eventPattern": json.dumps({"detail": {"eventName": ["MonitorProbe"]}})})
    call("/v1/rules/PutTargets", {"rule": "probe", "targets": [{"id": "hook", "webhook": {"url": url, "secret": SECRET}}]})
    for i in range(60):  # 60 more rules that do not match the probes
        call("/v1/rules/PutRule", {"name": f"other-{i}", "eventPattern": json.dumps(
            {"source": ["aws.iam"], "detail": {"eventName": [f"Other{i}"]}})})
    acked = {}
    for _ in range(args.events):
        probe = record("MonitorProbe")
        batch = [record("CreateUser") for _ in range(args.background)] + [probe]
        done, _ = ingest(batch)
        acked[probe["eventID"]] = done
        time.sleep(args.interval)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(k in arrivals for k in acked):
        time.sleep(0.05)
    latencies = [arrivals[k] - t for k, t in acked.items() if k in arrivals]
    missing = len(acked) - len(latencies)
    print(f"rule -> webhook target: {percentiles(latencies)}" + (f"; {missing} never arrived" if missing else ""))

    # 2. Alarms.
    call("/v1/logs/CreateLogGroup", {"logGroupName": "bench"})
    import boto3
    ct = boto3.client("cloudtrail", endpoint_url=args.endpoint, region_name="us-east-1",
                      aws_access_key_id=args.key, aws_secret_access_key=args.secret)
    ct.create_trail(Name="bench", S3BucketName="bench-logs",
                    CloudWatchLogsLogGroupArn=f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:bench:*",
                    CloudWatchLogsRoleArn=f"arn:aws:iam::{ACCOUNT}:role/CT")
    ct.start_logging(Name="bench")
    for i in range(args.alarms):
        call("/v1/logs/PutMetricFilter", {"logGroupName": "bench", "filterName": f"f{i}",
                                          "filterPattern": f"{{ $.eventName = AlarmProbe{i} }}",
                                          "metricTransformations": [{"metricName": f"m{i}", "metricNamespace": "Bench",
                                                                     "metricValue": "1"}]})
        call("/v1/alarms/PutMetricAlarm", {"alarmName": f"alarm-{i}", "namespace": "Bench", "metricName": f"m{i}",
                                           "statistic": "Sum", "period": 60, "evaluationPeriods": 1, "threshold": 1,
                                           "comparisonOperator": "GreaterThanOrEqualToThreshold",
                                           "treatMissingData": "notBreaching", "alarmActions": ["bench-alarms"]})
    time.sleep(1.5)
    alarm_acked = {}
    for i in range(args.alarms):
        done, _ = ingest([record(f"AlarmProbe{i}")] + [record("CreateUser") for _ in range(args.background)])
        alarm_acked[f"alarm-{i}"] = done
        time.sleep(0.2)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(k in arrivals for k in alarm_acked):
        time.sleep(0.05)
    latencies = [arrivals[k] - t for k, t in alarm_acked.items() if k in arrivals]
    missing = len(alarm_acked) - len(latencies)
    print(f"metric filter -> alarm ALARM -> topic webhook: {percentiles(latencies)}"
          + (f"; {missing} never arrived" if missing else ""))
    hook.shutdown()


if __name__ == "__main__":
    main()
