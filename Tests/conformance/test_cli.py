"""Command lines: the AWS CLI (v1) against OpenTrail, and OpenTrail's own `lookup` client.

The server here generates its own root key; both CLIs read it from `<data-dir>/credentials`.
Tests of `opentrail lookup` are marked `opentrail_cli`: its flags and output may still change.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys

import pytest

import otlib
from otlib import BINARY, ServerProcess, trail_arn

CLI_TIMEOUT = 90


def aws_command() -> list[str]:
    exe = shutil.which("aws")
    return [exe] if exe else [sys.executable, "-m", "awscli"]


def service_error_rc() -> int:
    """Exit code of the AWS CLI when the service answers with an error: 254 in v2; v1's clidriver
    returns 255 for a ClientError."""
    out = subprocess.run([*aws_command(), "--version"], capture_output=True, text=True, timeout=CLI_TIMEOUT)
    return 255 if (out.stdout + out.stderr).startswith("aws-cli/1.") else 254


@pytest.fixture(scope="module")
def cli_server(tmp_path_factory):
    base = tmp_path_factory.mktemp("cli-server")
    srv = ServerProcess(base / "data", base / "logs", root_keys=None, name="cli")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def credentials(cli_server):
    path = cli_server.data_dir / "credentials"
    assert path.exists(), "the server did not write <data-dir>/credentials"
    return path


def aws_env(credentials_file) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({
        "AWS_SHARED_CREDENTIALS_FILE": str(credentials_file),
        "AWS_DEFAULT_REGION": otlib.REGION,
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_PAGER": "",
    })
    return env


def aws(server, credentials_file, *args, env=None) -> subprocess.CompletedProcess:
    cmd = aws_command() + ["--endpoint-url", server.endpoint, "--output", "json", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=CLI_TIMEOUT,
                          env=env or aws_env(credentials_file))


def opentrail(*args) -> subprocess.CompletedProcess:
    return subprocess.run([str(BINARY), *args], capture_output=True, text=True, timeout=CLI_TIMEOUT,
                          stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def audit_trail(cli_server, credentials):
    proc = aws(cli_server, credentials, "cloudtrail", "create-trail", "--name", "audit",
               "--s3-bucket-name", "audit-logs")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


# -- AWS CLI ----------------------------------------------------------------------------------


@pytest.mark.aws_cli
def test_aws_create_trail(cli_server, audit_trail):
    assert audit_trail["Name"] == "audit"
    assert audit_trail["S3BucketName"] == "audit-logs"
    assert audit_trail["TrailARN"] == trail_arn("audit")
    assert audit_trail["IncludeGlobalServiceEvents"] is True
    assert audit_trail["IsMultiRegionTrail"] is False


@pytest.mark.aws_cli
def test_aws_lookup_events(cli_server, credentials, audit_trail):
    proc = aws(cli_server, credentials, "cloudtrail", "lookup-events", "--lookup-attributes",
               "AttributeKey=EventName,AttributeValue=CreateTrail")
    assert proc.returncode == 0, proc.stderr
    events = json.loads(proc.stdout)["Events"]
    assert events and all(e["EventName"] == "CreateTrail" for e in events)
    records = [json.loads(e["CloudTrailEvent"]) for e in events]
    (rec,) = [r for r in records if r["requestParameters"]["name"] == "audit"]
    assert "aws-cli" in rec["userAgent"]
    assert rec["userIdentity"]["type"] == "Root"
    assert rec["userIdentity"]["accessKeyId"] == otlib.read_credentials_file(credentials)[0]
    assert rec["requestParameters"]["s3BucketName"] == "audit-logs"


@pytest.mark.aws_cli
def test_aws_describe_and_status(cli_server, credentials, audit_trail):
    proc = aws(cli_server, credentials, "cloudtrail", "describe-trails", "--trail-name-list", "audit")
    assert proc.returncode == 0, proc.stderr
    assert [t["Name"] for t in json.loads(proc.stdout)["trailList"]] == ["audit"]
    assert aws(cli_server, credentials, "cloudtrail", "start-logging", "--name", "audit").returncode == 0
    proc = aws(cli_server, credentials, "cloudtrail", "get-trail-status", "--name", trail_arn("audit"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["IsLogging"] is True


@pytest.mark.aws_cli
def test_aws_error(cli_server, credentials):
    proc = aws(cli_server, credentials, "cloudtrail", "get-trail", "--name", "nosuchtrail")
    assert proc.returncode == service_error_rc(), (proc.returncode, proc.stderr)
    assert "TrailNotFoundException" in proc.stderr


@pytest.mark.aws_cli
def test_aws_bad_credentials(cli_server, credentials, tmp_path):
    bad = tmp_path / "bad-credentials"
    bad.write_text("[default]\naws_access_key_id = AKIANOTKNOWN00000001\naws_secret_access_key = " + "z" * 40 + "\n")
    proc = aws(cli_server, bad, "cloudtrail", "list-trails")
    assert proc.returncode == service_error_rc(), (proc.returncode, proc.stderr)
    assert "UnrecognizedClientException" in proc.stderr


# -- opentrail lookup -------------------------------------------------------------------------


def ot_lookup(cli_server, credentials, *args):
    return opentrail("lookup", "--endpoint", cli_server.endpoint, "--credentials-file", str(credentials), *args)


def json_lines(proc) -> list[dict]:
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


@pytest.mark.opentrail_cli
def test_opentrail_version():
    proc = opentrail("--version")
    assert proc.returncode == 0, proc.stderr
    assert any(ch.isdigit() for ch in proc.stdout + proc.stderr)


@pytest.mark.opentrail_cli
def test_opentrail_lookup_json(cli_server, credentials, audit_trail):
    rows = json_lines(ot_lookup(cli_server, credentials, "--output", "json"))
    assert rows
    for row in rows:
        assert "EventId" in row and "EventName" in row
    assert "CreateTrail" in [r["EventName"] for r in rows]


@pytest.mark.opentrail_cli
def test_opentrail_lookup_attribute(cli_server, credentials, audit_trail):
    rows = json_lines(ot_lookup(cli_server, credentials, "--attribute", "EventName=CreateTrail", "--output", "json"))
    assert rows and all(r["EventName"] == "CreateTrail" for r in rows)


@pytest.mark.opentrail_cli
def test_opentrail_lookup_max(cli_server, credentials, audit_trail):
    rows = json_lines(ot_lookup(cli_server, credentials, "--max", "1", "--output", "json"))
    assert len(rows) == 1


@pytest.mark.opentrail_cli
def test_opentrail_lookup_time_range(cli_server, credentials, audit_trail):
    now = dt.datetime.now(dt.timezone.utc)
    iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    future = json_lines(ot_lookup(cli_server, credentials, "--start-time", iso(now + dt.timedelta(hours=1)),
                                  "--output", "json"))
    assert future == []
    window = json_lines(ot_lookup(cli_server, credentials, "--start-time", iso(now - dt.timedelta(hours=1)),
                                  "--end-time", iso(now + dt.timedelta(minutes=1)),
                                  "--attribute", "EventName=CreateTrail", "--output", "json"))
    assert window


@pytest.mark.opentrail_cli
def test_opentrail_lookup_table(cli_server, credentials, audit_trail):
    proc = ot_lookup(cli_server, credentials, "--attribute", "EventName=CreateTrail", "--output", "table")
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    assert len(lines) >= 2, proc.stdout
    assert "event" in lines[0].lower(), f"no header line: {lines[0]!r}"
    assert "CreateTrail" in proc.stdout


@pytest.mark.opentrail_cli
def test_opentrail_lookup_bad_credentials(cli_server, tmp_path):
    bad = tmp_path / "bad-credentials"
    bad.write_text("[default]\naws_access_key_id = AKIANOTKNOWN00000001\naws_secret_access_key = " + "z" * 40 + "\n")
    proc = ot_lookup(cli_server, bad, "--output", "json")
    assert proc.returncode != 0
    assert "UnrecognizedClientException" in proc.stdout + proc.stderr
