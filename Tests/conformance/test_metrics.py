"""`GET /metrics`: OpenTrail's own counters in Prometheus' text format, read as a scraper reads them."""

from __future__ import annotations

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

import otlib
from otlib import ALICE_KEY, ALICE_SECRET, ROOT_KEY, ROOT_SECRET, assert_client_error

INTRUDER_KEY = "AKIAINTRUDER00000001"
INTRUDER_SECRET = "intruderSecret00000000000000000000000001"


def scrape(srv) -> tuple[requests.Response, dict[tuple[str, frozenset], float]]:
    """Fetches /metrics unsigned, as Prometheus does; returns the answer and its samples by (name, labels)."""
    resp = requests.get(f"{srv.endpoint}/metrics", timeout=10)
    assert resp.status_code == 200, resp.text
    samples = {}
    for family in text_string_to_metric_families(resp.text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return resp, samples


def value(samples, name: str, **labels) -> float | None:
    return samples.get((name, frozenset(labels.items())))


def requests_total(samples, operation: str, outcome: str) -> float:
    return value(samples, "opentrail_requests_total", operation=operation, outcome=outcome) or 0


def test_calls_are_counted_by_operation_and_outcome(fresh_server):
    srv = fresh_server(config=True)
    root = srv.client(ROOT_KEY, ROOT_SECRET)
    alice = srv.client(ALICE_KEY, ALICE_SECRET)
    intruder = srv.client(INTRUDER_KEY, INTRUDER_SECRET)

    root.list_trails()
    alice.list_trails()
    name = otlib.unique_name()
    root.create_trail(Name=name, S3BucketName=otlib.BUCKET)
    assert_client_error("TrailNotFoundException", root.get_trail, Name="no-such-trail")
    assert_client_error("UnrecognizedClientException", intruder.describe_trails)

    resp, samples = scrape(srv)

    assert resp.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    assert requests_total(samples, "ListTrails", "success") == 2
    assert requests_total(samples, "CreateTrail", "success") == 1
    assert requests_total(samples, "GetTrail", "TrailNotFoundException") == 1
    assert requests_total(samples, "DescribeTrails", "auth_failure") == 1
    assert value(samples, "opentrail_request_duration_seconds_count", operation="ListTrails") == 2
    # Every one of those five calls is on the record, each committed in a transaction of its own.
    assert value(samples, "opentrail_events_ingested_total", source="self_audit") == 5
    assert value(samples, "opentrail_commit_records_sum") == 5
    assert value(samples, "opentrail_commit_duration_seconds_count") >= 1
    assert value(samples, "opentrail_store_size_bytes") > 0
    # Aggregate counts only: no access key, secret or user name.
    for secret in (ROOT_KEY, ROOT_SECRET, ALICE_KEY, ALICE_SECRET, INTRUDER_KEY, INTRUDER_SECRET, "alice", name):
        assert secret not in resp.text


def test_unknown_operations_share_one_label(fresh_server):
    srv = fresh_server()
    for op in ("MadeUpOperation", "AnotherMadeUpOne"):
        resp = srv.raw(op, {}, key=ROOT_KEY, secret=ROOT_SECRET)
        assert otlib.error_type(resp) == "UnknownOperationException"

    resp, samples = scrape(srv)

    assert requests_total(samples, "unknown", "UnknownOperationException") == 2
    assert "MadeUpOperation" not in resp.text and "AnotherMadeUpOne" not in resp.text


def test_counters_grow_on_the_shared_server(server, cloudtrail):
    _, before = scrape(server)
    cloudtrail.describe_trails()
    cloudtrail.describe_trails()
    _, after = scrape(server)

    grown = requests_total(after, "DescribeTrails", "success") - requests_total(before, "DescribeTrails", "success")
    assert grown == 2
    ingested = "opentrail_events_ingested_total"
    assert value(after, ingested, source="self_audit") - (value(before, ingested, source="self_audit") or 0) == 2
    assert value(after, "opentrail_store_size_bytes") > 0


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_metrics_is_read_only(server, method):
    resp = requests.request(method, f"{server.endpoint}/metrics", timeout=10)
    assert resp.status_code in (404, 405)
