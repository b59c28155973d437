"""AddTags, RemoveTags, ListTags on trails."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from otlib import assert_client_error, error_code_of, trail_arn, unique_name


def tags_of(client, arn) -> dict:
    resp = client.list_tags(ResourceIdList=[arn])
    (entry,) = resp["ResourceTagList"]
    assert entry["ResourceId"] == arn
    return {t["Key"]: t.get("Value") for t in entry.get("TagsList", [])}


@pytest.fixture
def arn(make_trail):
    name = unique_name()
    make_trail(name)
    return trail_arn(name)


def test_new_trail_has_no_tags(cloudtrail, arn):
    assert tags_of(cloudtrail, arn) == {}


def test_add_list_remove(cloudtrail, arn):
    cloudtrail.add_tags(ResourceId=arn, TagsList=[{"Key": "team", "Value": "security"},
                                                  {"Key": "env", "Value": "prod"}])
    assert tags_of(cloudtrail, arn) == {"team": "security", "env": "prod"}
    cloudtrail.remove_tags(ResourceId=arn, TagsList=[{"Key": "env"}])
    assert tags_of(cloudtrail, arn) == {"team": "security"}


def test_add_overwrites_value(cloudtrail, arn):
    cloudtrail.add_tags(ResourceId=arn, TagsList=[{"Key": "team", "Value": "a"}])
    cloudtrail.add_tags(ResourceId=arn, TagsList=[{"Key": "team", "Value": "b"}, {"Key": "x", "Value": "1"}])
    assert tags_of(cloudtrail, arn) == {"team": "b", "x": "1"}


def test_tag_without_value(cloudtrail, arn):
    # "If you specify a key without a value, the tag will be created with ... a value of null."
    cloudtrail.add_tags(ResourceId=arn, TagsList=[{"Key": "flag"}])
    tags = tags_of(cloudtrail, arn)
    assert "flag" in tags
    assert tags["flag"] in (None, "")


def test_remove_missing_key_is_not_an_error(cloudtrail, arn):
    cloudtrail.add_tags(ResourceId=arn, TagsList=[{"Key": "keep", "Value": "v"}])
    cloudtrail.remove_tags(ResourceId=arn, TagsList=[{"Key": "absent"}])
    assert tags_of(cloudtrail, arn) == {"keep": "v"}


def test_list_tags_several_trails(cloudtrail, make_trail):
    a, b = unique_name(), unique_name()
    make_trail(a)
    make_trail(b)
    cloudtrail.add_tags(ResourceId=trail_arn(a), TagsList=[{"Key": "k", "Value": "a"}])
    cloudtrail.add_tags(ResourceId=trail_arn(b), TagsList=[{"Key": "k", "Value": "b"}])
    resp = cloudtrail.list_tags(ResourceIdList=[trail_arn(a), trail_arn(b)])
    got = {e["ResourceId"]: {t["Key"]: t.get("Value") for t in e["TagsList"]} for e in resp["ResourceTagList"]}
    assert got == {trail_arn(a): {"k": "a"}, trail_arn(b): {"k": "b"}}


def test_tags_removed_with_trail(cloudtrail):
    name = unique_name()
    cloudtrail.create_trail(Name=name, S3BucketName="opentrail-conformance-logs")
    cloudtrail.add_tags(ResourceId=trail_arn(name), TagsList=[{"Key": "old", "Value": "1"}])
    cloudtrail.delete_trail(Name=name)
    cloudtrail.create_trail(Name=name, S3BucketName="opentrail-conformance-logs")
    try:
        assert tags_of(cloudtrail, trail_arn(name)) == {}
    finally:
        cloudtrail.delete_trail(Name=name)


@pytest.mark.parametrize("op", ["add_tags", "remove_tags"])
def test_unknown_trail(cloudtrail, op):
    assert_client_error("ResourceNotFoundException", getattr(cloudtrail, op),
                        ResourceId=trail_arn("nosuchtrail"), TagsList=[{"Key": "k", "Value": "v"}])


def test_list_tags_unknown_trail(cloudtrail):
    assert_client_error("ResourceNotFoundException", cloudtrail.list_tags, ResourceIdList=[trail_arn("nosuchtrail")])


def test_malformed_arn(cloudtrail):
    assert_client_error("CloudTrailARNInvalidException", cloudtrail.add_tags,
                        ResourceId="arn:aws:cloudtrail:us-east-1:trail/missing-account",
                        TagsList=[{"Key": "k", "Value": "v"}])


def test_key_too_long(cloudtrail, arn):
    assert_client_error("InvalidTagParameterException", cloudtrail.add_tags, ResourceId=arn,
                        TagsList=[{"Key": "k" * 129, "Value": "v"}])


def test_value_too_long(cloudtrail, arn):
    assert_client_error("InvalidTagParameterException", cloudtrail.add_tags, ResourceId=arn,
                        TagsList=[{"Key": "k", "Value": "v" * 257}])


def test_boundary_lengths_accepted(cloudtrail, arn):
    cloudtrail.add_tags(ResourceId=arn, TagsList=[{"Key": "k" * 128, "Value": "v" * 256}])
    assert tags_of(cloudtrail, arn) == {"k" * 128: "v" * 256}


def test_duplicate_keys_in_one_call(cloudtrail, arn):
    # "Tag key names must be unique"; InvalidTagParameterException "can also occur if there are
    # duplicate tags".
    assert_client_error("InvalidTagParameterException", cloudtrail.add_tags, ResourceId=arn,
                        TagsList=[{"Key": "dup", "Value": "1"}, {"Key": "dup", "Value": "2"}])
    assert tags_of(cloudtrail, arn) == {}


def test_tag_limit(cloudtrail, arn):
    # The AWS docs say 50 tags per trail (TagsLimitExceededException), FORMATS.md and the model's
    # list shape say 200. Whichever the server enforces, going past 200 in batches must fail with
    # TagsLimitExceededException, and the failed batch must not be stored.
    stored = 0
    err = None
    for batch in range(21):
        tags = [{"Key": f"k{batch}-{i}", "Value": "v"} for i in range(10)]
        try:
            cloudtrail.add_tags(ResourceId=arn, TagsList=tags)
            stored += 10
        except ClientError as e:
            err = e
            break
    assert err is not None, "added 210 tags to one trail without an error"
    assert error_code_of(err) == "TagsLimitExceededException", err.response["Error"]
    assert 50 <= stored <= 200
    assert len(tags_of(cloudtrail, arn)) == stored
