"""PutEventSelectors / GetEventSelectors: basic and advanced selectors, AWS validation and limits."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from otlib import assert_client_error, error_code_of, trail_arn, unique_name

MGMT_ADVANCED = [{"Name": "Management events", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}]
S3_ADVANCED = [{
    "Name": "S3 data events for one bucket",
    "FieldSelectors": [
        {"Field": "eventCategory", "Equals": ["Data"]},
        {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
        {"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::example-bucket/"]},
    ],
}]


@pytest.fixture
def name(make_trail):
    n = unique_name()
    make_trail(n)
    return n


def test_default_selectors(cloudtrail, name):
    # A new trail logs all read and write management events and no data events.
    resp = cloudtrail.get_event_selectors(TrailName=name)
    assert resp["TrailARN"] == trail_arn(name)
    assert not resp.get("AdvancedEventSelectors")
    selectors = resp["EventSelectors"]
    assert len(selectors) == 1
    assert selectors[0]["ReadWriteType"] == "All"
    assert selectors[0]["IncludeManagementEvents"] is True
    assert not selectors[0].get("DataResources")
    assert cloudtrail.get_trail(Name=name)["Trail"]["HasCustomEventSelectors"] is False


def test_put_get_basic(cloudtrail, name):
    selectors = [
        {"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True,
         "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::example-bucket/"]}],
         "ExcludeManagementEventSources": ["kms.amazonaws.com"]},
        {"ReadWriteType": "ReadOnly", "IncludeManagementEvents": False,
         "DataResources": [{"Type": "AWS::Lambda::Function",
                            "Values": ["arn:aws:lambda:us-east-1:123456789012:function:audit"]}]},
    ]
    put = cloudtrail.put_event_selectors(TrailName=name, EventSelectors=selectors)
    assert put["TrailARN"] == trail_arn(name)
    assert len(put["EventSelectors"]) == 2

    got = cloudtrail.get_event_selectors(TrailName=trail_arn(name))
    assert got["TrailARN"] == trail_arn(name)
    assert not got.get("AdvancedEventSelectors")
    first, second = got["EventSelectors"]
    assert first["ReadWriteType"] == "WriteOnly"
    assert first["IncludeManagementEvents"] is True
    assert first["DataResources"] == selectors[0]["DataResources"]
    assert first["ExcludeManagementEventSources"] == ["kms.amazonaws.com"]
    assert second["ReadWriteType"] == "ReadOnly"
    assert second["IncludeManagementEvents"] is False
    assert second["DataResources"] == selectors[1]["DataResources"]
    assert cloudtrail.get_trail(Name=name)["Trail"]["HasCustomEventSelectors"] is True


def test_basic_defaults_filled_in(cloudtrail, name):
    cloudtrail.put_event_selectors(TrailName=name, EventSelectors=[
        {"DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::example-bucket/"]}]}])
    (sel,) = cloudtrail.get_event_selectors(TrailName=name)["EventSelectors"]
    assert sel["ReadWriteType"] == "All"
    assert sel["IncludeManagementEvents"] is True


def test_put_get_advanced(cloudtrail, name):
    put = cloudtrail.put_event_selectors(TrailName=name, AdvancedEventSelectors=MGMT_ADVANCED + S3_ADVANCED)
    assert put["TrailARN"] == trail_arn(name)
    assert put["AdvancedEventSelectors"] == MGMT_ADVANCED + S3_ADVANCED
    got = cloudtrail.get_event_selectors(TrailName=name)
    assert got["AdvancedEventSelectors"] == MGMT_ADVANCED + S3_ADVANCED
    assert not got.get("EventSelectors")
    assert cloudtrail.get_trail(Name=name)["Trail"]["HasCustomEventSelectors"] is True


def test_advanced_replaces_basic_and_back(cloudtrail, name):
    cloudtrail.put_event_selectors(TrailName=name, EventSelectors=[{"ReadWriteType": "ReadOnly"}])
    cloudtrail.put_event_selectors(TrailName=name, AdvancedEventSelectors=MGMT_ADVANCED)
    got = cloudtrail.get_event_selectors(TrailName=name)
    assert got["AdvancedEventSelectors"] == MGMT_ADVANCED
    assert not got.get("EventSelectors")
    cloudtrail.put_event_selectors(TrailName=name, EventSelectors=[{"ReadWriteType": "WriteOnly"}])
    got = cloudtrail.get_event_selectors(TrailName=name)
    assert [s["ReadWriteType"] for s in got["EventSelectors"]] == ["WriteOnly"]
    assert not got.get("AdvancedEventSelectors")


def test_advanced_all_operators_round_trip(cloudtrail, name):
    selectors = [{
        "Name": "every operator",
        "FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Data"]},
            {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
            {"Field": "eventName", "NotEquals": ["GetObject"]},
            {"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::a/"], "NotStartsWith": ["arn:aws:s3:::a/tmp/"],
             "EndsWith": [".csv"], "NotEndsWith": [".tmp.csv"]},
            {"Field": "readOnly", "Equals": ["false"]},
        ],
    }]
    cloudtrail.put_event_selectors(TrailName=name, AdvancedEventSelectors=selectors)
    assert cloudtrail.get_event_selectors(TrailName=name)["AdvancedEventSelectors"] == selectors


# -- validation -------------------------------------------------------------------------------


def put_basic(client, name, selectors):
    return client.put_event_selectors(TrailName=name, EventSelectors=selectors)


def put_advanced(client, name, selectors):
    return client.put_event_selectors(TrailName=name, AdvancedEventSelectors=selectors)


def test_unknown_trail(cloudtrail):
    assert_client_error("TrailNotFoundException", put_basic, cloudtrail, "nosuchtrail", [{"ReadWriteType": "All"}])
    assert_client_error("TrailNotFoundException", cloudtrail.get_event_selectors, TrailName="nosuchtrail")
    assert_client_error("TrailNotFoundException", cloudtrail.get_event_selectors, TrailName=trail_arn("nosuchtrail"))


def test_invalid_trail_name(cloudtrail):
    assert_client_error("InvalidTrailNameException", cloudtrail.get_event_selectors, TrailName="a")


def test_more_than_five_basic_selectors(cloudtrail, name):
    assert_client_error("InvalidEventSelectorsException", put_basic, cloudtrail, name,
                        [{"ReadWriteType": "All"}] * 6)
    put_basic(cloudtrail, name, [{"ReadWriteType": "All"}] * 5)


def test_empty_basic_selector_list(cloudtrail, name):
    # "Specify a valid number of event selectors (1 to 5) for a trail."
    assert_client_error("InvalidEventSelectorsException", put_basic, cloudtrail, name, [])


def test_data_resource_limit(cloudtrail, name):
    values = [f"arn:aws:s3:::bucket-{i}/" for i in range(251)]
    assert_client_error("InvalidEventSelectorsException", put_basic, cloudtrail, name,
                        [{"DataResources": [{"Type": "AWS::S3::Object", "Values": values}]}])
    # 250 is the total across selectors.
    assert_client_error("InvalidEventSelectorsException", put_basic, cloudtrail, name, [
        {"DataResources": [{"Type": "AWS::S3::Object", "Values": values[:200]}]},
        {"DataResources": [{"Type": "AWS::S3::Object", "Values": values[200:]}]},
    ])
    put_basic(cloudtrail, name, [
        {"DataResources": [{"Type": "AWS::S3::Object", "Values": values[:200]}]},
        {"DataResources": [{"Type": "AWS::S3::Object", "Values": values[200:250]}]},
    ])
    got = cloudtrail.get_event_selectors(TrailName=name)["EventSelectors"]
    assert sum(len(d["Values"]) for s in got for d in s["DataResources"]) == 250


@pytest.mark.parametrize("selector", [
    {"ReadWriteType": "read-only"},                                                    # the model's own example
    {"DataResources": [{"Type": "AWS::Foo::Bar", "Values": ["arn:aws:foo:::x"]}]},     # unsupported type
    {"DataResources": [{"Type": "AWS::S3::Object", "Values": ["not-an-arn"]}]},        # bad value
    {"DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::*"]}]},    # AWS: "Value arn:aws:s3:::* ... is invalid"
], ids=["readwritetype", "type", "value", "wildcard"])
def test_invalid_basic_selector(cloudtrail, name, selector):
    assert_client_error("InvalidEventSelectorsException", put_basic, cloudtrail, name, [selector])
    # A refused put changes nothing.
    assert cloudtrail.get_trail(Name=name)["Trail"]["HasCustomEventSelectors"] is False


@pytest.mark.parametrize("field_selectors", [
    [{"Field": "readOnly", "Equals": ["true"]}],                                          # no eventCategory
    [{"Field": "eventCategory", "Equals": ["Bogus"]}],                                    # unknown category
    [{"Field": "eventCategory", "Equals": ["Management"]}, {"Field": "noSuchField", "Equals": ["x"]}],
    [{"Field": "eventCategory", "Equals": ["Data"]}],                                     # Data needs resources.type
    [{"Field": "eventCategory", "Equals": ["Management"]}, {"Field": "readOnly", "Equals": ["maybe"]}],
    [{"Field": "eventCategory", "StartsWith": ["Manage"]}],                               # eventCategory: Equals only
], ids=["no-category", "bad-category", "unknown-field", "data-without-type", "bad-readonly", "category-startswith"])
def test_invalid_advanced_selector(cloudtrail, name, field_selectors):
    assert_client_error("InvalidEventSelectorsException", put_advanced, cloudtrail, name,
                        [{"Name": "bad", "FieldSelectors": field_selectors}])
    assert cloudtrail.get_trail(Name=name)["Trail"]["HasCustomEventSelectors"] is False


def advanced_with_values(total: int) -> list[dict]:
    """One data selector whose condition values add up to `total`."""
    return [{
        "Name": "many values",
        "FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Data"]},
            {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
            {"Field": "resources.ARN", "StartsWith": [f"arn:aws:s3:::bucket-{i}/" for i in range(total - 2)]},
        ],
    }]


def test_advanced_500_value_limit(cloudtrail, name):
    assert_client_error("InvalidEventSelectorsException", put_advanced, cloudtrail, name, advanced_with_values(501))
    put_advanced(cloudtrail, name, advanced_with_values(500))
    got = cloudtrail.get_event_selectors(TrailName=name)["AdvancedEventSelectors"]
    assert len(got[0]["FieldSelectors"][2]["StartsWith"]) == 498


def test_advanced_limit_counts_across_selectors(cloudtrail, name):
    half = advanced_with_values(251)[0]
    assert_client_error("InvalidEventSelectorsException", put_advanced, cloudtrail, name,
                        [half, dict(half, Name="second")])


def test_basic_and_advanced_together(cloudtrail, name):
    # "You can use either AdvancedEventSelectors or EventSelectors, but not both." The model lists
    # only InvalidEventSelectorsException for PutEventSelectors; AWS has been seen to answer
    # InvalidParameterCombinationException for parameter clashes elsewhere, so both are accepted.
    with pytest.raises(ClientError) as info:
        cloudtrail.put_event_selectors(TrailName=name, EventSelectors=[{"ReadWriteType": "All"}],
                                       AdvancedEventSelectors=MGMT_ADVANCED)
    assert error_code_of(info.value) in ("InvalidEventSelectorsException", "InvalidParameterCombinationException")


def test_neither_basic_nor_advanced(cloudtrail, name):
    with pytest.raises(ClientError) as info:
        cloudtrail.put_event_selectors(TrailName=name)
    assert error_code_of(info.value) in ("InvalidEventSelectorsException", "InvalidParameterCombinationException")
