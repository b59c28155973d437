"""Self-audit: every authenticated API call is itself a CloudTrail record, as AWS records its own."""

from __future__ import annotations

import json
import re

import pytest
import requests

import otlib
from otlib import (ACCOUNT, ALICE_KEY, BUCKET, EVENT_SOURCE, REGION, ROOT_KEY, TRAIL_RESOURCE_TYPE,
                   assert_client_error, lookup_all, since, trail_arn, unique_name, wait_for_event)

TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def test_create_trail_record(cloudtrail):
    start = since(2)
    name = unique_name()
    resp = cloudtrail.create_trail(Name=name, S3BucketName=BUCKET)
    request_id = resp["ResponseMetadata"]["RequestId"]
    event, rec = wait_for_event(cloudtrail, "EventName", "CreateTrail",
                                lambda r: r.get("requestParameters", {}).get("name") == name, start_time=start)

    assert isinstance(rec["eventVersion"], str) and rec["eventVersion"]
    assert rec["eventSource"] == EVENT_SOURCE
    assert rec["eventName"] == "CreateTrail"
    assert rec["readOnly"] is False
    assert rec["managementEvent"] is True
    assert rec["eventCategory"] == "Management"
    assert rec["eventType"] == "AwsApiCall"
    assert rec["awsRegion"] == REGION
    assert rec["recipientAccountId"] == ACCOUNT
    assert rec["sourceIPAddress"] == "127.0.0.1"
    assert "Boto3" in rec["userAgent"]
    assert TIME_RE.match(rec["eventTime"]), rec["eventTime"]
    assert rec["requestID"] == request_id
    assert rec["eventID"] == event["EventId"]
    assert "errorCode" not in rec and "errorMessage" not in rec

    identity = rec["userIdentity"]
    assert identity["type"] == "Root"
    assert identity["principalId"] == ACCOUNT
    assert identity["arn"] == f"arn:aws:iam::{ACCOUNT}:root"
    assert identity["accountId"] == ACCOUNT
    assert identity["accessKeyId"] == ROOT_KEY

    assert rec["requestParameters"]["name"] == name
    assert rec["requestParameters"]["s3BucketName"] == BUCKET
    assert rec["responseElements"]["trailARN"] == trail_arn(name)
    for key in rec["requestParameters"]:
        assert key[0].islower(), f"requestParameters key {key!r} is not camelCase"

    assert event["Username"] == "root"
    assert event["AccessKeyId"] == ROOT_KEY
    assert {"ResourceType": TRAIL_RESOURCE_TYPE, "ResourceName": trail_arn(name)} in event["Resources"]


def test_record_visible_immediately(cloudtrail):
    # Records are committed before the response: no polling here.
    name = unique_name()
    cloudtrail.create_trail(Name=name, S3BucketName=BUCKET)
    events = cloudtrail.lookup_events(
        LookupAttributes=[{"AttributeKey": "ResourceName", "AttributeValue": trail_arn(name)}])["Events"]
    assert "CreateTrail" in [e["EventName"] for e in events]


@pytest.mark.parametrize("op,kwargs,read_only", [
    ("describe_trails", {}, True),
    ("list_trails", {}, True),
    ("lookup_events", {"MaxResults": 1}, True),
    ("get_trail", {"Name": "{name}"}, True),
    ("get_trail_status", {"Name": "{name}"}, True),
    ("get_event_selectors", {"TrailName": "{name}"}, True),
    ("start_logging", {"Name": "{name}"}, False),
    ("stop_logging", {"Name": "{name}"}, False),
    ("add_tags", {"ResourceId": "{arn}", "TagsList": [{"Key": "k", "Value": "v"}]}, False),
    ("delete_trail", {"Name": "{name}"}, False),
])
def test_every_call_is_recorded(cloudtrail, make_trail, op, kwargs, read_only):
    name = unique_name()
    make_trail(name)

    def fill(v):
        if isinstance(v, str):
            return v.format(name=name, arn=trail_arn(name))
        return v

    resp = getattr(cloudtrail, op)(**{k: fill(v) for k, v in kwargs.items()})
    request_id = resp["ResponseMetadata"]["RequestId"]
    event_name = cloudtrail.meta.method_to_api_mapping[op]
    _, rec = wait_for_event(cloudtrail, "EventName", event_name, lambda r: r.get("requestID") == request_id,
                            start_time=since(5))
    assert rec["readOnly"] is read_only
    assert rec["eventSource"] == EVENT_SOURCE
    assert rec["userIdentity"]["type"] == "Root"
    assert "errorCode" not in rec


def test_failed_call_is_recorded(cloudtrail):
    start = since(2)
    err = assert_client_error("TrailNotFoundException", cloudtrail.get_trail, Name="no-such-trail-xyz")
    request_id = err.response["ResponseMetadata"]["RequestId"]
    assert request_id
    event, rec = wait_for_event(cloudtrail, "EventName", "GetTrail", lambda r: r.get("requestID") == request_id,
                                start_time=start)
    assert rec["errorCode"] == "TrailNotFoundException"
    assert isinstance(rec["errorMessage"], str) and rec["errorMessage"]
    assert rec["requestParameters"] == {"name": "no-such-trail-xyz"}
    assert rec.get("responseElements") is None
    assert rec["readOnly"] is True
    assert event["EventName"] == "GetTrail"


