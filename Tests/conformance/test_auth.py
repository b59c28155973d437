"""Authentication: SigV4 over every request, AWS's exception names, the generated root key."""

from __future__ import annotations

import datetime as dt
import os
import stat

import boto3
import botocore
import pytest
from botocore.config import Config

import otlib
from otlib import (ALICE_KEY, ALICE_SECRET, REGION, ROOT_KEY, ROOT_SECRET, assert_client_error, error_message,
                   error_type, read_credentials_file)


def test_signed_request_succeeds(raw_request):
    resp = raw_request("ListTrails", {})
    assert resp.status_code == 200, resp.text


def test_config_user_can_call(alice):
    assert "Trails" in alice.list_trails()


def test_unsigned_boto3(server):
    client = boto3.session.Session().client(
        "cloudtrail", endpoint_url=server.endpoint, region_name=REGION,
        config=Config(signature_version=botocore.UNSIGNED, retries={"total_max_attempts": 1}))
    assert_client_error("MissingAuthenticationTokenException", client.list_trails)


def test_unsigned_raw(raw_request):
    resp = raw_request("DescribeTrails", {}, key=None)
    assert 400 <= resp.status_code < 500
    assert error_type(resp) == "MissingAuthenticationTokenException"
    assert resp.headers.get("x-amzn-RequestId")


def test_unknown_access_key(server):
    client = server.client("AKIAUNKNOWN000000001", "s" * 40)
    assert_client_error("UnrecognizedClientException", client.list_trails)


def test_wrong_secret(server):
    client = server.client(ROOT_KEY, "wrong-secret-" + "x" * 27)
    err = assert_client_error("InvalidSignatureException", client.list_trails)
    assert ROOT_SECRET not in str(err.response)


def test_wrong_secret_for_config_user(server):
    client = server.client(ALICE_KEY, ALICE_SECRET[:-1] + "X")
    assert_client_error("InvalidSignatureException", client.describe_trails)


def test_tampered_body(raw_request):
    def tamper(headers, body):
        return headers, body.replace(b"nosuchtrail", b"othertrail1")

    resp = raw_request("GetTrail", {"Name": "nosuchtrail"}, tamper=tamper)
    assert error_type(resp) == "InvalidSignatureException", resp.text


def test_tampered_target_header(raw_request):
    def tamper(headers, body):
        headers = dict(headers)
        headers["X-Amz-Target"] = otlib.TARGET_PREFIX + "DeleteTrail"
        return headers, body

    resp = raw_request("GetTrail", {"Name": "nosuchtrail"}, tamper=tamper)
    assert error_type(resp) == "InvalidSignatureException", resp.text


def test_signature_expired(raw_request):
    old = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=20)
    resp = raw_request("ListTrails", {}, date=old)
    assert error_type(resp) == "InvalidSignatureException", resp.text
    assert "Signature expired" in error_message(resp)


def test_signature_from_the_future(raw_request):
    future = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=20)
    resp = raw_request("ListTrails", {}, date=future)
    assert error_type(resp) == "InvalidSignatureException", resp.text


def test_signature_within_skew_is_accepted(raw_request):
    for minutes in (-10, 10):
        when = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=minutes)
        resp = raw_request("ListTrails", {}, date=when)
        assert resp.status_code == 200, (minutes, resp.text)


@pytest.mark.parametrize("mangle", [
    lambda a: a.split(", Signature=")[0],                         # no Signature
    lambda a: a.replace("SignedHeaders=", "SignedHeaderz="),      # no SignedHeaders
    lambda a: "AWS4-HMAC-SHA256",                                 # nothing but the algorithm
    lambda a: a.replace("Credential=", "Cred="),                  # no Credential
], ids=["no-signature", "no-signedheaders", "algorithm-only", "no-credential"])
def test_malformed_authorization_header(raw_request, mangle):
    def tamper(headers, body):
        headers = dict(headers)
        headers["Authorization"] = mangle(headers["Authorization"])
        return headers, body

    resp = raw_request("ListTrails", {}, tamper=tamper)
    assert error_type(resp) == "IncompleteSignatureException", resp.text


