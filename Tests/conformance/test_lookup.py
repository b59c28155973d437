"""LookupEvents: attributes, time range, MaxResults, NextToken, order, shape, paginator."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from otlib import (ALICE_KEY, BUCKET, EVENT_SOURCE, PAGER_KEY, TRAIL_RESOURCE_TYPE, assert_client_error,
                   error_type, lookup_all, parse_event_time, since, trail_arn, unique_name, wait_for_event)

EVENT_KEYS = {"EventId", "EventName", "ReadOnly", "AccessKeyId", "EventTime", "EventSource", "Username",
              "Resources", "CloudTrailEvent"}


@pytest.fixture(scope="module")
def seeded(server, cloudtrail, alice):
    """A trail created by root and read by alice; returns what the tests look for."""
    start = since(5)
    name = unique_name("lk")
    created = cloudtrail.create_trail(Name=name, S3BucketName=BUCKET)
    alice.get_trail(Name=name)
    alice.describe_trails(trailNameList=[name])
    create_event, create_record = wait_for_event(
        cloudtrail, "ResourceName", trail_arn(name), lambda r: r["eventName"] == "CreateTrail", start_time=start)
    return {"start": start, "name": name, "arn": trail_arn(name), "create_response": created,
            "create_event": create_event, "create_record": create_record}


def lookup(client, key, value, start):
    return lookup_all(client, key, value, start_time=start)


def test_event_shape(cloudtrail, seeded):
    event, record = seeded["create_event"], seeded["create_record"]
    assert EVENT_KEYS <= set(event), f"missing {EVENT_KEYS - set(event)}"
    assert event["EventName"] == "CreateTrail"
    assert event["EventSource"] == EVENT_SOURCE
    assert event["ReadOnly"] == "false"
    assert event["Username"] == "root"
    assert event["AccessKeyId"] == record["userIdentity"]["accessKeyId"]
    assert {"ResourceType": TRAIL_RESOURCE_TYPE, "ResourceName": seeded["arn"]} in event["Resources"]
    assert isinstance(event["CloudTrailEvent"], str)
    assert record["eventID"] == event["EventId"]
    assert record["eventName"] == "CreateTrail"
    assert isinstance(event["EventTime"], dt.datetime)
    assert event["EventTime"] == parse_event_time(record["eventTime"])


@pytest.mark.parametrize("key", ["EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName",
                                 "EventSource", "AccessKeyId"])
def test_lookup_attribute(cloudtrail, seeded, key):
    create = seeded["create_event"]
    arn = seeded["arn"]
    value, check, must_include = {
        "EventId": (create["EventId"], lambda e: e["EventId"] == create["EventId"], "create"),
        "EventName": ("CreateTrail", lambda e: e["EventName"] == "CreateTrail", "create"),
        "ReadOnly": ("false", lambda e: e["ReadOnly"] == "false", "create"),
        "Username": ("alice", lambda e: e["Username"] == "alice", "alice"),
        "ResourceType": (TRAIL_RESOURCE_TYPE,
                         lambda e: any(r.get("ResourceType") == TRAIL_RESOURCE_TYPE for r in e["Resources"]), "create"),
        "ResourceName": (arn, lambda e: any(r.get("ResourceName") == arn for r in e["Resources"]), "both"),
        "EventSource": (EVENT_SOURCE, lambda e: e["EventSource"] == EVENT_SOURCE, "both"),
        "AccessKeyId": (ALICE_KEY, lambda e: e["AccessKeyId"] == ALICE_KEY, "alice"),
    }[key]
    events = lookup(cloudtrail, key, value, seeded["start"])
    assert events, f"LookupEvents {key}={value} found nothing"
    for e in events:
        assert check(e), f"{key}={value} returned a non-matching event: {e}"
    records = [json.loads(e["CloudTrailEvent"]) for e in events]
    if must_include in ("create", "both"):
        assert create["EventId"] in [e["EventId"] for e in events]
    if must_include in ("alice", "both"):
        assert any(r["eventName"] == "GetTrail" and r["userIdentity"].get("userName") == "alice"
                   and r.get("requestParameters", {}).get("name") == seeded["name"] for r in records)
    if key == "EventId":
        assert len(events) == 1


def test_read_only_true(cloudtrail, seeded):
    events = lookup(cloudtrail, "ReadOnly", "true", seeded["start"])
    assert events and all(e["ReadOnly"] == "true" for e in events)
    assert {"GetTrail", "DescribeTrails"} <= {e["EventName"] for e in events}
    assert "CreateTrail" not in {e["EventName"] for e in events}


def test_values_are_case_sensitive(cloudtrail, seeded):
    assert lookup(cloudtrail, "EventName", "createtrail", seeded["start"]) == []
    assert lookup(cloudtrail, "Username", "ALICE", seeded["start"]) == []


def test_no_attributes_returns_all_kinds(cloudtrail, seeded):
    events = cloudtrail.lookup_events(StartTime=seeded["start"], MaxResults=50)["Events"]
    assert events
    for e in events:
        assert EVENT_KEYS - {"Resources", "AccessKeyId"} <= set(e), e
        json.loads(e["CloudTrailEvent"])


def test_newest_first(cloudtrail):
    start = since(2)
    names = [unique_name("ord") for _ in range(3)]
    for n in names:
        cloudtrail.create_trail(Name=n, S3BucketName=BUCKET)
    events = lookup(cloudtrail, "EventName", "CreateTrail", start)
    ours = [json.loads(e["CloudTrailEvent"])["requestParameters"]["name"] for e in events]
    ours = [n for n in ours if n in names]
    assert ours == list(reversed(names))
    times = [e["EventTime"] for e in events]
    assert times == sorted(times, reverse=True)


def test_time_range_is_inclusive(cloudtrail, seeded):
    event = seeded["create_event"]
    t = parse_event_time(seeded["create_record"]["eventTime"])
    attr = [{"AttributeKey": "EventId", "AttributeValue": event["EventId"]}]
    one = dt.timedelta(seconds=1)

    def ids(**kw):
        return [e["EventId"] for e in cloudtrail.lookup_events(LookupAttributes=attr, **kw)["Events"]]

    assert ids(StartTime=t, EndTime=t) == [event["EventId"]]
    assert ids(StartTime=t - one, EndTime=t + one) == [event["EventId"]]
    assert ids(StartTime=t + one) == []
    assert ids(EndTime=t - one) == []
    assert ids(StartTime=t) == [event["EventId"]]
    assert ids(EndTime=t) == [event["EventId"]]


def test_start_after_end(cloudtrail):
    now = dt.datetime.now(dt.timezone.utc)
    assert_client_error("InvalidTimeRangeException", cloudtrail.lookup_events,
                        StartTime=now, EndTime=now - dt.timedelta(hours=1))


def test_two_attributes(cloudtrail):
    assert_client_error("InvalidLookupAttributesException", cloudtrail.lookup_events, LookupAttributes=[
        {"AttributeKey": "EventName", "AttributeValue": "CreateTrail"},
        {"AttributeKey": "Username", "AttributeValue": "root"}])


def test_unknown_attribute_key(cloudtrail):
    # botocore does not validate enums client-side, so this reaches the server.
    assert_client_error("InvalidLookupAttributesException", cloudtrail.lookup_events,
                        LookupAttributes=[{"AttributeKey": "Colour", "AttributeValue": "blue"}])


@pytest.mark.parametrize("max_results", [0, -1, 51, 1000])
def test_invalid_max_results(raw_request, max_results):
    # botocore refuses MaxResults < 1 client-side, so these go out by hand.
    resp = raw_request("LookupEvents", {"MaxResults": max_results})
    assert resp.status_code == 400, resp.text
    assert error_type(resp) == "InvalidMaxResultsException", resp.text


def test_max_results_51_through_boto3(cloudtrail):
    assert_client_error("InvalidMaxResultsException", cloudtrail.lookup_events, MaxResults=51)


def test_max_results_bounds(cloudtrail, seeded):
    one = cloudtrail.lookup_events(StartTime=seeded["start"], MaxResults=1)
    assert len(one["Events"]) == 1
    assert one.get("NextToken")
    fifty = cloudtrail.lookup_events(MaxResults=50)
    assert 1 <= len(fifty["Events"]) <= 50
    default = cloudtrail.lookup_events()
    assert 1 <= len(default["Events"]) <= 50


def test_invalid_event_category(cloudtrail):
    assert_client_error("InvalidEventCategoryException", cloudtrail.lookup_events, EventCategory="management")


def test_insight_event_category(cloudtrail):
    resp = cloudtrail.lookup_events(EventCategory="insight", MaxResults=5)
    assert isinstance(resp["Events"], list)
    for e in resp["Events"]:
        assert json.loads(e["CloudTrailEvent"]).get("eventType") == "AwsCloudTrailInsight"


def test_garbage_next_token(cloudtrail):
    assert_client_error("InvalidNextTokenException", cloudtrail.lookup_events, NextToken="garbage-token")


def test_next_token_with_different_parameters(cloudtrail, seeded):
    attr = [{"AttributeKey": "EventSource", "AttributeValue": EVENT_SOURCE}]
    first = cloudtrail.lookup_events(LookupAttributes=attr, StartTime=seeded["start"], MaxResults=1)
    token = first["NextToken"]
    assert_client_error("InvalidNextTokenException", cloudtrail.lookup_events, NextToken=token, MaxResults=1,
                        StartTime=seeded["start"],
                        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "CreateTrail"}])
    # The same token with the same parameters still works.
    again = cloudtrail.lookup_events(LookupAttributes=attr, StartTime=seeded["start"], MaxResults=1, NextToken=token)
    assert len(again["Events"]) == 1
    assert again["Events"][0]["EventId"] != first["Events"][0]["EventId"]


def test_next_token_stable_while_events_arrive(cloudtrail, pager):
    """Page through pager's events while pager keeps calling: no duplicates, no gaps."""
    start = since(2)
    for _ in range(10):
        pager.list_trails()
    attr = [{"AttributeKey": "AccessKeyId", "AttributeValue": PAGER_KEY}]
    baseline = [e["EventId"] for e in lookup_all(cloudtrail, "AccessKeyId", PAGER_KEY, start_time=start)]
    assert len(baseline) == 10

    seen: list[str] = []
    times = []
    kwargs = {"LookupAttributes": attr, "StartTime": start, "MaxResults": 3}
    for _ in range(20):
        resp = cloudtrail.lookup_events(**kwargs)
        seen.extend(e["EventId"] for e in resp["Events"])
        times.extend(e["EventTime"] for e in resp["Events"])
        pager.list_trails()  # new events arrive between pages
        pager.describe_trails()
        if not resp.get("NextToken"):
            break
        kwargs["NextToken"] = resp["NextToken"]
    else:
        pytest.fail("pagination did not end")
    assert len(seen) == len(set(seen)), "an event was returned on two pages"
    missing = set(baseline) - set(seen)
    assert not missing, f"{len(missing)} events that existed at the first page were never returned"
    assert times == sorted(times, reverse=True)


def test_paginator(cloudtrail, seeded):
    paginator = cloudtrail.get_paginator("lookup_events")
    pages = paginator.paginate(LookupAttributes=[{"AttributeKey": "ResourceName", "AttributeValue": seeded["arn"]}],
                               StartTime=seeded["start"], PaginationConfig={"PageSize": 1})
    via_paginator = [e["EventId"] for page in pages for e in page["Events"]]
    direct = [e["EventId"] for e in lookup(cloudtrail, "ResourceName", seeded["arn"], seeded["start"])]
    assert len(via_paginator) >= 2
    assert via_paginator == direct


def test_paginator_max_items(cloudtrail, seeded):
    paginator = cloudtrail.get_paginator("lookup_events")
    result = paginator.paginate(StartTime=seeded["start"],
                                PaginationConfig={"MaxItems": 3, "PageSize": 2}).build_full_result()
    assert len(result["Events"]) == 3
    assert result.get("NextToken")
