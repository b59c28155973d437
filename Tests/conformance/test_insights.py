"""PutInsightSelectors / GetInsightSelectors on trails."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from otlib import assert_client_error, error_code_of, trail_arn, unique_name


@pytest.fixture
def name(make_trail):
    n = unique_name()
    make_trail(n)
    return n


def test_not_enabled_by_default(cloudtrail, name):
    assert_client_error("InsightNotEnabledException", cloudtrail.get_insight_selectors, TrailName=name)
    assert cloudtrail.get_trail(Name=name)["Trail"]["HasInsightSelectors"] is False


def test_put_and_get(cloudtrail, name):
    selectors = [{"InsightType": "ApiCallRateInsight"}, {"InsightType": "ApiErrorRateInsight"}]
    put = cloudtrail.put_insight_selectors(TrailName=name, InsightSelectors=selectors)
    assert put["TrailARN"] == trail_arn(name)
    assert sorted(s["InsightType"] for s in put["InsightSelectors"]) == ["ApiCallRateInsight", "ApiErrorRateInsight"]
    for ident in (name, trail_arn(name)):
        got = cloudtrail.get_insight_selectors(TrailName=ident)
        assert got["TrailARN"] == trail_arn(name)
        assert sorted(s["InsightType"] for s in got["InsightSelectors"]) == ["ApiCallRateInsight", "ApiErrorRateInsight"]
    assert cloudtrail.get_trail(Name=name)["Trail"]["HasInsightSelectors"] is True


def test_event_categories_round_trip(cloudtrail, name):
    selectors = [{"InsightType": "ApiCallRateInsight", "EventCategories": ["Management"]}]
    cloudtrail.put_insight_selectors(TrailName=name, InsightSelectors=selectors)
    (got,) = cloudtrail.get_insight_selectors(TrailName=name)["InsightSelectors"]
    assert got["InsightType"] == "ApiCallRateInsight"
    assert got.get("EventCategories", ["Management"]) == ["Management"]


def test_replace_selectors(cloudtrail, name):
    cloudtrail.put_insight_selectors(TrailName=name, InsightSelectors=[{"InsightType": "ApiCallRateInsight"}])
    cloudtrail.put_insight_selectors(TrailName=name, InsightSelectors=[{"InsightType": "ApiErrorRateInsight"}])
    got = cloudtrail.get_insight_selectors(TrailName=name)["InsightSelectors"]
    assert [s["InsightType"] for s in got] == ["ApiErrorRateInsight"]


def test_empty_list_turns_insights_off(cloudtrail, name):
    cloudtrail.put_insight_selectors(TrailName=name, InsightSelectors=[{"InsightType": "ApiCallRateInsight"}])
    cloudtrail.put_insight_selectors(TrailName=name, InsightSelectors=[])
    assert cloudtrail.get_trail(Name=name)["Trail"]["HasInsightSelectors"] is False
    try:
        got = cloudtrail.get_insight_selectors(TrailName=name)
        assert not got.get("InsightSelectors")
    except ClientError as err:
        # Either answer is plausible for a trail whose Insights were turned off.
        assert error_code_of(err) == "InsightNotEnabledException"


def test_invalid_insight_type(cloudtrail, name):
    assert_client_error("InvalidInsightSelectorsException", cloudtrail.put_insight_selectors,
                        TrailName=name, InsightSelectors=[{"InsightType": "ApiBogusInsight"}])
    assert cloudtrail.get_trail(Name=name)["Trail"]["HasInsightSelectors"] is False


def test_unknown_trail(cloudtrail):
    assert_client_error("TrailNotFoundException", cloudtrail.put_insight_selectors, TrailName="nosuchtrail",
                        InsightSelectors=[{"InsightType": "ApiCallRateInsight"}])
    assert_client_error("TrailNotFoundException", cloudtrail.get_insight_selectors, TrailName="nosuchtrail")


def test_trail_and_event_data_store_together(cloudtrail, name):
    # "You cannot specify these parameters together."
    assert_client_error("InvalidParameterCombinationException", cloudtrail.get_insight_selectors,
                        TrailName=name, EventDataStore="arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/x")
