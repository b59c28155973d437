"""Trails deliver CloudTrail log files: to moto S3 and to the local directory store, in AWS's key
layout, gzipped `{"Records": [...]}`, selected by the trail's selectors and region, with status,
notifications, outages and crashes."""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

import otlib
from otlib import ACCOUNT, LOG_KEY_PATTERN, REGION, cloudtrail_record, flush, post_batch


def ingest(srv, records):
    key, secret = srv.root_credentials()
    resp = post_batch(srv.endpoint, records, key=key, secret=secret, service="opentrail")
    assert resp.status_code == 200, resp.text
    assert resp.json()["stored"] == len(records), resp.text
    return [r["eventID"] for r in records]


def delivered_ids(files) -> list[str]:
    return [record["eventID"] for records in files.values() for record in records]


@pytest.fixture
def s3_server(fresh_server, moto):
    """A server delivering to moto, with a fresh bucket; returns (server, client, s3, bucket)."""
    s3 = moto.s3()
    bucket = otlib.unique_name("bucket").lower()
    s3.create_bucket(Bucket=bucket)
    srv = fresh_server(config=otlib.s3_store_config(moto.endpoint))
    return srv, srv.client(), s3, bucket


def test_files_reach_the_bucket_in_cloudtrails_layout(s3_server):
    srv, client, s3, bucket = s3_server
    arn = client.create_trail(Name="layout", S3BucketName=bucket, S3KeyPrefix="team/logs")["TrailARN"]
    client.start_logging(Name="layout")
    ids = ingest(srv, [cloudtrail_record() for _ in range(5)])
    report = flush(srv)
    assert report["failures"] == {}
    assert report["delivered"][arn]
    files = otlib.s3_objects(s3, bucket)
    assert files
    for key in files:
        match = re.match(LOG_KEY_PATTERN, key)
        assert match, key
        assert match["prefix"] == "team/logs" and match["account"] == ACCOUNT and match["region"] == REGION
    got = delivered_ids(files)
    assert set(ids) <= set(got)
    assert len(got) == len(set(got)), "an event was delivered twice"
    # The records are the stored ones, byte for byte in content.
    by_id = {r["eventID"]: r for records in files.values() for r in records}
    assert by_id[ids[0]]["userIdentity"]["userName"] == "delivery-test"
    # The object is gzip as stored; boto3 hands back the compressed bytes.
    head = s3.head_object(Bucket=bucket, Key=next(iter(files)))
    assert head["ContentType"] == "application/json"
    status = client.get_trail_status(Name="layout")
    assert status["IsLogging"] and "LatestDeliveryTime" in status and "LatestDeliveryError" not in status


def test_every_event_is_delivered_once_across_flushes(s3_server):
    srv, client, s3, bucket = s3_server
    client.create_trail(Name="once", S3BucketName=bucket)
    client.start_logging(Name="once")
    ids = []
    for _ in range(3):
        ids += ingest(srv, [cloudtrail_record() for _ in range(20)])
        flush(srv)
    flush(srv)
    got = delivered_ids(otlib.s3_objects(s3, bucket))
    assert set(ids) <= set(got)
    assert len(got) == len(set(got))


def test_logging_takes_effect_for_events_after_the_call(s3_server):
    srv, client, s3, bucket = s3_server
    client.create_trail(Name="window", S3BucketName=bucket)
    before = ingest(srv, [cloudtrail_record()])
    client.start_logging(Name="window")
    during = ingest(srv, [cloudtrail_record()])
    client.stop_logging(Name="window")
    after = ingest(srv, [cloudtrail_record()])
    flush(srv)
    got = set(delivered_ids(otlib.s3_objects(s3, bucket)))
    assert set(during) <= got
    assert not (set(before) | set(after)) & got
    # The trail's own StartLogging call was recorded after logging started, and is delivered.
    names = {r["eventName"] for records in otlib.s3_objects(s3, bucket).values() for r in records}
    assert "StartLogging" in names


