"""Trail lifecycle: CreateTrail, GetTrail, UpdateTrail, DeleteTrail, DescribeTrails, ListTrails,
StartLogging, StopLogging, GetTrailStatus."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from otlib import (BUCKET, REGION, assert_client_error, error_type, trail_arn,
                   unique_name)

MOTO_CASES = Path("/work/shared/testdata/api/moto_cloudtrail_api_cases.json")
if not MOTO_CASES.exists():  # a checkout with shared/ beside it
    MOTO_CASES = Path(__file__).resolve().parents[3] / "shared/testdata/api/moto_cloudtrail_api_cases.json"


def moto_cases(test_name: str) -> list[dict]:
    if not MOTO_CASES.exists():
        return []
    return [c for c in json.loads(MOTO_CASES.read_text())["cases"] if c["test"] == test_name]


# -- CreateTrail / GetTrail -------------------------------------------------------------------


def test_create_trail_response_and_defaults(cloudtrail, make_trail):
    name = unique_name()
    resp = make_trail(name)
    assert resp["Name"] == name
    assert resp["S3BucketName"] == BUCKET
    assert resp["TrailARN"] == trail_arn(name)
    assert resp["IncludeGlobalServiceEvents"] is True
    assert resp["IsMultiRegionTrail"] is False
    assert resp["LogFileValidationEnabled"] is False
    assert resp.get("IsOrganizationTrail", False) is False
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert resp["ResponseMetadata"]["RequestId"]


def test_get_trail_by_name_and_arn(cloudtrail, make_trail):
    name = unique_name()
    make_trail(name, S3KeyPrefix="audit/prefix", EnableLogFileValidation=True)
    for ident in (name, trail_arn(name)):
        trail = cloudtrail.get_trail(Name=ident)["Trail"]
        assert trail["Name"] == name
        assert trail["TrailARN"] == trail_arn(name)
        assert trail["S3BucketName"] == BUCKET
        assert trail["S3KeyPrefix"] == "audit/prefix"
        assert trail["HomeRegion"] == REGION
        assert trail["IncludeGlobalServiceEvents"] is True
        assert trail["IsMultiRegionTrail"] is False
        assert trail["LogFileValidationEnabled"] is True
        assert trail["HasCustomEventSelectors"] is False
        assert trail["HasInsightSelectors"] is False
        assert trail.get("IsOrganizationTrail", False) is False


@pytest.mark.parametrize("case", moto_cases("test_get_trail"), ids=lambda c: c["test"])
def test_moto_get_trail_defaults(cloudtrail, make_trail, case):
    name = unique_name()
    make_trail(name)
    trail = cloudtrail.get_trail(Name=name)["Trail"]
    for path, expected in case["expected"].items():
        key = path.split(".", 1)[1]
        if isinstance(expected, str):
            expected = expected.replace("<name>", name)
        assert trail[key] == expected, path


def test_create_multi_region_trail(cloudtrail, make_trail):
    name = unique_name()
    resp = make_trail(name, IsMultiRegionTrail=True)
    assert resp["IsMultiRegionTrail"] is True
    assert cloudtrail.get_trail(Name=name)["Trail"]["IsMultiRegionTrail"] is True


def test_create_trail_duplicate_name(cloudtrail, make_trail):
    name = unique_name()
    make_trail(name)
    assert_client_error("TrailAlreadyExistsException", cloudtrail.create_trail, Name=name, S3BucketName=BUCKET)


@pytest.mark.parametrize("case", moto_cases("test_create_trail_invalid_name"), ids=lambda c: c["params"]["Name"][:12])
def test_moto_create_trail_invalid_name(cloudtrail, case):
    # moto's messages are guesses at AWS's: the exception code is asserted, not the message.
    assert_client_error(case["expected_error"]["Code"], cloudtrail.create_trail, **case["params"])


@pytest.mark.parametrize(
    "name",
    [
        "my--trail",      # adjacent dashes
        "my-_trail",      # adjacent dash/underscore (botocore model doc example)
        "my..trail",      # adjacent periods
        "192.168.5.4",    # IP address format
        "trail.",         # ends with a period
        "_trail",         # starts with an underscore
        "tráil",          # non-ASCII
        "my trail",       # space
    ],
)
def test_create_trail_invalid_names_from_model(cloudtrail, name):
    assert_client_error("InvalidTrailNameException", cloudtrail.create_trail, Name=name, S3BucketName=BUCKET)


@pytest.mark.parametrize("name", ["abc", "A.b-c_d", "x" * 128, "123trail", "Trail_2024.audit-log"])
def test_create_trail_valid_names(cloudtrail, make_trail, name):
    # Names are unique per test via deletion; "x"*128 and friends exercise the boundaries.
    resp = make_trail(name)
    assert resp["Name"] == name
    assert cloudtrail.get_trail(Name=name)["Trail"]["TrailARN"] == trail_arn(name)


@pytest.mark.parametrize(
    "bucket",
    [
        "ab",                          # too short
        "a" * 64,                      # too long
        "Uppercase-Bucket",            # upper case
        "bucket_with_underscore",      # underscore
        "-starts-with-dash",
        "ends-with-dash-",
        "192.168.5.4",                 # IP address format
        "two..periods",
    ],
)
def test_create_trail_invalid_bucket_name(cloudtrail, bucket):
    assert_client_error("InvalidS3BucketNameException", cloudtrail.create_trail,
                        Name=unique_name(), S3BucketName=bucket)


def test_create_trail_does_not_require_existing_bucket_yet(cloudtrail, make_trail):
    # This issue: no bucket existence check (that comes with delivery). Valid-looking names pass.
    resp = make_trail(unique_name(), S3BucketName="my.valid-bucket-1")
    assert resp["S3BucketName"] == "my.valid-bucket-1"


def test_create_trail_s3_prefix_too_long(cloudtrail):
    assert_client_error("InvalidS3PrefixException", cloudtrail.create_trail,
                        Name=unique_name(), S3BucketName=BUCKET, S3KeyPrefix="p" * 201)


def test_create_trail_s3_prefix_at_limit(cloudtrail, make_trail):
    resp = make_trail(unique_name(), S3KeyPrefix="p" * 200)
    assert resp["S3KeyPrefix"] == "p" * 200


@pytest.mark.parametrize("case", moto_cases("test_create_trail_multi_but_not_global"), ids=lambda c: c["test"])
def test_multi_region_requires_global_events(cloudtrail, case):
    params = dict(case["params"], Name=unique_name(), S3BucketName=BUCKET)
    assert_client_error("InvalidParameterCombinationException", cloudtrail.create_trail, **params)


def test_create_trail_with_tags(cloudtrail, make_trail):
    name = unique_name()
    make_trail(name, TagsList=[{"Key": "team", "Value": "sec"}, {"Key": "env", "Value": "prod"}])
    tags = cloudtrail.list_tags(ResourceIdList=[trail_arn(name)])["ResourceTagList"]
    assert len(tags) == 1
    assert {t["Key"]: t.get("Value") for t in tags[0]["TagsList"]} == {"team": "sec", "env": "prod"}


def test_max_five_trails_per_region(fresh_server):
    srv = fresh_server()
    client = srv.client()
    for i in range(5):
        client.create_trail(Name=f"trail-{i}", S3BucketName=BUCKET)
    assert_client_error("MaximumNumberOfTrailsExceededException", client.create_trail,
                        Name="trail-5", S3BucketName=BUCKET)
    client.delete_trail(Name="trail-0")
    client.create_trail(Name="trail-5", S3BucketName=BUCKET)


@pytest.mark.parametrize("case", moto_cases("test_get_trail_unknown") + moto_cases("test_GetTrail_with_one_char"),
                         ids=lambda c: c["params"]["Name"])
def test_moto_get_trail_errors(cloudtrail, case):
    err = assert_client_error(case["expected_error"]["Code"], cloudtrail.get_trail, **case["params"])
    if case["expected_error"]["Code"] == "TrailNotFoundException":
        assert case["params"]["Name"] in err.response["Error"]["Message"]


def test_get_trail_unknown_arn(cloudtrail):
    assert_client_error("TrailNotFoundException", cloudtrail.get_trail, Name=trail_arn("nosuchtrail"))


def test_get_trail_malformed_arn(cloudtrail):
    assert_client_error("CloudTrailARNInvalidException", cloudtrail.get_trail,
                        Name=f"arn:aws:cloudtrail:{REGION}:trail/missing-account")


# -- UpdateTrail ------------------------------------------------------------------------------


def test_update_trail(cloudtrail, make_trail):
    name = unique_name()
    make_trail(name)
    resp = cloudtrail.update_trail(Name=name, S3BucketName="another-bucket", S3KeyPrefix="new/prefix",
                                   EnableLogFileValidation=True, IsMultiRegionTrail=True)
    assert resp["Name"] == name
    assert resp["TrailARN"] == trail_arn(name)
    assert resp["S3BucketName"] == "another-bucket"
    assert resp["S3KeyPrefix"] == "new/prefix"
    assert resp["LogFileValidationEnabled"] is True
    assert resp["IsMultiRegionTrail"] is True
    trail = cloudtrail.get_trail(Name=name)["Trail"]
    assert trail["S3BucketName"] == "another-bucket"
    assert trail["S3KeyPrefix"] == "new/prefix"
    assert trail["LogFileValidationEnabled"] is True
    assert trail["IsMultiRegionTrail"] is True
    assert trail["IncludeGlobalServiceEvents"] is True


def test_update_trail_keeps_unspecified_fields(cloudtrail, make_trail):
    name = unique_name()
    make_trail(name, S3KeyPrefix="keep/me", EnableLogFileValidation=True)
    cloudtrail.update_trail(Name=trail_arn(name), S3BucketName="other-bucket")
    trail = cloudtrail.get_trail(Name=name)["Trail"]
    assert trail["S3BucketName"] == "other-bucket"
    assert trail["S3KeyPrefix"] == "keep/me"
    assert trail["LogFileValidationEnabled"] is True


def test_update_trail_errors(cloudtrail, make_trail):
    name = unique_name()
    make_trail(name)
    assert_client_error("TrailNotFoundException", cloudtrail.update_trail, Name="nosuchtrail", S3BucketName=BUCKET)
    assert_client_error("InvalidS3BucketNameException", cloudtrail.update_trail, Name=name, S3BucketName="Bad_Bucket")
    assert_client_error("InvalidS3PrefixException", cloudtrail.update_trail, Name=name, S3KeyPrefix="p" * 201)
    assert_client_error("InvalidParameterCombinationException", cloudtrail.update_trail, Name=name,
                        IsMultiRegionTrail=True, IncludeGlobalServiceEvents=False)
    # Failed updates change nothing.
    trail = cloudtrail.get_trail(Name=name)["Trail"]
    assert trail["S3BucketName"] == BUCKET
    assert trail["IsMultiRegionTrail"] is False


# -- DeleteTrail ------------------------------------------------------------------------------


@pytest.mark.parametrize("by", ["name", "arn"])
def test_delete_trail(cloudtrail, by):
    name = unique_name()
    cloudtrail.create_trail(Name=name, S3BucketName=BUCKET)
    cloudtrail.delete_trail(Name=name if by == "name" else trail_arn(name))
    assert_client_error("TrailNotFoundException", cloudtrail.get_trail, Name=name)
    assert name not in [t["Name"] for t in cloudtrail.list_trails()["Trails"]]
    assert_client_error("TrailNotFoundException", cloudtrail.delete_trail, Name=name)


def test_recreate_deleted_trail(cloudtrail, make_trail):
    name = unique_name()
    cloudtrail.create_trail(Name=name, S3BucketName=BUCKET, S3KeyPrefix="old")
    cloudtrail.delete_trail(Name=name)
    make_trail(name)
    trail = cloudtrail.get_trail(Name=name)["Trail"]
    assert trail.get("S3KeyPrefix") in (None, "")


# -- DescribeTrails / ListTrails --------------------------------------------------------------


def test_describe_trails(cloudtrail, make_trail):
    a, b = unique_name(), unique_name()
    make_trail(a)
    make_trail(b, IsMultiRegionTrail=True)
    all_trails = {t["Name"]: t for t in cloudtrail.describe_trails()["trailList"]}
    assert {a, b} <= set(all_trails)
    assert all_trails[a]["TrailARN"] == trail_arn(a)
    assert all_trails[a]["HomeRegion"] == REGION
    assert all_trails[b]["IsMultiRegionTrail"] is True

    by_name = cloudtrail.describe_trails(trailNameList=[a])["trailList"]
    assert [t["Name"] for t in by_name] == [a]
    by_arn = cloudtrail.describe_trails(trailNameList=[trail_arn(b)])["trailList"]
    assert [t["Name"] for t in by_arn] == [b]
    mixed = cloudtrail.describe_trails(trailNameList=[a, trail_arn(b)])["trailList"]
    assert sorted(t["Name"] for t in mixed) == sorted([a, b])


def test_describe_trails_include_shadow_trails(cloudtrail, make_trail):
    a, b = unique_name(), unique_name()
    make_trail(a)
    make_trail(b, IsMultiRegionTrail=True)
    for flag in (True, False):
        names = {t["Name"] for t in cloudtrail.describe_trails(includeShadowTrails=flag)["trailList"]}
        # Both trails live in this (their home) region, so neither is a shadow trail here.
        assert {a, b} <= names


def test_describe_trails_unknown_name_is_omitted(cloudtrail, make_trail):
    a = unique_name()
    make_trail(a)
    resp = cloudtrail.describe_trails(trailNameList=["no-such-trail-here", a])
    assert [t["Name"] for t in resp["trailList"]] == [a]


def test_list_trails_and_paginator(cloudtrail, make_trail):
    names = {unique_name() for _ in range(3)}
    for n in names:
        make_trail(n)
    listed = cloudtrail.list_trails()["Trails"]
    entry = {t["Name"]: t for t in listed}
    assert names <= set(entry)
    for n in names:
        assert entry[n] == {"TrailARN": trail_arn(n), "Name": n, "HomeRegion": REGION}
    paged = [t for page in cloudtrail.get_paginator("list_trails").paginate() for t in page["Trails"]]
    arns = [t["TrailARN"] for t in paged]
    assert len(arns) == len(set(arns)), "paginator returned a trail twice"
    assert {trail_arn(n) for n in names} <= set(arns)


def test_list_trails_bad_token(cloudtrail):
    # The model names no token exception for ListTrails, so the code is not pinned; a garbage
    # token must at least not crash the server (no 5xx).
    from botocore.exceptions import ClientError
    try:
        cloudtrail.list_trails(NextToken="not-a-real-token")
    except ClientError as err:
        assert err.response["ResponseMetadata"]["HTTPStatusCode"] < 500, err.response


# -- Logging status ---------------------------------------------------------------------------


def test_logging_lifecycle(cloudtrail, make_trail):
    name = unique_name()
    make_trail(name)
    status = cloudtrail.get_trail_status(Name=name)
    assert status["IsLogging"] is False
    assert "StartLoggingTime" not in status

    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(seconds=1)
    cloudtrail.start_logging(Name=name)
    status = cloudtrail.get_trail_status(Name=trail_arn(name))
    assert status["IsLogging"] is True
    started = status["StartLoggingTime"]
    assert isinstance(started, dt.datetime)
    assert before <= started <= dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=2)

    cloudtrail.stop_logging(Name=trail_arn(name))
    status = cloudtrail.get_trail_status(Name=name)
    assert status["IsLogging"] is False
    assert status["StopLoggingTime"] >= started
    assert status["StartLoggingTime"] == started


def test_start_logging_is_idempotent(cloudtrail, make_trail):
    name = unique_name()
    make_trail(name)
    cloudtrail.start_logging(Name=name)
    cloudtrail.start_logging(Name=name)
    assert cloudtrail.get_trail_status(Name=name)["IsLogging"] is True
    cloudtrail.stop_logging(Name=name)
    cloudtrail.stop_logging(Name=name)
    assert cloudtrail.get_trail_status(Name=name)["IsLogging"] is False


@pytest.mark.parametrize("op", ["start_logging", "stop_logging", "get_trail_status"])
def test_logging_ops_unknown_trail(cloudtrail, op):
    assert_client_error("TrailNotFoundException", getattr(cloudtrail, op), Name="nosuchtrail")
    assert_client_error("TrailNotFoundException", getattr(cloudtrail, op), Name=trail_arn("nosuchtrail"))


@pytest.mark.parametrize("case", moto_cases("test_GetTrailStatus_with_one_char")
                         + moto_cases("test_get_trail_status_unknown_trail"), ids=lambda c: c["params"]["Name"])
def test_moto_get_trail_status_errors(cloudtrail, case):
    assert_client_error(case["expected_error"]["Code"], cloudtrail.get_trail_status, **case["params"])


# -- Wire shape -------------------------------------------------------------------------------


def test_error_wire_shape(raw_request):
    resp = raw_request("GetTrail", {"Name": "nosuchtrail"})
    assert resp.status_code == 400
    assert resp.headers["Content-Type"].startswith("application/x-amz-json-1.1")
    assert resp.headers.get("x-amzn-RequestId")
    assert error_type(resp) == "TrailNotFoundException"
    assert isinstance(resp.json().get("message"), str) and resp.json()["message"]


def test_success_wire_shape(raw_request):
    resp = raw_request("ListTrails", {})
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("application/x-amz-json-1.1")
    assert resp.headers.get("x-amzn-RequestId")
    assert isinstance(resp.json().get("Trails"), list)


def test_timestamps_are_epoch_seconds(raw_request, make_trail):
    name = unique_name()
    make_trail(name)
    assert raw_request("StartLogging", {"Name": name}).status_code == 200
    body = raw_request("GetTrailStatus", {"Name": name}).json()
    assert isinstance(body["StartLoggingTime"], (int, float))
    assert body["IsLogging"] is True


def test_malformed_json_body(raw_request):
    resp = raw_request("ListTrails", b"{not json")
    assert resp.status_code == 400
    assert error_type(resp) == "SerializationException"


def test_custom_account_and_region(fresh_server):
    srv = fresh_server(account_id="111122223333", region="eu-west-1")
    client = srv.client(region="eu-west-1")
    resp = client.create_trail(Name="regional", S3BucketName=BUCKET)
    assert resp["TrailARN"] == "arn:aws:cloudtrail:eu-west-1:111122223333:trail/regional"
    trail = client.get_trail(Name="regional")["Trail"]
    assert trail["HomeRegion"] == "eu-west-1"
    assert client.list_trails()["Trails"][0]["HomeRegion"] == "eu-west-1"