def test_iam_user_identity(cloudtrail, alice):
    start = since(2)
    resp = alice.describe_trails()
    request_id = resp["ResponseMetadata"]["RequestId"]
    event, rec = wait_for_event(cloudtrail, "Username", "alice", lambda r: r.get("requestID") == request_id,
                                start_time=start)
    identity = rec["userIdentity"]
    assert identity["type"] == "IAMUser"
    assert identity["userName"] == "alice"
    assert identity["arn"] == f"arn:aws:iam::{ACCOUNT}:user/alice"
    assert identity["accountId"] == ACCOUNT
    assert identity["accessKeyId"] == ALICE_KEY
    assert identity["principalId"].startswith("AIDA")
    assert event["Username"] == "alice"
    assert event["AccessKeyId"] == ALICE_KEY
    assert rec["eventName"] == "DescribeTrails"


def test_principal_id_is_stable(cloudtrail, alice):
    start = since(2)
    ids = [alice.list_trails()["ResponseMetadata"]["RequestId"] for _ in range(2)]
    principals = set()
    for rid in ids:
        _, rec = wait_for_event(cloudtrail, "AccessKeyId", ALICE_KEY, lambda r, rid=rid: r.get("requestID") == rid,
                                start_time=start)
        principals.add(rec["userIdentity"]["principalId"])
    assert len(principals) == 1


def test_request_ids_and_event_ids_are_unique(cloudtrail):
    start = since(2)
    rids = [cloudtrail.list_trails()["ResponseMetadata"]["RequestId"] for _ in range(3)]
    assert len(set(rids)) == 3
    events = lookup_all(cloudtrail, "EventName", "ListTrails", start_time=start)
    records = [json.loads(e["CloudTrailEvent"]) for e in events]
    mine = [r for r in records if r.get("requestID") in rids]
    assert len(mine) == 3
    assert len({r["eventID"] for r in mine}) == 3


def test_request_id_header_matches_record(raw_request, cloudtrail):
    start = since(2)
    resp = raw_request("ListTrails", {})
    rid = resp.headers["x-amzn-RequestId"]
    _, rec = wait_for_event(cloudtrail, "EventName", "ListTrails", lambda r: r.get("requestID") == rid, start_time=start)
    assert "python-requests" in rec["userAgent"]  # the User-Agent header as sent


# -- authentication failures (each on its own server: they are rate-limited per address) ------


def test_auth_failures_are_recorded(fresh_server):
    srv = fresh_server()
    client = srv.client()
    bad_key = "AKIANOBODY0000000001"
    resp = srv.raw("ListTrails", {}, key=bad_key, secret="x" * 40)
    assert otlib.error_type(resp) == "UnrecognizedClientException"
    resp = srv.raw("DescribeTrails", {}, key=otlib.ROOT_KEY, secret="wrong" + otlib.ROOT_SECRET[5:])
    assert otlib.error_type(resp) == "InvalidSignatureException"

    _, rec = wait_for_event(client, "AccessKeyId", bad_key)
    assert rec["errorCode"] == "UnrecognizedClientException"
    assert rec["userIdentity"]["type"] == "Unknown"
    assert rec["userIdentity"]["accessKeyId"] == bad_key
    assert rec["eventName"] == "ListTrails"
    assert rec["sourceIPAddress"] == "127.0.0.1"
    assert rec["eventSource"] == EVENT_SOURCE

    _, rec = wait_for_event(client, "AccessKeyId", otlib.ROOT_KEY,
                            lambda r: r.get("errorCode") == "InvalidSignatureException")
    assert rec["userIdentity"]["type"] == "Unknown"
    assert rec["userIdentity"]["accessKeyId"] == otlib.ROOT_KEY
    assert rec["eventName"] == "DescribeTrails"
    # The secret presented never lands in the record.
    assert "wrong" + otlib.ROOT_SECRET[5:] not in json.dumps(rec)


def test_auth_failure_burst_is_rate_limited(fresh_server):
    srv = fresh_server()
    client = srv.client()
    bad_key = "AKIABURST00000000001"
    session = requests.Session()
    for _ in range(200):
        resp = otlib.raw_request(srv.endpoint, "ListTrails", {}, key=bad_key, secret="y" * 40, session=session)
        assert otlib.error_type(resp) == "UnrecognizedClientException"

    records = [json.loads(e["CloudTrailEvent"]) for e in lookup_all(client, "AccessKeyId", bad_key)]
    assert records, "no auth-failure record at all"
    assert len(records) < 200, "every one of 200 failed requests was recorded: no rate limit"

    # LENIENT on purpose: the field that carries the number of suppressed failures is not fixed
    # yet. Accept any positive integer anywhere in additionalEventData of any record. The count may
    # be carried by a later record (e.g. when the rate-limit window ends); a graceful stop must not
    # lose it, so if it is not there yet, look again after a SIGTERM restart.
    def has_suppressed_count(rec) -> bool:
        def ints(v):
            if isinstance(v, bool):
                return []
            if isinstance(v, int):
                return [v]
            if isinstance(v, dict):
                return [i for x in v.values() for i in ints(x)]
            if isinstance(v, list):
                return [i for x in v for i in ints(x)]
            if isinstance(v, str) and v.isdigit():
                return [int(v)]
            return []
        return any(i > 0 for i in ints(rec.get("additionalEventData") or {}))

    def any_summary(c) -> bool:
        return any(has_suppressed_count(json.loads(e["CloudTrailEvent"])) for e in lookup_all(c))

    if not any_summary(client):
        srv.restart()
        assert any_summary(srv.client()), (
            "no record says how many auth failures were suppressed "
            "(looked for a positive integer in additionalEventData, also after a graceful restart)")