@pytest.mark.parametrize(
    "selectors, expected",
    [
        ([{"ReadWriteType": "ReadOnly", "IncludeManagementEvents": True}], {"read"}),
        ([{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True}], {"write"}),
        (
            [{"ReadWriteType": "All", "IncludeManagementEvents": False,
              "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::watched/"]}]}],
            {"data-watched"},
        ),
    ],
    ids=["read-only", "write-only", "data-s3-prefix"],
)
def test_selectors_choose_the_events(s3_server, selectors, expected):
    srv, client, s3, bucket = s3_server
    client.create_trail(Name="sel", S3BucketName=bucket)
    client.put_event_selectors(TrailName="sel", EventSelectors=selectors)
    client.start_logging(Name="sel")
    kinds = {
        "read": cloudtrail_record(name="GetBucketAcl", read_only=True),
        "write": cloudtrail_record(name="PutBucketAcl", read_only=False),
        "data-watched": cloudtrail_record(
            name="GetObject", read_only=True, management=False,
            resources=[{"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::watched/a.txt"},
                       {"type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::watched"}]),
        "data-other": cloudtrail_record(
            name="GetObject", read_only=True, management=False,
            resources=[{"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::other/a.txt"},
                       {"type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::other"}]),
    }
    ingest(srv, list(kinds.values()))
    flush(srv)
    got = set(delivered_ids(otlib.s3_objects(s3, bucket)))
    delivered = {kind for kind, record in kinds.items() if record["eventID"] in got}
    assert delivered == expected


def test_multi_region_trails_take_every_region_and_single_region_trails_their_own(fresh_server, moto):
    s3 = moto.s3()
    buckets = {name: otlib.unique_name(name).lower() for name in ("multi", "single")}
    for bucket in buckets.values():
        s3.create_bucket(Bucket=bucket)
    srv = fresh_server(config=otlib.s3_store_config(moto.endpoint))
    client = srv.client()
    client.create_trail(Name="multi", S3BucketName=buckets["multi"], IsMultiRegionTrail=True)
    client.create_trail(Name="single", S3BucketName=buckets["single"])
    client.start_logging(Name="multi")
    client.start_logging(Name="single")
    home, other = cloudtrail_record(region=REGION), cloudtrail_record(region="eu-west-1")
    ingest(srv, [home, other])
    flush(srv)
    multi = otlib.s3_objects(s3, buckets["multi"])
    single = otlib.s3_objects(s3, buckets["single"])
    assert {home["eventID"], other["eventID"]} <= set(delivered_ids(multi))
    assert home["eventID"] in delivered_ids(single) and other["eventID"] not in delivered_ids(single)
    # Files are per region: the eu-west-1 event sits under its own region's folder.
    eu = [key for key, records in multi.items() if any(r["eventID"] == other["eventID"] for r in records)]
    assert eu and all("/CloudTrail/eu-west-1/" in key and "_CloudTrail_eu-west-1_" in key for key in eu)


def test_a_missing_bucket_is_refused_as_aws_does(s3_server):
    srv, client, s3, bucket = s3_server
    otlib.assert_client_error("S3BucketDoesNotExistException", client.create_trail,
                              Name="nobucket", S3BucketName="no-such-bucket-" + uuid.uuid4().hex[:8])
    client.create_trail(Name="hasbucket", S3BucketName=bucket)
    otlib.assert_client_error("S3BucketDoesNotExistException", client.update_trail,
                              Name="hasbucket", S3BucketName="no-such-bucket-" + uuid.uuid4().hex[:8])


