"""cloudtrail-data PutAuditEvents: per-event answers, the stored ActivityAuditLog record, per-event
error codes, whole-request errors, and idempotent retries."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid

import pytest
from botocore.exceptions import ClientError

import otlib
from otlib import (ACCOUNT, REGION, ROOT_KEY, ROOT_SECRET, assert_client_error, audit_event, audit_event_data,
                   channel_arn, channel_id_of, error_type, find_events, lookup_event_id, put_audit_events_raw)

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


@pytest.fixture
def source():
    """An eventSource no other test uses, so that LookupEvents(EventSource) finds only this test's events."""
    return f"conf-{uuid.uuid4().hex[:12]}.example.com"


def stored(client, source) -> list[dict]:
    """The records LookupEvents finds for an eventSource (parsed CloudTrailEvent)."""
    return [r for _, r in find_events(client, "EventSource", source)]


def assert_all_answered(resp, ids):
    answered = [s["id"] for s in resp["successful"]] + [f["id"] for f in resp["failed"]]
    assert sorted(answered) == sorted(ids), resp


# -- Success and the stored record --------------------------------------------------------------


def test_put_and_lookup(cloudtrail, cloudtrail_data, channel, source):
    before = otlib.utcnow() - dt.timedelta(seconds=2)
    principal = f"user-{uuid.uuid4().hex[:8]}"
    event_time = (otlib.utcnow() - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    data = audit_event_data(eventSource=source, eventName="CreateWidget", eventTime=event_time,
                            userIdentity={"type": "CustomUserIdentity", "principalId": principal,
                                          "details": {"groups": ["a", "b"], "level": 3}},
                            requestParameters={"name": "w\u00fcdget \u2603", "size": 1.5, "tags": None})
    resp = cloudtrail_data.put_audit_events(channelArn=channel, auditEvents=[audit_event("ev-1", data)])
    after = otlib.utcnow() + dt.timedelta(seconds=2)
    assert resp["failed"] == []
    (ok,) = resp["successful"]
    assert ok["id"] == "ev-1"
    event_id = ok["eventID"]
    assert re.match(r"^[-_A-Za-z0-9]{1,128}$", event_id), event_id

    (event,) = lookup_event_id(cloudtrail, event_id)
    assert event["EventId"] == event_id
    assert event["EventName"] == "CreateWidget"
    assert event["EventSource"] == source
    assert event["Username"] == principal
    assert event["EventTime"] == otlib.parse_event_time(event_time)

    record = json.loads(event["CloudTrailEvent"])
    assert isinstance(record["eventVersion"], str) and record["eventVersion"]
    assert record["eventCategory"] == "ActivityAuditLog"
    assert record["eventType"] == "ActivityLog"
    assert record["eventID"] == event_id
    assert record["eventTime"] == event_time
    assert record["awsRegion"] == REGION
    assert record["recipientAccountId"] == ACCOUNT
    assert record["metadata"]["channelARN"] == channel
    ingestion = record["metadata"]["ingestionTime"]
    assert TIME_RE.match(ingestion), ingestion
    ingested = dt.datetime.fromisoformat(ingestion.replace("Z", "+00:00"))
    assert before <= ingested <= after, ingestion
    assert record["eventData"] == data


def test_lookup_by_name_source_and_username(cloudtrail, cloudtrail_data, channel, source):
    principal = f"user-{uuid.uuid4().hex[:8]}"
    name = f"Op{uuid.uuid4().hex[:10]}"
    events = [audit_event(f"e{i}", eventSource=source, eventName=name,
                          userIdentity={"type": "CustomUser", "principalId": principal}) for i in range(3)]
    resp = cloudtrail_data.put_audit_events(channelArn=channel, auditEvents=events)
    ids = {s["eventID"] for s in resp["successful"]}
    assert len(ids) == 3
    for key, value in (("EventName", name), ("EventSource", source), ("Username", principal)):
        found = otlib.lookup_all(cloudtrail, key, value)
        assert {e["EventId"] for e in found} == ids, (key, value)


def test_channel_by_bare_id(cloudtrail, cloudtrail_data, channel, source):
    resp = cloudtrail_data.put_audit_events(channelArn=channel_id_of(channel),
                                            auditEvents=[audit_event(eventSource=source)])
    assert resp["failed"] == []
    (record,) = stored(cloudtrail, source)
    assert record["metadata"]["channelARN"] == channel


def test_checksum(cloudtrail, cloudtrail_data, channel, source):
    good = audit_event("good", eventSource=source, checksum=True)
    bad = audit_event("bad", eventSource=source, checksum=audit_event(eventSource=source, checksum=True)[
        "eventDataChecksum"])
    garbage = audit_event("garbage", eventSource=source, checksum="not base64 at all")
    resp = cloudtrail_data.put_audit_events(channelArn=channel, auditEvents=[good, bad, garbage])
    assert [s["id"] for s in resp["successful"]] == ["good"]
    assert {f["id"]: f["errorCode"] for f in resp["failed"]} == {"bad": "InvalidChecksum",
                                                                 "garbage": "InvalidChecksum"}
    for f in resp["failed"]:
        assert f.get("errorMessage")
    assert [r["eventData"]["UID"] for r in stored(cloudtrail, source)] == [json.loads(good["eventData"])["UID"]]


def test_hundred_events(cloudtrail, cloudtrail_data, channel, source):
    events = [audit_event(f"n{i:03d}", eventSource=source) for i in range(100)]
    resp = cloudtrail_data.put_audit_events(channelArn=channel, auditEvents=events)
    assert resp["failed"] == []
    assert sorted(s["id"] for s in resp["successful"]) == sorted(e["id"] for e in events)
    assert len({s["eventID"] for s in resp["successful"]}) == 100
    assert len(stored(cloudtrail, source)) == 100


def test_body_just_under_one_megabyte(cloudtrail, cloudtrail_data, channel, source):
    # Four events of ~240 KB each: under the 256 KB eventData limit and the 1 MB request limit.
    pad = "x" * (240 * 1024)
    events = [audit_event(f"big{i}", eventSource=source,
                          userIdentity={"type": "CustomUser", "principalId": "p", "details": {"pad": pad}})
              for i in range(4)]
    assert len(json.dumps({"auditEvents": events})) < 1024 * 1024
    resp = cloudtrail_data.put_audit_events(channelArn=channel, auditEvents=events)
    assert resp["failed"] == [] and len(resp["successful"]) == 4
    assert len(stored(cloudtrail, source)) == 4


# -- Per-event errors -----------------------------------------------------------------------------


REQUIRED = ["version", "userIdentity", "userIdentity.type", "userIdentity.principalId", "eventSource", "eventName",
            "eventTime", "UID", "recipientAccountId"]


def without(path: str) -> dict:
    data = audit_event_data()
    parent = data
    *parents, last = path.split(".")
    for key in parents:
        parent = parent[key]
    del parent[last]
    return data


@pytest.mark.parametrize("field", REQUIRED)
def test_missing_required_field(cloudtrail_data, channel, field):
    resp = cloudtrail_data.put_audit_events(channelArn=channel, auditEvents=[audit_event("m1", without(field))])
    assert resp["successful"] == []
    (failure,) = resp["failed"]
    assert failure["id"] == "m1"
    assert failure["errorCode"] == "FieldNotFound", failure
    assert failure.get("errorMessage")


@pytest.mark.parametrize("case,data", [
    ("array", "[1, 2]"),
    ("string", '"just a string"'),
    ("number", "42"),
    ("not-json", "{not json"),
    ("truncated", '{"version": "1.0"'),
    ("version-number", audit_event_data(version=1)),
    ("identity-string", audit_event_data(userIdentity="alice")),
    ("principal-number", audit_event_data(userIdentity={"type": "CustomUser", "principalId": 7})),
    ("event-name-object", audit_event_data(eventName={"a": 1})),
    ("request-parameters-string", audit_event_data(requestParameters="a=b")),
    ("event-time-words", audit_event_data(eventTime="yesterday")),
    ("event-time-bad-date", audit_event_data(eventTime="2024-13-45T00:00:00Z")),
    ("event-time-number", audit_event_data(eventTime=1700000000)),
])
def test_invalid_data(cloudtrail_data, channel, case, data):
    resp = cloudtrail_data.put_audit_events(channelArn=channel, auditEvents=[audit_event("bad", data)])
    assert resp["successful"] == []
    (failure,) = resp["failed"]
    assert (failure["id"], failure["errorCode"]) == ("bad", "InvalidData"), failure


@pytest.mark.parametrize("case,data", [
    ("event-name", audit_event_data(eventName="n" * 1025)),
    ("event-source", audit_event_data(eventSource="s" * 1025)),
    ("identity-type", audit_event_data(userIdentity={"type": "t" * 129, "principalId": "p"})),
    ("error-code", audit_event_data(errorCode="e" * 257)),
    ("request-parameters", audit_event_data(requestParameters={"pad": "x" * (101 * 1024)})),
    ("event-data", audit_event_data(userIdentity={"type": "T", "principalId": "p",
                                                  "details": {"pad": "x" * (257 * 1024)}})),
])
def test_field_too_long(cloudtrail_data, channel, case, data):
    resp = cloudtrail_data.put_audit_events(channelArn=channel, auditEvents=[audit_event("long", data)])
    assert resp["successful"] == []
    (failure,) = resp["failed"]
    assert (failure["id"], failure["errorCode"]) == ("long", "FieldTooLong"), failure


def test_invalid_recipient(cloudtrail_data, channel):
    resp = cloudtrail_data.put_audit_events(
        channelArn=channel, auditEvents=[audit_event("r1", recipientAccountId="999999999999")])
    assert resp["successful"] == []
    assert [(f["id"], f["errorCode"]) for f in resp["failed"]] == [("r1", "InvalidRecipient")]


def test_recipient_is_the_channel_account(fresh_server):
    srv = fresh_server(account_id="111122223333")
    client = srv.client()
    arn = client.create_channel(Name="acct", Source="Custom",
                                Destinations=[{"Type": "EVENT_DATA_STORE", "Location": "eds-1"}])["ChannelArn"]
    assert ":111122223333:channel/" in arn
    data = otlib.make_data_client(srv.endpoint, ROOT_KEY, ROOT_SECRET)
    resp = data.put_audit_events(channelArn=arn, auditEvents=[
        audit_event("theirs", recipientAccountId="111122223333"), audit_event("default", recipientAccountId=ACCOUNT)])
    assert [s["id"] for s in resp["successful"]] == ["theirs"]
    assert [(f["id"], f["errorCode"]) for f in resp["failed"]] == [("default", "InvalidRecipient")]


def test_mixed_batch_stores_only_the_valid_events(cloudtrail, cloudtrail_data, channel, source):
    events = [
        audit_event("ok-1", eventSource=source),
        audit_event("missing", without("UID") | {"eventSource": source}),
        audit_event("ok-2", eventSource=source, checksum=True),
        audit_event("bad-json", "{"),
        audit_event("recipient", eventSource=source, recipientAccountId="000000000000"),
        audit_event("ok-3", eventSource=source),
    ]
    resp = cloudtrail_data.put_audit_events(channelArn=channel, auditEvents=events)
    assert_all_answered(resp, [e["id"] for e in events])
    assert sorted(s["id"] for s in resp["successful"]) == ["ok-1", "ok-2", "ok-3"]
    assert {f["id"]: f["errorCode"] for f in resp["failed"]} == {
        "missing": "FieldNotFound", "bad-json": "InvalidData", "recipient": "InvalidRecipient"}
    records = stored(cloudtrail, source)
    assert sorted(r["eventID"] for r in records) == sorted(s["eventID"] for s in resp["successful"])


# -- Retries -------------------------------------------------------------------------------------------


def test_retried_id_is_stored_once(cloudtrail, cloudtrail_data, channel, source):
    entry = audit_event("retry-me", eventSource=source)
    first = cloudtrail_data.put_audit_events(channelArn=channel, auditEvents=[entry])["successful"]
    again = cloudtrail_data.put_audit_events(channelArn=channel, auditEvents=[entry])["successful"]
    other = audit_event("other", eventSource=source)
    third = cloudtrail_data.put_audit_events(channelArn=channel_id_of(channel), auditEvents=[other, entry])
    assert first == again
    assert {s["id"]: s["eventID"] for s in third["successful"]}["retry-me"] == first[0]["eventID"]
    records = stored(cloudtrail, source)
    assert sorted(r["eventID"] for r in records) == sorted({first[0]["eventID"]} | {
        s["eventID"] for s in third["successful"]})
    assert len(lookup_event_id(cloudtrail, first[0]["eventID"])) == 1


def test_same_id_on_another_channel_is_another_event(cloudtrail, cloudtrail_data, make_channel, source):
    a, b = make_channel()["ChannelArn"], make_channel()["ChannelArn"]
    entry = audit_event("shared-id", eventSource=source)
    ida = cloudtrail_data.put_audit_events(channelArn=a, auditEvents=[entry])["successful"][0]["eventID"]
    idb = cloudtrail_data.put_audit_events(channelArn=b, auditEvents=[entry])["successful"][0]["eventID"]
    assert ida != idb
    channels = {r["eventID"]: r["metadata"]["channelARN"] for r in stored(cloudtrail, source)}
    assert channels == {ida: a, idb: b}


def test_failed_id_can_be_sent_again(cloudtrail, cloudtrail_data, channel, source):
    bad = audit_event("fix-me", eventSource=source, eventTime="not a time")
    resp = cloudtrail_data.put_audit_events(channelArn=channel, auditEvents=[bad])
    assert [f["errorCode"] for f in resp["failed"]] == ["InvalidData"]
    good = audit_event("fix-me", eventSource=source)
    resp = cloudtrail_data.put_audit_events(channelArn=channel, auditEvents=[good])
    assert resp["failed"] == [] and [s["id"] for s in resp["successful"]] == ["fix-me"]
    assert len(stored(cloudtrail, source)) == 1


# -- Whole-request errors ------------------------------------------------------------------------------


def test_duplicated_id_in_one_request(cloudtrail, cloudtrail_data, channel, source):
    events = [audit_event("dup", eventSource=source), audit_event("fine", eventSource=source),
              audit_event("dup", eventSource=source)]
    assert_client_error("DuplicatedAuditEventId", cloudtrail_data.put_audit_events, channelArn=channel,
                        auditEvents=events)
    assert stored(cloudtrail, source) == []


def test_unknown_channel(cloudtrail_data):
    assert_client_error("ChannelNotFound", cloudtrail_data.put_audit_events,
                        channelArn=channel_arn("00000000-0000-4000-8000-000000000000"), auditEvents=[audit_event()])
    assert_client_error("ChannelNotFound", cloudtrail_data.put_audit_events,
                        channelArn="00000000-0000-4000-8000-000000000000", auditEvents=[audit_event()])


@pytest.mark.parametrize("value", [
    "arn:aws:cloudtrail:us-east-1:123456789012:trail/not-a-channel",
    "arn:aws:s3:::bucket",
    "arn:aws:cloudtrail:us-east-1:123456789012:channel/bad id!",
])
def test_invalid_channel_arn(cloudtrail_data, value):
    assert_client_error("InvalidChannelARN", cloudtrail_data.put_audit_events, channelArn=value,
                        auditEvents=[audit_event()])


def test_channel_of_another_region(cloudtrail, cloudtrail_data, channel, source):
    # The channel lives in us-east-1; the same id under another region names no channel.
    other = channel_arn(channel_id_of(channel), region="eu-west-1")
    try:
        resp = cloudtrail_data.put_audit_events(channelArn=other, auditEvents=[audit_event(eventSource=source)])
    except ClientError as err:
        assert otlib.error_code_of(err) in ("ChannelNotFound", "InvalidChannelARN"), err.response["Error"]
    else:
        raise AssertionError(f"PutAuditEvents to {other} was accepted: {resp.get('successful')}")
    assert stored(cloudtrail, source) == []


def raw_error(resp, status=400) -> str:
    assert resp.status_code == status, (resp.status_code, resp.text)
    return error_type(resp)


def test_more_than_hundred_events(server, cloudtrail, channel, source):
    events = [audit_event(f"e{i}", eventSource=source) for i in range(101)]
    assert raw_error(put_audit_events_raw(server.endpoint, channel, events)) == "ValidationException"
    assert stored(cloudtrail, source) == []


def test_no_events(server, channel):
    assert raw_error(put_audit_events_raw(server.endpoint, channel, [])) == "ValidationException"
    assert raw_error(put_audit_events_raw(server.endpoint, channel, None, body={})) == "ValidationException"


def test_body_over_one_megabyte(server, cloudtrail, channel, source):
    pad = "x" * (250 * 1024)
    events = [audit_event(f"big{i}", eventSource=source,
                          userIdentity={"type": "CustomUser", "principalId": "p", "details": {"pad": pad}})
              for i in range(5)]
    assert len(json.dumps({"auditEvents": events})) > 1024 * 1024
    assert raw_error(put_audit_events_raw(server.endpoint, channel, events)) == "ValidationException"
    assert stored(cloudtrail, source) == []


@pytest.mark.parametrize("bad_id", ["", "has space", "semi;colon", "dot.ted", "x" * 129, "\u00e9t\u00e9"])
def test_invalid_id(server, cloudtrail, channel, source, bad_id):
    events = [audit_event("fine", eventSource=source), audit_event("x", eventSource=source)]
    events[1]["id"] = bad_id
    assert raw_error(put_audit_events_raw(server.endpoint, channel, events)) == "ValidationException"
    assert stored(cloudtrail, source) == []


def test_id_boundaries_accepted(cloudtrail_data, channel):
    ids = ["a", "x" * 128, "A-b_C-0"]
    resp = cloudtrail_data.put_audit_events(channelArn=channel, auditEvents=[audit_event(i) for i in ids])
    assert resp["failed"] == [] and sorted(s["id"] for s in resp["successful"]) == sorted(ids)


def test_missing_channel_arn(server):
    assert raw_error(put_audit_events_raw(server.endpoint, None, [audit_event()])) == "ValidationException"


def test_unsigned_request(server, cloudtrail, channel, source):
    resp = put_audit_events_raw(server.endpoint, channel, [audit_event(eventSource=source)], key=None)
    assert raw_error(resp, 403) == "MissingAuthenticationTokenException"
    assert stored(cloudtrail, source) == []


def test_signed_for_another_service(server, cloudtrail, channel, source):
    resp = put_audit_events_raw(server.endpoint, channel, [audit_event(eventSource=source)], service="cloudtrail")
    assert 400 <= resp.status_code < 500, resp.text
    assert error_type(resp) == "InvalidSignatureException", resp.text
    assert stored(cloudtrail, source) == []


def test_wrong_secret(server, cloudtrail, channel, source):
    resp = put_audit_events_raw(server.endpoint, channel, [audit_event(eventSource=source)],
                                secret=ROOT_SECRET[:-1] + "X")
    assert 400 <= resp.status_code < 500, resp.text
    assert error_type(resp) in ("InvalidSignatureException", "SignatureDoesNotMatch"), resp.text
    assert stored(cloudtrail, source) == []


def test_raw_success_answer_shape(server, channel):
    resp = put_audit_events_raw(server.endpoint, channel, [audit_event("a1"), audit_event("a2", UID=None)])
    assert resp.status_code == 200, resp.text
    doc = resp.json()
    assert set(doc) == {"successful", "failed"}
    assert [set(s) for s in doc["successful"]] == [{"id", "eventID"}]
    assert [set(f) for f in doc["failed"]] == [{"id", "errorCode", "errorMessage"}]


def test_concurrent_retries_are_stored_once(server, cloudtrail, channel, source):
    """Eight clients send the same request at once (a retry storm): one eventID per id, each stored once."""
    import threading

    events = [audit_event(f"storm-{k}", eventSource=source) for k in range(20)]
    barrier = threading.Barrier(8)
    answers, errors = [], []

    def send():
        client = otlib.make_data_client(server.endpoint, ROOT_KEY, ROOT_SECRET)
        barrier.wait()
        try:
            answers.append(client.put_audit_events(channelArn=channel, auditEvents=events))
        except Exception as err:  # noqa: BLE001 - reported below
            errors.append(repr(err))

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert all(a["failed"] == [] for a in answers)
    mappings = {tuple(sorted((s["id"], s["eventID"]) for s in a["successful"])) for a in answers}
    assert len(mappings) == 1, "the same ids got different eventIDs"
    records = stored(cloudtrail, source)
    assert sorted(r["eventID"] for r in records) == sorted(e for _, e in next(iter(mappings)))
