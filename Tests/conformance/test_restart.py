"""State survives a restart (SIGTERM) and a crash (SIGKILL) on the same data directory."""

from __future__ import annotations

from otlib import BUCKET, assert_client_error, lookup_all, trail_arn

ADVANCED = [{"Name": "mgmt", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}]
BASIC = [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True,
          "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::example-bucket/"]}]}]


def test_state_survives_restart(fresh_server):
    srv = fresh_server(config=True)
    client = srv.client()
    client.create_trail(Name="alpha", S3BucketName=BUCKET, S3KeyPrefix="a/", EnableLogFileValidation=True,
                        TagsList=[{"Key": "team", "Value": "sec"}])
    client.create_trail(Name="beta", S3BucketName=BUCKET, IsMultiRegionTrail=True)
    client.create_trail(Name="gamma", S3BucketName=BUCKET)
    client.delete_trail(Name="gamma")
    client.add_tags(ResourceId=trail_arn("beta"), TagsList=[{"Key": "env", "Value": "prod"}])
    client.put_event_selectors(TrailName="alpha", EventSelectors=BASIC)
    client.put_event_selectors(TrailName="beta", AdvancedEventSelectors=ADVANCED)
    client.put_insight_selectors(TrailName="alpha", InsightSelectors=[{"InsightType": "ApiCallRateInsight"}])
    client.start_logging(Name="alpha")
    client.start_logging(Name="beta")
    client.stop_logging(Name="beta")
    status_alpha = client.get_trail_status(Name="alpha")
    status_beta = client.get_trail_status(Name="beta")
    trails_before = {t["Name"]: t for t in client.describe_trails()["trailList"]}
    events_before = lookup_all(client)
    assert events_before

    code = srv.stop()
    assert code == 0, f"opentrail serve exited with {code} on SIGTERM"
    srv.start()
    client = srv.client()

    trails_after = {t["Name"]: t for t in client.describe_trails()["trailList"]}
    assert trails_after == trails_before
    assert set(trails_after) == {"alpha", "beta"}
    assert_client_error("TrailNotFoundException", client.get_trail, Name="gamma")

    tags = client.list_tags(ResourceIdList=[trail_arn("alpha"), trail_arn("beta")])["ResourceTagList"]
    assert {e["ResourceId"]: {t["Key"]: t.get("Value") for t in e["TagsList"]} for e in tags} == {
        trail_arn("alpha"): {"team": "sec"}, trail_arn("beta"): {"env": "prod"}}

    alpha_sel = client.get_event_selectors(TrailName="alpha")
    assert [s["ReadWriteType"] for s in alpha_sel["EventSelectors"]] == ["WriteOnly"]
    assert alpha_sel["EventSelectors"][0]["DataResources"] == BASIC[0]["DataResources"]
    assert client.get_event_selectors(TrailName="beta")["AdvancedEventSelectors"] == ADVANCED
    insights = client.get_insight_selectors(TrailName="alpha")["InsightSelectors"]
    assert [s["InsightType"] for s in insights] == ["ApiCallRateInsight"]

    after_alpha = client.get_trail_status(Name="alpha")
    assert after_alpha["IsLogging"] is True
    assert after_alpha["StartLoggingTime"] == status_alpha["StartLoggingTime"]
    after_beta = client.get_trail_status(Name="beta")
    assert after_beta["IsLogging"] is False
    assert after_beta["StopLoggingTime"] == status_beta["StopLoggingTime"]

    # Every earlier event is still in the history, unchanged.
    events_after = {e["EventId"]: e for e in lookup_all(client)}
    for e in events_before:
        assert e["EventId"] in events_after, f"{e['EventName']} {e['EventId']} lost across restart"
        assert events_after[e["EventId"]]["CloudTrailEvent"] == e["CloudTrailEvent"]
    one = events_before[-1]
    found = client.lookup_events(LookupAttributes=[{"AttributeKey": "EventId", "AttributeValue": one["EventId"]}])
    assert [e["EventId"] for e in found["Events"]] == [one["EventId"]]

    # Config users still work after the restart.
    alice = srv.client("AKIAALICE00000000001", "aliceSecretKey000000000000000000000000001")
    assert len(alice.list_trails()["Trails"]) == 2


def test_acknowledged_writes_survive_a_crash(fresh_server):
    srv = fresh_server()
    client = srv.client()
    client.create_trail(Name="durable", S3BucketName=BUCKET)
    client.add_tags(ResourceId=trail_arn("durable"), TagsList=[{"Key": "k", "Value": "v"}])
    client.start_logging(Name="durable")
    events_before = {e["EventId"] for e in lookup_all(client)}
    srv.kill()  # SIGKILL right after the acknowledgements: no graceful shutdown
    srv.start()
    client = srv.client()
    assert client.get_trail(Name="durable")["Trail"]["Name"] == "durable"
    assert client.get_trail_status(Name="durable")["IsLogging"] is True
    tags = client.list_tags(ResourceIdList=[trail_arn("durable")])["ResourceTagList"][0]["TagsList"]
    assert tags == [{"Key": "k", "Value": "v"}]
    events_after = {e["EventId"] for e in lookup_all(client)}
    assert events_before <= events_after
