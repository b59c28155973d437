"""The native batch endpoint `POST /v1/events`: complete CloudTrail records, as a log file's
`{"Records": [...]}` document or as newline-delimited JSON, with per-record answers in input order.

These tests use a server of their own: the sample records carry fixed eventIDs, old or missing event
times and foreign accounts, which must not leak into the shared server's history.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from pathlib import Path

import pytest

import otlib
from otlib import ROOT_SECRET, ServerProcess, lookup_event_id, post_batch

SAMPLES = Path("/work/shared/testdata/cloudtrail-logs")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
NDJSON = "application/x-ndjson"


class LongRetentionServer(ServerProcess):
    """Keeps a century of history: the sample records are years old, and the retention pass (every
    minute, by eventTime) would otherwise purge them while the module runs."""

    def command(self) -> list[str]:
        return super().command() + ["--retention-days", "36500"]


@pytest.fixture(scope="module")
def batch_server(tmp_path_factory):
    base = tmp_path_factory.mktemp("batch-server")
    srv = LongRetentionServer(base / "data", base / "logs", name="batch")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def ct(batch_server):
    return batch_server.client()


def sample(relative: str) -> Path:
    path = SAMPLES / relative
    if not path.exists():
        pytest.skip(f"sample CloudTrail logs not found: {path} (shared/testdata/cloudtrail-logs is absent)")
    return path


def compact(record) -> str:
    return json.dumps(record, separators=(",", ":"), ensure_ascii=False)


def new_id() -> str:
    return str(uuid.uuid4())


def my_record(event_id: str | None = None, **overrides) -> dict:
    """A complete management-event record, an hour old."""
    rec = {
        "eventVersion": "1.08",
        "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLE", "arn": "arn:aws:iam::123456789012:user/bob",
                         "accountId": "123456789012", "accessKeyId": "AKIAEXAMPLE0000000001", "userName": "bob"},
        "eventTime": (otlib.utcnow().replace(microsecond=0) - dt.timedelta(hours=1)).strftime(
            "%Y-%m-%dT%H:%M:%SZ"),
        "eventSource": "s3.amazonaws.com",
        "eventName": "CreateBucket",
        "awsRegion": "us-east-1",
        "sourceIPAddress": "192.0.2.1",
        "userAgent": "aws-cli/2.0",
        "requestParameters": {"bucketName": "example"},
        "responseElements": None,
        "requestID": new_id(),
        "readOnly": False,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": "123456789012",
        "eventCategory": "Management",
    }
    if event_id is not None:
        rec["eventID"] = event_id
    rec.update(overrides)
    return rec


def send(srv, body, **kwargs):
    resp = post_batch(srv.endpoint, body, **kwargs)
    assert resp.status_code == 200, (resp.status_code, resp.text)
    doc = resp.json()
    assert set(doc) >= {"stored", "duplicates", "rejected", "results"}, doc
    results = doc["results"]
    assert [r["index"] for r in results] == list(range(len(results))), "results are not in input order"
    for key, status in (("stored", "stored"), ("duplicates", "duplicate"), ("rejected", "rejected")):
        assert doc[key] == sum(r["status"] == status for r in results), doc
    for r in results:
        assert r["status"] in ("stored", "duplicate", "rejected"), r
        if r["status"] == "rejected":
            assert r.get("error"), r
        else:
            assert r.get("eventID"), r
            assert isinstance(r.get("sequence"), int), r
    stored_seqs = [r["sequence"] for r in results if r["status"] == "stored"]
    assert len(stored_seqs) == len(set(stored_seqs)), "two stored records share a sequence"
    return doc


def lookup_one(ct, event_id: str, record: dict | None = None) -> tuple[dict, str]:
    """The one event LookupEvents(EventId) finds (insights are asked for as insights)."""
    kwargs = {}
    if record is not None and record.get("eventCategory") == "Insight":
        kwargs["EventCategory"] = "insight"
    events = ct.lookup_events(LookupAttributes=[{"AttributeKey": "EventId", "AttributeValue": event_id}],
                              **kwargs)["Events"]
    assert len(events) == 1, f"LookupEvents(EventId={event_id}) found {len(events)} events"
    return events[0], events[0]["CloudTrailEvent"]


def expected_statuses(records) -> list[str]:
    seen, out = set(), []
    for rec in records:
        event_id = rec.get("eventID") if isinstance(rec, dict) else None
        if event_id and event_id in seen:
            out.append("duplicate")
        else:
            out.append("stored")
            if event_id:
                seen.add(event_id)
    return out


def check_stored(ct, records, results, *, byte_exact: bool):
    """Every stored record is found by its eventID, equal to what was sent (plus an assigned eventID)."""
    first_by_id = {}
    for rec, res in zip(records, results):
        sent_id = rec.get("eventID")
        if sent_id:
            assert res["eventID"] == sent_id, (rec, res)
            first_by_id.setdefault(sent_id, rec)
        else:
            assert UUID_RE.match(res["eventID"]), res
    for rec, res in zip(records, results):
        original = first_by_id.get(rec.get("eventID"), rec) if rec.get("eventID") else rec
        _, text = lookup_one(ct, res["eventID"], original)
        want = dict(original)
        want["eventID"] = res["eventID"]
        assert json.loads(text) == want
        if byte_exact and original.get("eventID"):
            assert text == compact(original)


# -- Sample log files -------------------------------------------------------------------------------


def test_awsdocs_records_document(batch_server, ct):
    records = json.loads(sample("awsdocs-user-guide/records.json").read_text())["Records"]
    body = compact({"Records": records})
    doc = send(batch_server, body)
    statuses = [r["status"] for r in doc["results"]]
    assert statuses == expected_statuses(records)
    assert doc["rejected"] == 0
    # The documentation reuses a few eventIDs for different examples: the first one is kept.
    check_stored(ct, records, doc["results"], byte_exact=True)
    # Sending the file again stores nothing new.
    again = send(batch_server, body)
    with_id = [r for r in records if r.get("eventID")]
    assert again["duplicates"] >= len(with_id)
    for rec, res in zip(records, again["results"]):
        if rec.get("eventID"):
            assert res["status"] == "duplicate" and res["eventID"] == rec["eventID"]


@pytest.mark.parametrize("name", [
    "SerializerTestFile.json",
    "SerializerTestFileCompact.json",
    "SerializerAllFieldsNull.json",
    "SerializerTestFileMissField.json",
    "SerializerTestFileNewFieldsInRoot.json",
    "SerializerTestFileNewFieldsInUserIdentity.json",
    "SerializerVariousUserIdentityTestFile.json",
])
def test_processing_library_log_file(batch_server, ct, name):
    raw = sample(f"aws-cloudtrail-processing-library/{name}").read_bytes()
    records = json.loads(raw)["Records"]
    doc = send(batch_server, raw)  # the file exactly as CloudTrail would deliver it
    assert [r["status"] for r in doc["results"]] == expected_statuses(records)
    check_stored(ct, records, doc["results"], byte_exact=False)


def test_malformed_log_file(batch_server):
    raw = sample("aws-cloudtrail-processing-library/SerializerTestFileBadJsonFormat.json").read_bytes()
    resp = post_batch(batch_server.endpoint, raw)
    assert resp.status_code == 400, resp.text
    assert resp.json()["code"] == "MalformedBatch"


# -- Records documents of our own -------------------------------------------------------------------


def test_compact_records_are_stored_byte_for_byte(batch_server, ct):
    records = [my_record(new_id()), my_record(new_id(), requestParameters={"name": "caf\u00e9 \u2603 \U0001F600",
                                                                            "n": 1.25e-7, "big": 12345678901234567})]
    body = '{"Records":[' + ",".join(compact(r) for r in records) + "]}"
    doc = send(batch_server, body.encode())
    assert [r["status"] for r in doc["results"]] == ["stored", "stored"]
    check_stored(ct, records, doc["results"], byte_exact=True)


def test_pretty_printed_records_document(batch_server, ct):
    records = [my_record(new_id()), my_record()]
    doc = send(batch_server, json.dumps({"Records": records}, indent=4))
    assert [r["status"] for r in doc["results"]] == ["stored", "stored"]
    check_stored(ct, records, doc["results"], byte_exact=False)


def test_other_members_of_the_document_are_ignored(batch_server, ct):
    rec = my_record(new_id())
    body = json.dumps({"Digest": {"x": [1, 2]}, "Records": [rec], "Trailer": "end"})
    doc = send(batch_server, body)
    assert [r["status"] for r in doc["results"]] == ["stored"]
    check_stored(ct, [rec], doc["results"], byte_exact=False)


def test_records_without_event_id_get_one(batch_server, ct):
    records = [my_record(), my_record(eventID=""), my_record()]
    doc = send(batch_server, records)
    ids = [r["eventID"] for r in doc["results"]]
    assert [r["status"] for r in doc["results"]] == ["stored"] * 3
    assert len(set(ids)) == 3 and all(UUID_RE.match(i) for i in ids), ids
    for rec, event_id in zip(records, ids):
        _, text = lookup_one(ct, event_id)
        assert json.loads(text) == dict(rec, eventID=event_id)


def test_duplicates_within_and_across_batches(batch_server, ct):
    a, b = new_id(), new_id()
    first = [my_record(a), my_record(b), my_record(a, eventName="SomethingElse")]
    doc = send(batch_server, first)
    assert [r["status"] for r in doc["results"]] == ["stored", "stored", "duplicate"]
    assert [r["eventID"] for r in doc["results"]] == [a, b, a]
    second = [my_record(b, eventName="Changed"), my_record()]
    doc2 = send(batch_server, second)
    assert [r["status"] for r in doc2["results"]] == ["duplicate", "stored"]
    assert (doc2["stored"], doc2["duplicates"], doc2["rejected"]) == (1, 1, 0)
    # Stored once, as first sent.
    assert json.loads(lookup_one(ct, a)[1]) == first[0]
    assert json.loads(lookup_one(ct, b)[1]) == first[1]


def test_empty_records_document(batch_server):
    doc = send(batch_server, '{"Records": []}')
    assert (doc["stored"], doc["duplicates"], doc["rejected"], doc["results"]) == (0, 0, 0, [])


def test_non_object_elements_are_rejected_alone(batch_server, ct):
    good = my_record(new_id())
    body = '{"Records": [1, "text", ' + compact(good) + ", [1, 2], null]}"
    doc = send(batch_server, body)
    assert [r["status"] for r in doc["results"]] == ["rejected", "rejected", "stored", "rejected", "rejected"]
    for r in doc["results"]:
        if r["status"] == "rejected":
            assert not r.get("eventID")
    assert lookup_one(ct, good["eventID"])[1] == compact(good)


def test_lookup_attributes_of_batch_records(batch_server, ct):
    name = f"Op{uuid.uuid4().hex[:10]}"
    user = f"user-{uuid.uuid4().hex[:8]}"
    source = f"conf-{uuid.uuid4().hex[:8]}.amazonaws.com"
    rec = my_record(new_id(), eventName=name, eventSource=source,
                    userIdentity={"type": "IAMUser", "principalId": "AIDAEXAMPLE", "userName": user,
                                  "accountId": "123456789012", "arn": f"arn:aws:iam::123456789012:user/{user}"})
    send(batch_server, [rec])
    for key, value in (("EventName", name), ("EventSource", source), ("Username", user)):
        found = otlib.lookup_all(ct, key, value)
        assert [e["EventId"] for e in found] == [rec["eventID"]], (key, value)
    (event, _) = lookup_one(ct, rec["eventID"])
    assert event["EventName"] == name and event["EventSource"] == source and event["Username"] == user
    assert event["EventTime"] == otlib.parse_event_time(rec["eventTime"])


def test_many_records_in_one_batch(batch_server, ct):
    records = [my_record(new_id(), requestParameters={"i": i}) for i in range(500)]
    doc = send(batch_server, records)
    assert doc["stored"] == 500
    assert [r["eventID"] for r in doc["results"]] == [r["eventID"] for r in records]
    check_stored(ct, records[::5], doc["results"][::5], byte_exact=False)


# -- Newline-delimited JSON -----------------------------------------------------------------------------


def test_ndjson_with_bad_lines(batch_server, ct):
    r1, r2, r4 = my_record(new_id()), my_record(), my_record(new_id())
    dup = my_record(r1["eventID"], eventName="NotStored")
    lines = [compact(r1), "this is not json", "[1, 2]", "42", compact(r2), compact(dup), '"a string"',
             '{"truncated": ', compact(r4)]
    doc = send(batch_server, "\n".join(lines) + "\n", content_type=NDJSON)
    assert [r["status"] for r in doc["results"]] == [
        "stored", "rejected", "rejected", "rejected", "stored", "duplicate", "rejected", "rejected", "stored"]
    assert (doc["stored"], doc["duplicates"], doc["rejected"]) == (3, 1, 5)
    assert doc["results"][5]["eventID"] == r1["eventID"]
    assert lookup_one(ct, r1["eventID"])[1] == compact(r1)
    assert lookup_one(ct, r4["eventID"])[1] == compact(r4)
    assigned = doc["results"][4]["eventID"]
    assert json.loads(lookup_one(ct, assigned)[1]) == dict(r2, eventID=assigned)


def test_ndjson_crlf_and_single_line(batch_server, ct):
    a, b = my_record(new_id()), my_record(new_id())
    doc = send(batch_server, compact(a) + "\r\n" + compact(b), content_type=NDJSON)
    assert [r["status"] for r in doc["results"]] == ["stored", "stored"]
    check_stored(ct, [a, b], doc["results"], byte_exact=True)
    c = my_record(new_id())
    doc = send(batch_server, compact(c), content_type=NDJSON)
    assert [r["status"] for r in doc["results"]] == ["stored"]
    assert lookup_one(ct, c["eventID"])[1] == compact(c)


def test_oversized_record_is_rejected_alone(batch_server, ct):
    big = my_record(new_id(), requestParameters={"pad": "x" * (300 * 1024)})
    ok = my_record(new_id())
    doc = send(batch_server, compact(big) + "\n" + compact(ok), content_type=NDJSON)
    assert [r["status"] for r in doc["results"]] == ["rejected", "stored"]
    assert ct.lookup_events(
        LookupAttributes=[{"AttributeKey": "EventId", "AttributeValue": big["eventID"]}])["Events"] == []


# -- Malformed documents and authentication ----------------------------------------------------------


MALFORMED = {
    "truncated": '{"Records": [RECORD, ',
    "trailing-data": '{"Records": [RECORD]} {"more": 1}',
    "bad-element": '{"Records": [RECORD, {"a": }]}',
    "unterminated-string": '{"Records": [RECORD, {"a": "b]}',
    # A log file whose Records is not an array is malformed too (not one record named "Records").
    "records-not-an-array": '{"Records": 5, "x": RECORD}',
    "records-an-object": '{"Records": RECORD}',
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_records_document(batch_server, ct, case):
    template = MALFORMED[case]
    rec = my_record(new_id())
    resp = post_batch(batch_server.endpoint, template.replace("RECORD", compact(rec)))
    assert resp.status_code == 400, (resp.status_code, resp.text)
    doc = resp.json()
    assert doc.get("code") == "MalformedBatch", doc
    assert doc.get("message")
    assert lookup_event_id(ct, rec["eventID"]) == []


def test_unsigned_batch(batch_server, ct):
    rec = my_record(new_id())
    resp = post_batch(batch_server.endpoint, [rec], key=None)
    assert resp.status_code == 403, resp.text
    assert resp.json().get("code") == "MissingAuthenticationTokenException"
    assert lookup_event_id(ct, rec["eventID"]) == []


@pytest.mark.parametrize("service", ["cloudtrail-data", "opentrail"])
def test_signed_for_either_service(batch_server, ct, service):
    rec = my_record(new_id())
    doc = send(batch_server, [rec], service=service)
    assert doc["stored"] == 1
    assert lookup_one(ct, rec["eventID"])


@pytest.mark.parametrize("variant", ["service-cloudtrail", "wrong-secret"])
def test_bad_signature(batch_server, ct, variant):
    rec = my_record(new_id())
    kwargs = {"service": "cloudtrail"} if variant == "service-cloudtrail" else {"secret": ROOT_SECRET[:-1] + "X"}
    resp = post_batch(batch_server.endpoint, [rec], **kwargs)
    assert 400 <= resp.status_code < 500, resp.text
    assert resp.json().get("code") in ("InvalidSignatureException", "SignatureDoesNotMatch"), resp.text
    assert lookup_event_id(ct, rec["eventID"]) == []


def test_concurrent_duplicate_batches_store_once(batch_server, ct):
    """The same batch sent by eight clients at once: each record stored by exactly one of them."""
    import threading

    records = [my_record(new_id()) for _ in range(20)]
    body = compact({"Records": records})
    barrier = threading.Barrier(8)
    docs = []

    def send_one():
        barrier.wait()
        resp = post_batch(batch_server.endpoint, body)
        docs.append((resp.status_code, resp.text))

    threads = [threading.Thread(target=send_one) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert [code for code, _ in docs] == [200] * 8, docs
    parsed = [json.loads(text) for _, text in docs]
    assert sum(d["stored"] for d in parsed) == 20
    assert sum(d["duplicates"] for d in parsed) == 140
    for i, rec in enumerate(records):
        assert sorted(d["results"][i]["status"] for d in parsed) == ["duplicate"] * 7 + ["stored"]
        assert lookup_one(ct, rec["eventID"])[1] == compact(rec)