def test_missing_date_header(raw_request):
    def tamper(headers, body):
        return {k: v for k, v in headers.items() if k.lower() != "x-amz-date"}, body

    resp = raw_request("ListTrails", {}, tamper=tamper)
    assert error_type(resp) == "IncompleteSignatureException", resp.text


def test_wrong_service_in_scope(raw_request):
    resp = raw_request("ListTrails", {}, service="s3")
    assert error_type(resp) == "InvalidSignatureException", resp.text


def test_region_not_served_is_refused(raw_request):
    # One OpenTrail endpoint serves every enabled region (the region comes from the signature's scope);
    # a scope naming a region that is not enabled is refused as AWS refuses a wrongly scoped credential.
    resp = raw_request("ListTrails", {}, region="xx-nowhere-1")
    assert error_type(resp) == "InvalidSignatureException", resp.text
    assert "region" in resp.json()["message"]


def test_other_enabled_region_is_served_from_the_same_endpoint(raw_request):
    resp = raw_request("DescribeTrails", {"includeShadowTrails": False}, region="eu-west-1")
    assert resp.status_code == 200, resp.text
    assert resp.json()["trailList"] == [] or all(t["HomeRegion"] == "eu-west-1" for t in resp.json()["trailList"])


def test_unknown_operation(raw_request):
    resp = raw_request("NoSuchOperation", {})
    assert resp.status_code == 400
    assert error_type(resp) == "UnknownOperationException", resp.text


def test_secret_never_echoed(raw_request):
    resp = raw_request("ListTrails", {}, secret="wrong" + ROOT_SECRET[5:])
    assert error_type(resp) == "InvalidSignatureException"
    assert ROOT_SECRET not in resp.text
    assert ROOT_SECRET[5:] not in resp.text


# -- the generated root key ------------------------------------------------------------------


def test_generated_credentials_file(fresh_server, monkeypatch):
    srv = fresh_server(root_keys=None)
    path = srv.data_dir / "credentials"
    assert path.exists(), "no <data-dir>/credentials after first start"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert "[default]" in text
    key, secret = read_credentials_file(path)
    assert key and secret and len(secret) >= 20

    # Usable as an AWS shared-credentials file.
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(path))
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(var, raising=False)
    client = boto3.session.Session(profile_name="default").client(
        "cloudtrail", endpoint_url=srv.endpoint, region_name=REGION, config=otlib.client_config())
    client.create_trail(Name="from-file", S3BucketName=otlib.BUCKET)
    assert [t["Name"] for t in client.list_trails()["Trails"]] == ["from-file"]

    _, rec = otlib.wait_for_event(client, "EventName", "CreateTrail")
    assert rec["userIdentity"]["type"] == "Root"
    assert rec["userIdentity"]["accessKeyId"] == key

    logs = srv.logs()
    assert secret not in logs, "the generated secret appears in the server's output"
    assert str(path) in logs or "credentials" in logs, "the server does not say where the credentials are"


def test_generated_key_survives_restart(fresh_server):
    srv = fresh_server(root_keys=None)
    path = srv.data_dir / "credentials"
    before = path.read_text()
    srv.restart()
    assert path.read_text() == before, "credentials file rewritten on restart"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    srv.client().list_trails()
    assert read_credentials_file(path)[1] not in srv.logs()


def test_env_root_key_is_used(fresh_server):
    srv = fresh_server(root_keys=("AKIAENVROOT000000001", "envRootSecret00000000000000000000000001"))
    srv.client("AKIAENVROOT000000001", "envRootSecret00000000000000000000000001").list_trails()
    assert "envRootSecret00000000000000000000000001" not in srv.logs()
    assert_client_error("UnrecognizedClientException", srv.client(ROOT_KEY, ROOT_SECRET).list_trails)
