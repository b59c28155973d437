"""Channels (CloudTrail Lake's ingestion endpoints): Create/Get/Update/Delete/ListChannels, tags on
channels, the ingestion status, and the self-audit of these calls."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from botocore.exceptions import ClientError

import otlib
from otlib import (ACCOUNT, CHANNEL_RESOURCE_TYPE, EDS_LOCATION, REGION, assert_client_error, audit_event,
                   channel_arn, channel_id_of, error_type, since, unique_name, wait_for_event)

ARN_RE = re.compile(rf"^arn:aws:cloudtrail:{REGION}:{ACCOUNT}:channel/[-_A-Za-z0-9]{{1,128}}$")
EDS = [{"Type": "EVENT_DATA_STORE", "Location": EDS_LOCATION}]
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"


def channel_names(client) -> list[str]:
    """Every channel (ARN) that ListChannels shows, following NextToken."""
    arns, kwargs = [], {}
    for _ in range(100):
        resp = client.list_channels(**kwargs)
        arns += [c["ChannelArn"] for c in resp["Channels"]]
        if not resp.get("NextToken"):
            return arns
        kwargs["NextToken"] = resp["NextToken"]
    raise AssertionError("ListChannels still had pages after 100 pages")


def assert_client_error_in(codes, fn, **kwargs):
    try:
        result = fn(**kwargs)
    except ClientError as err:
        assert otlib.error_code_of(err) in codes, err.response.get("Error")
        return err
    raise AssertionError(f"expected one of {codes}, call succeeded and returned {result.get('ChannelArn')}")


# -- CreateChannel / GetChannel -----------------------------------------------------------------


def test_create_channel_response(make_channel):
    name = unique_name("ch")
    resp = make_channel(name, Source="Custom", Destinations=EDS, Tags=[{"Key": "team", "Value": "sec"}])
    assert ARN_RE.match(resp["ChannelArn"]), resp["ChannelArn"]
    assert resp["Name"] == name
    assert resp["Source"] == "Custom"
    assert resp["Destinations"] == EDS
    assert resp["Tags"] == [{"Key": "team", "Value": "sec"}]


def test_get_channel_by_arn_and_by_id(cloudtrail, make_channel):
    name = unique_name("ch")
    dests = EDS + [{"Type": "AWS_SERVICE", "Location": "partner-app.example"}]
    arn = make_channel(name, Destinations=dests)["ChannelArn"]
    by_arn = cloudtrail.get_channel(Channel=arn)
    by_id = cloudtrail.get_channel(Channel=channel_id_of(arn))
    for resp in (by_arn, by_id):
        resp.pop("ResponseMetadata")
    assert by_arn == by_id
    assert by_arn["ChannelArn"] == arn
    assert by_arn["Name"] == name
    assert by_arn["Source"] == "Custom"
    assert by_arn["Destinations"] == dests
    assert "SourceConfig" in by_arn
    assert isinstance(by_arn["SourceConfig"].get("ApplyToAllRegions"), bool)
    # No PutAuditEvents yet: no ingestion times.
    status = by_arn.get("IngestionStatus", {})
    assert "LatestIngestionSuccessTime" not in status and "LatestIngestionAttemptTime" not in status, status


def test_ingestion_status_after_put_audit_events(cloudtrail, cloudtrail_data, channel):
    before = otlib.utcnow() - dt.timedelta(seconds=2)
    resp = cloudtrail_data.put_audit_events(channelArn=channel, auditEvents=[audit_event(), audit_event()])
    after = otlib.utcnow() + dt.timedelta(seconds=2)
    assert len(resp["successful"]) == 2 and resp["failed"] == []
    status = cloudtrail.get_channel(Channel=channel)["IngestionStatus"]
    for key in ("LatestIngestionSuccessTime", "LatestIngestionAttemptTime"):
        assert key in status, status
        assert before <= status[key] <= after, (key, status[key])
    assert status.get("LatestIngestionSuccessEventID") == resp["successful"][-1]["eventID"]
    assert status.get("LatestIngestionAttemptEventID") in {s["eventID"] for s in resp["successful"]}


def test_ingestion_status_after_rejected_events(cloudtrail, cloudtrail_data, channel):
    resp = cloudtrail_data.put_audit_events(channelArn=channel, auditEvents=[audit_event(UID=None)])
    assert resp["successful"] == [] and [f["errorCode"] for f in resp["failed"]] == ["FieldNotFound"]
    status = cloudtrail.get_channel(Channel=channel)["IngestionStatus"]
    assert "LatestIngestionAttemptTime" in status, status
    assert status.get("LatestIngestionErrorCode") == "FieldNotFound", status
    assert "LatestIngestionSuccessTime" not in status, status


@pytest.mark.parametrize("kind", ["3-chars", "128-chars", "all-allowed-characters"])
def test_name_boundaries_accepted(make_channel, kind):
    suffix = uuid.uuid4().hex
    name = {"3-chars": suffix[:3], "128-chars": (suffix * 4)[:128],
            "all-allowed-characters": f"My.Channel_name-09.{suffix[:8]}"}[kind]
    assert make_channel(name)["Name"] == name


@pytest.mark.parametrize("name", ["ab", "a" * 129, "bad name", "bad/name", "bad:name", "caf\u00e9-channel"])
def test_invalid_name(raw_request, name):
    # Raw: botocore would refuse the short ones itself.
    resp = raw_request("CreateChannel", {"Name": name, "Source": "Custom", "Destinations": EDS})
    assert resp.status_code == 400, resp.text
    assert error_type(resp) == "InvalidParameterException", resp.text


@pytest.mark.parametrize("destinations", [
    [],
    [{"Type": "S3", "Location": "my-bucket"}],
    [{"Type": "EVENT_DATA_STORE"}],
    [{"Location": EDS_LOCATION}],
    [{"Type": "EVENT_DATA_STORE", "Location": "ab"}],
    [{"Type": "EVENT_DATA_STORE", "Location": "x" * 1025}],
    [{"Type": "EVENT_DATA_STORE", "Location": f"eds-{i:04d}"} for i in range(201)],
], ids=["empty", "bad-type", "no-location", "no-type", "location-short", "location-long", "201"])
def test_invalid_destinations(raw_request, destinations):
    resp = raw_request("CreateChannel", {"Name": unique_name("ch"), "Source": "Custom", "Destinations": destinations})
    assert resp.status_code == 400, resp.text
    assert error_type(resp) == "InvalidParameterException", resp.text


def test_two_hundred_destinations_accepted(cloudtrail, make_channel):
    dests = [{"Type": "EVENT_DATA_STORE", "Location": f"eds-{i:04d}"} for i in range(200)]
    arn = make_channel(Destinations=dests)["ChannelArn"]
    assert cloudtrail.get_channel(Channel=arn)["Destinations"] == dests


def test_duplicate_name(cloudtrail, make_channel):
    name = unique_name("ch")
    make_channel(name)
    assert_client_error("ChannelAlreadyExistsException", cloudtrail.create_channel, Name=name, Source="Custom",
                        Destinations=EDS)


def test_same_name_in_another_region(server, make_channel):
    name = unique_name("ch")
    east = make_channel(name)["ChannelArn"]
    west_client = server.client(region="us-west-2")
    west = make_channel(name, client=west_client)["ChannelArn"]
    assert west != east
    assert west.startswith(f"arn:aws:cloudtrail:us-west-2:{ACCOUNT}:channel/")
    assert west in channel_names(west_client)
    assert east not in channel_names(west_client)


def test_name_reusable_after_delete(cloudtrail, make_channel):
    name = unique_name("ch")
    first = cloudtrail.create_channel(Name=name, Source="Custom", Destinations=EDS)["ChannelArn"]
    cloudtrail.delete_channel(Channel=first)
    second = make_channel(name)["ChannelArn"]
    assert second != first
    assert cloudtrail.get_channel(Channel=second)["Name"] == name


# -- Not found / invalid ARNs -------------------------------------------------------------------


@pytest.mark.parametrize("op,extra", [("get_channel", {}), ("delete_channel", {}),
                                      ("update_channel", {"Name": "renamed-channel"})])
@pytest.mark.parametrize("ref", ["arn", "id"])
def test_unknown_channel(cloudtrail, op, extra, ref):
    value = channel_arn(UNKNOWN_ID) if ref == "arn" else UNKNOWN_ID
    assert_client_error("ChannelNotFoundException", getattr(cloudtrail, op), Channel=value, **extra)


@pytest.mark.parametrize("value", [
    "arn:aws:cloudtrail:us-east-1:123456789012:trail/not-a-channel",
    "arn:aws:s3:::some-bucket",
    "not a channel!",
    "arn:aws:cloudtrail:us-east-1:123456789012:channel/bad id!",
])
def test_invalid_channel_arn(cloudtrail, value):
    assert_client_error("ChannelARNInvalidException", cloudtrail.get_channel, Channel=value)


@pytest.mark.parametrize("variant", ["other-region-arn", "other-account-arn", "other-region-client"])
def test_channel_is_scoped_to_its_account_and_region(server, cloudtrail, channel, variant):
    cid = channel_id_of(channel)
    if variant == "other-region-arn":
        client, value = cloudtrail, channel_arn(cid, region="eu-west-1")
    elif variant == "other-account-arn":
        client, value = cloudtrail, channel_arn(cid, account="999999999999")
    else:
        client, value = server.client(region="us-west-2"), cid
    # AWS serves a channel only from its own region, to its own account.
    assert_client_error_in(("ChannelNotFoundException", "ChannelARNInvalidException"), client.get_channel,
                           Channel=value)


# -- UpdateChannel / DeleteChannel ----------------------------------------------------------------


def test_update_name_and_destinations(cloudtrail, make_channel):
    arn = make_channel()["ChannelArn"]
    new_name = unique_name("renamed")
    new_dests = [{"Type": "AWS_SERVICE", "Location": "partner.example.com"}]
    resp = cloudtrail.update_channel(Channel=arn, Name=new_name, Destinations=new_dests)
    assert resp["ChannelArn"] == arn
    assert resp["Name"] == new_name
    assert resp["Destinations"] == new_dests
    got = cloudtrail.get_channel(Channel=arn)
    assert (got["Name"], got["Destinations"], got["Source"]) == (new_name, new_dests, "Custom")


def test_update_only_destinations_keeps_name(cloudtrail, make_channel):
    name = unique_name("ch")
    arn = make_channel(name)["ChannelArn"]
    new_dests = [{"Type": "EVENT_DATA_STORE", "Location": "eds-two"}]
    cloudtrail.update_channel(Channel=channel_id_of(arn), Destinations=new_dests)
    got = cloudtrail.get_channel(Channel=arn)
    assert (got["Name"], got["Destinations"]) == (name, new_dests)


def test_update_to_taken_name(cloudtrail, make_channel):
    taken = unique_name("ch")
    make_channel(taken)
    arn = make_channel()["ChannelArn"]
    assert_client_error("ChannelAlreadyExistsException", cloudtrail.update_channel, Channel=arn, Name=taken)


def test_update_invalid(cloudtrail, raw_request, channel):
    assert_client_error("InvalidParameterException", cloudtrail.update_channel, Channel=channel, Name="bad name")
    assert_client_error("InvalidParameterException", cloudtrail.update_channel, Channel=channel,
                        Destinations=[{"Type": "S3", "Location": "bucket"}])
    resp = raw_request("UpdateChannel", {"Channel": channel, "Destinations": []})
    assert error_type(resp) == "InvalidParameterException", resp.text
    # Nothing changed.
    got = cloudtrail.get_channel(Channel=channel)
    assert got["Destinations"] == EDS


def test_delete_channel(cloudtrail, cloudtrail_data):
    arn = cloudtrail.create_channel(Name=unique_name("ch"), Source="Custom", Destinations=EDS)["ChannelArn"]
    assert arn in channel_names(cloudtrail)
    cloudtrail.delete_channel(Channel=arn)
    assert arn not in channel_names(cloudtrail)
    assert_client_error("ChannelNotFoundException", cloudtrail.get_channel, Channel=arn)
    assert_client_error("ChannelNotFoundException", cloudtrail.delete_channel, Channel=arn)
    assert_client_error("ChannelNotFound", cloudtrail_data.put_audit_events, channelArn=arn,
                        auditEvents=[audit_event()])


def test_delete_by_id(cloudtrail):
    arn = cloudtrail.create_channel(Name=unique_name("ch"), Source="Custom", Destinations=EDS)["ChannelArn"]
    cloudtrail.delete_channel(Channel=channel_id_of(arn))
    assert_client_error("ChannelNotFoundException", cloudtrail.get_channel, Channel=arn)


# -- ListChannels -----------------------------------------------------------------------------------


def test_list_channels_pagination(cloudtrail, make_channel):
    created = {make_channel(unique_name("pg"))["ChannelArn"] for _ in range(5)}
    seen, kwargs, pages = [], {"MaxResults": 2}, 0
    while True:
        resp = cloudtrail.list_channels(**kwargs)
        pages += 1
        assert len(resp["Channels"]) <= 2
        for summary in resp["Channels"]:
            assert set(summary) == {"ChannelArn", "Name"}, summary
        seen += [c["ChannelArn"] for c in resp["Channels"]]
        if not resp.get("NextToken"):
            break
        kwargs["NextToken"] = resp["NextToken"]
        assert pages < 100
    assert len(seen) == len(set(seen)), "a channel appeared on two pages"
    assert created <= set(seen)
    assert pages >= 3


def test_list_channels_names(cloudtrail, make_channel):
    name = unique_name("ls")
    arn = make_channel(name)["ChannelArn"]
    summaries = {c["ChannelArn"]: c["Name"] for c in cloudtrail.list_channels()["Channels"]}
    assert summaries.get(arn) == name


def test_list_channels_invalid_token(cloudtrail):
    assert_client_error("InvalidNextTokenException", cloudtrail.list_channels, NextToken="not-a-token")


# -- The per-region limit ---------------------------------------------------------------------------


def test_channel_limit_per_region(fresh_server):
    srv = fresh_server()
    client = srv.client()
    arns = [client.create_channel(Name=f"limit-{i:02d}", Source="Custom", Destinations=EDS)["ChannelArn"]
            for i in range(25)]
    assert_client_error("ChannelMaxLimitExceededException", client.create_channel, Name="limit-25",
                        Source="Custom", Destinations=EDS)
    # The limit is per region.
    srv.client(region="us-west-2").create_channel(Name="limit-25", Source="Custom", Destinations=EDS)
    client.delete_channel(Channel=arns[0])
    client.create_channel(Name="limit-25", Source="Custom", Destinations=EDS)
    assert len(channel_names(client)) == 25


# -- Tags on channels -------------------------------------------------------------------------------


def tags_of(client, arn) -> dict:
    (entry,) = client.list_tags(ResourceIdList=[arn])["ResourceTagList"]
    assert entry["ResourceId"] == arn
    return {t["Key"]: t.get("Value") for t in entry.get("TagsList", [])}


def test_tags_from_create_channel(cloudtrail, make_channel):
    arn = make_channel(Tags=[{"Key": "team", "Value": "sec"}, {"Key": "env", "Value": "prod"}])["ChannelArn"]
    assert tags_of(cloudtrail, arn) == {"team": "sec", "env": "prod"}


def test_add_list_remove_tags(cloudtrail, channel):
    assert tags_of(cloudtrail, channel) == {}
    cloudtrail.add_tags(ResourceId=channel, TagsList=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    cloudtrail.add_tags(ResourceId=channel, TagsList=[{"Key": "a", "Value": "3"}])
    assert tags_of(cloudtrail, channel) == {"a": "3", "b": "2"}
    cloudtrail.remove_tags(ResourceId=channel, TagsList=[{"Key": "b"}])
    assert tags_of(cloudtrail, channel) == {"a": "3"}


def test_tags_on_unknown_channel(cloudtrail):
    arn = channel_arn(UNKNOWN_ID)
    assert_client_error("ResourceNotFoundException", cloudtrail.add_tags, ResourceId=arn,
                        TagsList=[{"Key": "k", "Value": "v"}])
    assert_client_error("ResourceNotFoundException", cloudtrail.list_tags, ResourceIdList=[arn])


def test_tags_of_deleted_channel(cloudtrail):
    arn = cloudtrail.create_channel(Name=unique_name("ch"), Source="Custom", Destinations=EDS,
                                    Tags=[{"Key": "k", "Value": "v"}])["ChannelArn"]
    cloudtrail.delete_channel(Channel=arn)
    assert_client_error("ResourceNotFoundException", cloudtrail.list_tags, ResourceIdList=[arn])


def test_list_tags_trail_and_channel_together(cloudtrail, make_trail, channel):
    name = unique_name()
    make_trail(name)
    cloudtrail.add_tags(ResourceId=channel, TagsList=[{"Key": "kind", "Value": "channel"}])
    cloudtrail.add_tags(ResourceId=otlib.trail_arn(name), TagsList=[{"Key": "kind", "Value": "trail"}])
    resp = cloudtrail.list_tags(ResourceIdList=[otlib.trail_arn(name), channel])["ResourceTagList"]
    assert {e["ResourceId"]: {t["Key"]: t["Value"] for t in e["TagsList"]} for e in resp} == {
        otlib.trail_arn(name): {"kind": "trail"}, channel: {"kind": "channel"}}


# -- Self-audit -------------------------------------------------------------------------------------


@pytest.mark.parametrize("op,kwargs,read_only", [
    ("get_channel", {"Channel": "{arn}"}, True),
    ("update_channel", {"Channel": "{arn}", "Destinations": EDS}, False),
    ("add_tags", {"ResourceId": "{arn}", "TagsList": [{"Key": "k", "Value": "v"}]}, False),
    ("remove_tags", {"ResourceId": "{arn}", "TagsList": [{"Key": "k"}]}, False),
    ("delete_channel", {"Channel": "{arn}"}, False),
])
def test_channel_calls_are_audited(cloudtrail, make_channel, op, kwargs, read_only):
    arn = make_channel()["ChannelArn"]
    start = since(2)
    getattr(cloudtrail, op)(**{k: (v.format(arn=arn) if isinstance(v, str) else v) for k, v in kwargs.items()})
    event_name = "".join(part.capitalize() for part in op.split("_"))
    event, record = wait_for_event(
        cloudtrail, "ResourceName", arn, lambda r: r["eventName"] == event_name, start_time=start)
    assert {"ResourceType": CHANNEL_RESOURCE_TYPE, "ResourceName": arn} in event["Resources"]
    assert event["ReadOnly"] == ("true" if read_only else "false")
    assert record["eventSource"] == otlib.EVENT_SOURCE
    by_name = otlib.find_events(cloudtrail, "EventName", event_name, lambda r: r["eventID"] == event["EventId"],
                                start_time=start)
    assert len(by_name) == 1


def test_create_channel_is_audited(cloudtrail, make_channel):
    start = since(2)
    name = unique_name("ch")
    arn = make_channel(name)["ChannelArn"]
    event, record = wait_for_event(cloudtrail, "EventName", "CreateChannel",
                                   lambda r: r.get("requestParameters", {}).get("name") == name, start_time=start)
    assert {"ResourceType": CHANNEL_RESOURCE_TYPE, "ResourceName": arn} in event["Resources"]
    assert event["ReadOnly"] == "false"
    assert record["responseElements"]["channelArn"] == arn
    by_type = otlib.find_events(cloudtrail, "ResourceType", CHANNEL_RESOURCE_TYPE,
                                lambda r: r["eventID"] == event["EventId"], start_time=start)
    assert len(by_type) == 1


def test_list_calls_are_audited(cloudtrail, channel):
    start = since(2)
    cloudtrail.list_channels(MaxResults=5)
    cloudtrail.list_tags(ResourceIdList=[channel])
    event, _ = wait_for_event(cloudtrail, "EventName", "ListChannels", start_time=start)
    assert event["ReadOnly"] == "true"
    event, record = wait_for_event(cloudtrail, "EventName", "ListTags",
                                   lambda r: channel in (r.get("requestParameters") or {}).get("resourceIdList", []),
                                   start_time=start)
    assert event["ReadOnly"] == "true"


def test_failed_channel_call_is_audited(cloudtrail):
    start = since(2)
    arn = channel_arn(UNKNOWN_ID)
    assert_client_error("ChannelNotFoundException", cloudtrail.get_channel, Channel=arn)
    _, record = wait_for_event(cloudtrail, "EventName", "GetChannel",
                               lambda r: (r.get("requestParameters") or {}).get("channel") == arn, start_time=start)
    assert record["errorCode"] == "ChannelNotFoundException"