@pytest.mark.aws_cli
def test_the_aws_cli_creates_a_trail_whose_files_arrive(s3_server):
    import subprocess
    import sys

    srv, client, s3, bucket = s3_server
    key, secret = srv.root_credentials()
    env = {"AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret, "AWS_DEFAULT_REGION": REGION,
           "PATH": "/usr/bin:/bin", "HOME": str(srv.data_dir)}
    base = [sys.executable, "-m", "awscli", "cloudtrail", "--endpoint-url", srv.endpoint]
    out = subprocess.run(base + ["create-trail", "--name", "cli", "--s3-bucket-name", bucket],
                         env=env, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["S3BucketName"] == bucket
    subprocess.run(base + ["start-logging", "--name", "cli"], env=env, check=True, capture_output=True)
    ids = ingest(srv, [cloudtrail_record()])
    flush(srv)
    assert set(ids) <= set(delivered_ids(otlib.s3_objects(s3, bucket)))


def test_the_local_store_holds_the_same_files(fresh_server):
    srv = fresh_server()
    client = srv.client()
    client.create_trail(Name="local", S3BucketName="local-logs", S3KeyPrefix="p")
    client.start_logging(Name="local")
    ids = ingest(srv, [cloudtrail_record() for _ in range(3)])
    flush(srv)
    files = otlib.local_objects(srv, "local-logs")
    assert files and all(re.match(LOG_KEY_PATTERN, key) for key in files)
    assert set(ids) <= set(delivered_ids(files))
    # Owner-only, like the rest of the data directory.
    path = next((srv.data_dir / "buckets" / "local-logs").rglob("*.json.gz"))
    assert path.stat().st_mode & 0o077 == 0


def test_kms_encrypted_files_are_unreadable_on_disk_and_readable_through_opentrail(fresh_server):
    srv = fresh_server()
    client = srv.client()
    client.create_trail(Name="sealed", S3BucketName="sealed-logs", KmsKeyId="alias/opentrail")
    client.start_logging(Name="sealed")
    ingest(srv, [cloudtrail_record()])
    flush(srv)
    path = next((srv.data_dir / "buckets" / "sealed-logs").rglob("*.json.gz"))
    raw = path.read_bytes()
    assert not raw.startswith(b"\x1f\x8b"), "an encrypted file must not be plain gzip on disk"
    with pytest.raises(OSError):
        gzip.decompress(raw)


def test_the_trail_window_delivers_without_a_flush(fresh_server, moto):
    s3 = moto.s3()
    bucket = otlib.unique_name("win").lower()
    s3.create_bucket(Bucket=bucket)
    srv = fresh_server(config=otlib.s3_store_config(moto.endpoint, window=1))
    client = srv.client()
    client.create_trail(Name="win", S3BucketName=bucket)
    client.start_logging(Name="win")
    ids = ingest(srv, [cloudtrail_record()])
    import time

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if set(ids) <= set(delivered_ids(otlib.s3_objects(s3, bucket))):
            return
        time.sleep(0.5)
    pytest.fail("the event was not delivered within 15 s with a 1 s window")


class _Hook(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_webhook_subscriber_gets_a_signed_notification(fresh_server, moto):
    _Hook.received = []
    hook = HTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=hook.serve_forever, daemon=True)
    thread.start()
    secret = "webhook-shared-secret-0123456789"
    try:
        s3 = moto.s3()
        bucket = otlib.unique_name("sns").lower()
        s3.create_bucket(Bucket=bucket)
        topics = (f"topics:\n  - name: security\n    subscriptions:\n      - type: webhook\n"
                  f"        url: http://127.0.0.1:{hook.server_port}/hook\n        secret: {secret}\n")
        srv = fresh_server(config=otlib.s3_store_config(moto.endpoint, extra=topics))
        client = srv.client()
        client.create_trail(Name="notified", S3BucketName=bucket, SnsTopicName="security")
        client.start_logging(Name="notified")
        ingest(srv, [cloudtrail_record()])
        report = flush(srv)
        keys = [k for ks in report["delivered"].values() for k in ks]
        import time

        deadline = time.monotonic() + 15
        while not _Hook.received and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _Hook.received, "no notification arrived"
        headers, body = _Hook.received[0]
        headers = {k.lower(): v for k, v in headers.items()}
        envelope = json.loads(body)
        assert envelope["Type"] == "Notification"
        assert envelope["TopicArn"] == f"arn:aws:sns:{REGION}:{ACCOUNT}:security"
        message = json.loads(envelope["Message"])
        assert message["s3Bucket"] == bucket and set(message["s3ObjectKey"]) <= set(keys) and message["s3ObjectKey"]
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        assert headers["x-opentrail-signature"] == f"sha256={expected}"
        assert headers["x-amz-sns-message-type"] == "Notification"
        deadline = time.monotonic() + 10
        while "LatestNotificationTime" not in client.get_trail_status(Name="notified") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "LatestNotificationTime" in client.get_trail_status(Name="notified")
    finally:
        hook.shutdown()


def test_an_outage_shows_in_the_status_and_nothing_is_lost(fresh_server, tmp_path):
    s3_server = otlib.MotoProcess(tmp_path).start()
    try:
        bucket = "outage-bucket"
        s3_server.s3().create_bucket(Bucket=bucket)
        srv = fresh_server(config=otlib.s3_store_config(s3_server.endpoint))
        client = srv.client()
        client.create_trail(Name="outage", S3BucketName=bucket)
        client.start_logging(Name="outage")
        first = ingest(srv, [cloudtrail_record() for _ in range(5)])
        flush(srv)
        s3_server.stop()
        during = ingest(srv, [cloudtrail_record() for _ in range(5)])
        report = flush(srv)
        assert report["failures"], report
        status = client.get_trail_status(Name="outage")
        assert status.get("LatestDeliveryError"), status
        # moto keeps nothing across a restart: the bucket comes back empty, as after a real outage
        # where the endpoint returns; the events not yet delivered must all arrive.
        s3_server.start()
        s3_server.s3().create_bucket(Bucket=bucket)
        later = ingest(srv, [cloudtrail_record() for _ in range(5)])
        report = flush(srv)
        assert report["failures"] == {}, report
        got = set(delivered_ids(otlib.s3_objects(s3_server.s3(), bucket)))
        assert set(during) | set(later) <= got
        assert not set(first) & got, "events delivered before the outage were delivered again"
        assert "LatestDeliveryError" not in client.get_trail_status(Name="outage")
    finally:
        s3_server.stop()


def test_kill_9_during_delivery_loses_nothing(fresh_server, moto):
    s3 = moto.s3()
    bucket = otlib.unique_name("crash").lower()
    s3.create_bucket(Bucket=bucket)
    srv = fresh_server(config=otlib.s3_store_config(moto.endpoint, window=1))
    client = srv.client()
    client.create_trail(Name="crash", S3BucketName=bucket)
    client.start_logging(Name="crash")
    acknowledged = []
    for _ in range(10):
        acknowledged += ingest(srv, [cloudtrail_record() for _ in range(100)])
    import time

    time.sleep(1.2)  # a delivery pass is under way or about to start
    srv.kill()
    srv.start()
    flush(srv)
    got = delivered_ids(otlib.s3_objects(s3, bucket))
    missing = set(acknowledged) - set(got)
    assert not missing, f"{len(missing)} acknowledged events were never delivered"


def test_duckdb_reads_the_files_as_a_cloudtrail_table(fresh_server):
    duckdb = pytest.importorskip("duckdb")
    srv = fresh_server()
    client = srv.client()
    client.create_trail(Name="lake", S3BucketName="lake-logs", IsMultiRegionTrail=True)
    client.start_logging(Name="lake")
    records = [cloudtrail_record(name=f"Op{i % 3}", read_only=i % 2 == 0,
                                 region=REGION if i % 4 else "eu-west-1") for i in range(12)]
    ids = ingest(srv, records)
    flush(srv)
    glob = str(srv.data_dir / "buckets" / "lake-logs" / "AWSLogs" / "**" / "*.json.gz")
    rows = duckdb.sql(
        "SELECT CAST(r.eventID AS VARCHAR), r.eventName, r.eventSource, r.awsRegion, r.userIdentity.userName "
        f"FROM (SELECT unnest(Records) AS r FROM read_json('{glob}', maximum_object_size=67108864))"
    ).fetchall()
    table = {row[0]: row[1:] for row in rows}
    assert len(table) == len(rows), "DuckDB saw an event twice"
    assert set(ids) <= set(table)
    for event_id in ids:
        (event,) = otlib.lookup_event_id(client, event_id)
        detail = json.loads(event["CloudTrailEvent"])
        assert table[event_id] == (event["EventName"], event["EventSource"], detail["awsRegion"],
                                   event["Username"])
    # Every event of the trail's window that event history holds is in the files, and no other.
    history = {e["EventId"] for e in otlib.lookup_all(client, start_time=otlib.since(120))}
    delivered_window = {row[0] for row in rows}
    assert delivered_window <= history


def test_channel_events_reach_the_trail(fresh_server):
    srv = fresh_server()
    client = srv.client()
    client.create_trail(Name="channels", S3BucketName="channel-logs")
    client.start_logging(Name="channels")
    channel = client.create_channel(
        Name="app", Source="Custom",
        Destinations=[{"Type": "EVENT_DATA_STORE", "Location": otlib.EDS_LOCATION}])["ChannelArn"]
    data = otlib.make_data_client(srv.endpoint, *srv.root_credentials())
    answer = data.put_audit_events(channelArn=channel, auditEvents=[otlib.audit_event("evt-1")])
    (stored,) = answer["successful"]
    flush(srv)
    files = otlib.local_objects(srv, "channel-logs")
    (record,) = [r for records in files.values() for r in records if r["eventID"] == stored["eventID"]]
    assert record["eventCategory"] == "ActivityAuditLog" and record["metadata"]["channelARN"] == channel


def test_topics_api_manages_webhook_topics_for_root_only(fresh_server):
    _Hook.received = []
    hook = HTTPServer(("127.0.0.1", 0), _Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    try:
        srv = fresh_server(config=True)
        key, secret = srv.root_credentials()

        def call(method, path, body=None, *, as_key=key, as_secret=secret):
            return otlib.signed_request(srv.endpoint, method, path, body if body is not None else b"",
                                        service="opentrail", key=as_key, secret=as_secret)

        webhook_secret = "api-topic-secret-0123456789abcdef"
        url = f"http://127.0.0.1:{hook.server_port}/hook"
        resp = call("PUT", "/v1/topics/ops", {"subscriptions": [{"type": "webhook", "url": url,
                                                                   "secret": webhook_secret}]})
        assert resp.status_code == 200, resp.text
        assert resp.json()["arn"] == f"arn:aws:sns:{REGION}:{ACCOUNT}:ops"
        listed = call("GET", "/v1/topics")
        assert listed.status_code == 200 and webhook_secret not in listed.text
        assert [t["name"] for t in listed.json()["topics"]] == ["ops"]
        # Not for other principals, and never a command through the API.
        denied = call("PUT", "/v1/topics/x", {"subscriptions": []}, as_key=otlib.ALICE_KEY,
                      as_secret=otlib.ALICE_SECRET)
        assert denied.status_code == 403
        command = call("PUT", "/v1/topics/cmd", {"subscriptions": [{"type": "command", "path": "/bin/true"}]})
        assert command.status_code == 400 and "config file" in command.json()["message"]
        bad = call("PUT", "/v1/topics/bad%20name", {"subscriptions": []})
        assert bad.status_code in (400, 404)

        client = srv.client()
        client.create_trail(Name="apitopic", S3BucketName="api-topic-logs", SnsTopicName="ops")
        client.start_logging(Name="apitopic")
        ingest(srv, [cloudtrail_record()])
        flush(srv)
        import time

        deadline = time.monotonic() + 15
        while not _Hook.received and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _Hook.received, "no notification arrived"
        assert call("DELETE", "/v1/topics/ops").status_code == 200
        assert call("DELETE", "/v1/topics/ops").status_code == 404
    finally:
        hook.shutdown()
