"""Helpers shared by the conformance suite: a live `opentrail serve` process, clients, raw SigV4
requests, and LookupEvents searches.

The suite drives the server only through its public surfaces (the CloudTrail API, /healthz, the
command line), exactly as boto3, the AWS CLI and a person would.
"""

from __future__ import annotations

import configparser
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from unittest import mock

import boto3
import botocore
import botocore.auth
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

REPO = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("OPENTRAIL_BIN") or REPO / ".build" / "debug" / "opentrail")

ACCOUNT = "123456789012"
REGION = "us-east-1"
TARGET_PREFIX = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101."
JSON_CONTENT_TYPE = "application/x-amz-json-1.1"
EVENT_SOURCE = "cloudtrail.amazonaws.com"
TRAIL_RESOURCE_TYPE = "AWS::CloudTrail::Trail"

# Keys of the shared server. The root key comes in through the environment; the others through
# the config file. Real AWS access key ids are 20 characters, secrets 40.
ROOT_KEY = "AKIAOTROOT0000000001"
ROOT_SECRET = "rootSecretKey0000000000000000000000000001"
ALICE_KEY = "AKIAALICE00000000001"
ALICE_SECRET = "aliceSecretKey000000000000000000000000001"
PAGER_KEY = "AKIAPAGER00000000001"
PAGER_SECRET = "pagerSecretKey000000000000000000000000001"

# CreateTrail does not check that the bucket exists in this issue (bucket checks come with
# delivery). When they do, this is the one place to change (e.g. create the bucket first).
BUCKET = "opentrail-conformance-logs"

# Servers currently running, so that a failing test can show their log tails.
LIVE_SERVERS: list["ServerProcess"] = []


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unique_name(prefix: str = "ct") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def trail_arn(name: str, account: str = ACCOUNT, region: str = REGION) -> str:
    return f"arn:aws:cloudtrail:{region}:{account}:trail/{name}"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def since(seconds: float = 5) -> dt.datetime:
    """A StartTime a little before now (event times are truncated to the second)."""
    return utcnow() - dt.timedelta(seconds=seconds)


def parse_event_time(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


def ensure_binary() -> None:
    if not BINARY.exists():
        pytest.exit(
            f"opentrail binary not found at {BINARY}: build first: swift build "
            "(or set OPENTRAIL_BIN)",
            returncode=1,
        )


def client_config() -> Config:
    # No retries: a retried 5xx or throttle would hide a server bug.
    return Config(
        retries={"total_max_attempts": 1, "mode": "standard"},
        connect_timeout=10,
        read_timeout=30,
    )


def make_client(endpoint: str, key: str, secret: str, region: str = REGION, service: str = "cloudtrail"):
    return boto3.session.Session().client(
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=client_config(),
    )


def encode_body(body, empty: bytes) -> bytes:
    """A request body: a dict is JSON-encoded, bytes/str are sent as is, None is `empty`."""
    if body is None:
        return empty
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode()
    return json.dumps(body).encode()


def read_credentials_file(path: Path) -> tuple[str, str]:
    parser = configparser.ConfigParser()
    parser.read(path)
    section = parser["default"]
    return section["aws_access_key_id"], section["aws_secret_access_key"]


class ServerProcess:
    """One `opentrail serve` process on a data directory; restartable on the same directory."""

    def __init__(
        self,
        data_dir: Path,
        log_dir: Path,
        *,
        root_keys: tuple[str, str] | None = (ROOT_KEY, ROOT_SECRET),
        config: Path | None = None,
        account_id: str | None = None,
        region: str | None = None,
        name: str = "server",
    ):
        self.data_dir = Path(data_dir)
        self.log_dir = Path(log_dir)
        self.root_keys = root_keys
        self.config = config
        self.account_id = account_id
        self.region = region or REGION
        self.account = account_id or ACCOUNT
        self.name = name
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.stdout_path = self.log_dir / f"{name}.stdout.log"
        self.stderr_path = self.log_dir / f"{name}.stderr.log"

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        cmd = [str(BINARY), "serve", "--data-dir", str(self.data_dir), "--host", "127.0.0.1",
               "--port", str(self.port)]
        if self.config is not None:
            cmd += ["--config", str(self.config)]
        if self.account_id is not None:
            cmd += ["--account-id", self.account_id]
        if self.region is not None and self.region != REGION:
            cmd += ["--region", self.region]
        return cmd

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPENTRAIL_ROOT_")}
        if self.root_keys is not None:
            env["OPENTRAIL_ROOT_ACCESS_KEY_ID"] = self.root_keys[0]
            env["OPENTRAIL_ROOT_SECRET_ACCESS_KEY"] = self.root_keys[1]
        return env

    def start(self, timeout: float = 30.0) -> "ServerProcess":
        ensure_binary()
        assert self.proc is None, "already running"
        self.port = free_port()
        with open(self.stdout_path, "ab") as out, open(self.stderr_path, "ab") as err:
            marker = f"\n==== start {' '.join(self.command())}\n".encode()
            out.write(marker)
            err.write(marker)
            out.flush()
            err.flush()
            self.proc = subprocess.Popen(
                self.command(), stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                env=self.environment(), cwd=str(self.data_dir.parent),
            )
        LIVE_SERVERS.append(self)
        deadline = time.monotonic() + timeout
        while True:
            code = self.proc.poll()
            if code is not None:
                self._forget()
                pytest.fail(
                    f"opentrail serve exited with {code} before answering /healthz\n"
                    f"command: {' '.join(self.command())}\n{self.tail()}",
                    pytrace=False,
                )
            try:
                if requests.get(f"{self.endpoint}/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                self.kill()
                pytest.fail(f"opentrail serve did not answer /healthz within {timeout}s\n{self.tail()}",
                            pytrace=False)
            time.sleep(0.05)

    def stop(self, timeout: float = 20.0) -> int | None:
        """SIGTERM and wait; returns the exit code (kills with SIGKILL after `timeout`)."""
        if self.proc is None:
            return None
        proc = self.proc
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                self._forget()
                raise AssertionError(f"opentrail serve did not stop within {timeout}s of SIGTERM")
        self._forget()
        return proc.returncode

    def kill(self) -> None:
        """SIGKILL: only for tests about crashes, and as a last resort."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._forget()

    def restart(self) -> "ServerProcess":
        self.stop()
        return self.start()

    def _forget(self) -> None:
        self.proc = None
        if self in LIVE_SERVERS:
            LIVE_SERVERS.remove(self)

    # -- logs ------------------------------------------------------------------------------

    def logs(self) -> str:
        parts = []
        for p in (self.stdout_path, self.stderr_path):
            if p.exists():
                parts.append(p.read_text(errors="replace"))
        return "\n".join(parts)

    def tail(self, lines: int = 40) -> str:
        out = []
        for p in (self.stdout_path, self.stderr_path):
            text = p.read_text(errors="replace") if p.exists() else ""
            out.append(f"---- {p.name} (last {lines} lines) ----")
            out.extend(text.splitlines()[-lines:])
        return "\n".join(out)

    # -- clients ---------------------------------------------------------------------------

    def client(self, key: str | None = None, secret: str | None = None, region: str | None = None):
        if key is None:
            key, secret = self.root_credentials()
        return make_client(self.endpoint, key, secret, region or self.region)

    def root_credentials(self) -> tuple[str, str]:
        if self.root_keys is not None:
            return self.root_keys
        return read_credentials_file(self.data_dir / "credentials")

    def raw(self, op: str, body=None, **kwargs) -> requests.Response:
        kwargs.setdefault("region", self.region)
        if "key" not in kwargs:
            kwargs["key"], kwargs["secret"] = self.root_credentials()
        return raw_request(self.endpoint, op, body, **kwargs)


# -- raw requests ----------------------------------------------------------------------------


def raw_request(
    endpoint: str,
    op: str | None,
    body=None,
    *,
    key: str | None = ROOT_KEY,
    secret: str | None = ROOT_SECRET,
    date: dt.datetime | None = None,
    tamper=None,
    region: str = REGION,
    service: str = "cloudtrail",
    headers: dict | None = None,
    session: requests.Session | None = None,
) -> requests.Response:
    """POST one AWS JSON 1.1 request, SigV4-signed by hand.

    - `body`: a dict (JSON-encoded), bytes/str (sent as is) or None (`{}`).
    - `key=None`: sent unsigned.
    - `date`: sign as of this time (e.g. 20 minutes ago).
    - `tamper(headers: dict, body: bytes) -> (headers, body)`: applied after signing.
    """
    data = encode_body(body, empty=b"{}")
    hdrs = {"Content-Type": JSON_CONTENT_TYPE}
    if op is not None:
        hdrs["X-Amz-Target"] = TARGET_PREFIX + op
    if headers:
        hdrs.update(headers)
    request = AWSRequest(method="POST", url=endpoint + "/", data=data, headers=hdrs)
    if key is not None:
        signer = SigV4Auth(Credentials(key, secret), service, region)
        if date is not None:
            naive = date.astimezone(dt.timezone.utc).replace(tzinfo=None)
            with mock.patch.object(botocore.auth, "get_current_datetime", return_value=naive):
                signer.add_auth(request)
        else:
            signer.add_auth(request)
    prepared = request.prepare()
    out_headers = dict(prepared.headers)
    out_body = prepared.body if isinstance(prepared.body, bytes) else (prepared.body or b"")
    if isinstance(out_body, str):
        out_body = out_body.encode()
    if tamper is not None:
        out_headers, out_body = tamper(out_headers, out_body)
    # requests recomputes Content-Length from the body.
    out_headers = {k: v for k, v in out_headers.items() if k.lower() != "content-length"}
    sender = session or requests
    return sender.post(endpoint + "/", data=out_body, headers=out_headers, timeout=30)


def error_type(resp: requests.Response) -> str | None:
    """The exception name of an AWS JSON error response (`__type`, namespace stripped)."""
    try:
        doc = resp.json()
    except ValueError:
        return None
    value = doc.get("__type") or doc.get("code") or ""
    return value.split("#")[-1] or None


def error_message(resp: requests.Response) -> str:
    try:
        doc = resp.json()
    except ValueError:
        return ""
    return doc.get("message") or doc.get("Message") or ""


def assert_client_error(code: str, fn, *args, **kwargs) -> ClientError:
    """Call fn and assert it fails with the exception `code`; return the error."""
    try:
        result = fn(*args, **kwargs)
    except ClientError as err:
        got = err.response.get("Error", {}).get("Code")
        assert got == code, f"expected {code}, got {got}: {err.response.get('Error')}"
        return err
    raise AssertionError(f"expected {code}, call succeeded: {result!r}")


def error_code_of(err: ClientError) -> str:
    return err.response.get("Error", {}).get("Code", "")


# -- LookupEvents ----------------------------------------------------------------------------


def lookup_all(client, key: str | None = None, value: str | None = None, *, start_time=None,
               end_time=None, max_pages: int = 200, page_size: int = 50) -> list[dict]:
    """Every event matching one attribute (newest first), following NextToken."""
    kwargs: dict = {"MaxResults": page_size}
    if key is not None:
        kwargs["LookupAttributes"] = [{"AttributeKey": key, "AttributeValue": value}]
    if start_time is not None:
        kwargs["StartTime"] = start_time
    if end_time is not None:
        kwargs["EndTime"] = end_time
    events: list[dict] = []
    for _ in range(max_pages):
        resp = client.lookup_events(**kwargs)
        events.extend(resp.get("Events", []))
        token = resp.get("NextToken")
        if not token:
            return events
        kwargs["NextToken"] = token
    raise AssertionError(f"LookupEvents still had pages after {max_pages} pages")


def find_events(client, key, value, predicate=None, **kwargs) -> list[tuple[dict, dict]]:
    out = []
    for event in lookup_all(client, key, value, **kwargs):
        record = json.loads(event["CloudTrailEvent"])
        if predicate is None or predicate(record):
            out.append((event, record))
    return out


def wait_for_event(client, key, value, predicate=None, *, timeout: float = 5.0,
                   start_time=None) -> tuple[dict, dict]:
    """The newest (Event, parsed record) matching an attribute and a predicate on the record.

    Records are committed before the response, so this normally succeeds on the first try; the
    short poll only keeps a slow machine from failing the suite.
    """
    deadline = time.monotonic() + timeout
    while True:
        found = find_events(client, key, value, predicate, start_time=start_time)
        if found:
            return found[0]
        if time.monotonic() > deadline:
            raise AssertionError(f"no event with {key}={value!r} matching the predicate within {timeout}s")
        time.sleep(0.2)


# -- ingest: channels, cloudtrail-data PutAuditEvents, the native batch endpoint ------------------

CHANNEL_RESOURCE_TYPE = "AWS::CloudTrail::Channel"
DATA_SERVICE = "cloudtrail-data"
EDS_LOCATION = "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE"


def channel_arn(channel_id: str, account: str = ACCOUNT, region: str = REGION) -> str:
    return f"arn:aws:cloudtrail:{region}:{account}:channel/{channel_id}"


def channel_id_of(arn: str) -> str:
    return arn.rsplit("/", 1)[-1]


def make_data_client(endpoint: str, key: str, secret: str, region: str = REGION):
    """A boto3 `cloudtrail-data` client (PutAuditEvents) on the same endpoint."""
    return make_client(endpoint, key, secret, region, service=DATA_SERVICE)


def audit_event_data(**overrides) -> dict:
    """A valid PutAuditEvents `eventData` object (every required field); `overrides` replace fields
    (a value of `None` removes the field)."""
    data = {
        "version": "1.0",
        "userIdentity": {"type": "CustomUser", "principalId": "ingest-user",
                         "details": {"team": "conformance"}},
        "userAgent": "conformance-suite/1.0",
        "eventSource": "app.example.com",
        "eventName": "DoThing",
        # An hour ago: outside the short StartTime windows other tests of the shared server read.
        "eventTime": (utcnow() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "UID": uuid.uuid4().hex,
        "requestParameters": {"thing": "widget"},
        "responseElements": {"ok": True},
        "sourceIPAddress": "192.0.2.10",
        "recipientAccountId": ACCOUNT,
        "additionalEventData": {"note": "hello"},
    }
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def audit_event(event_id: str | None = None, data=None, *, checksum: bool | str = False, **overrides) -> dict:
    """One `auditEvents` entry: `data` (a dict, JSON-encoded; or a str sent as is) or `audit_event_data(**overrides)`.
    `checksum=True` adds the right `eventDataChecksum`; a string is sent as the checksum."""
    import base64
    import hashlib

    if data is None:
        data = audit_event_data(**overrides)
    text = data if isinstance(data, str) else json.dumps(data, separators=(",", ":"))
    entry = {"id": event_id or uuid.uuid4().hex, "eventData": text}
    if checksum is True:
        entry["eventDataChecksum"] = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    elif isinstance(checksum, str):
        entry["eventDataChecksum"] = checksum
    return entry


def signed_request(
    endpoint: str,
    method: str,
    path: str,
    body: bytes | str | dict | None = None,
    *,
    query: dict | None = None,
    service: str | None = DATA_SERVICE,
    key: str | None = ROOT_KEY,
    secret: str | None = ROOT_SECRET,
    region: str = REGION,
    content_type: str = "application/json",
    headers: dict | None = None,
    timeout: float = 30,
) -> requests.Response:
    """Any HTTP request, SigV4-signed by hand for `service` (`service=None` or `key=None`: unsigned).
    Query values are percent-encoded as SigV4 canonicalizes them, so the signed and sent URLs agree."""
    from urllib.parse import quote

    data = encode_body(body, empty=b"")
    url = endpoint + path
    if query:
        url += "?" + "&".join(f"{quote(k, safe='-_.~')}={quote(str(v), safe='-_.~')}" for k, v in query.items())
    hdrs = {"Content-Type": content_type}
    if headers:
        hdrs.update(headers)
    request = AWSRequest(method=method, url=url, data=data, headers=hdrs)
    if key is not None and service is not None:
        SigV4Auth(Credentials(key, secret), service, region).add_auth(request)
    prepared = request.prepare()
    out_headers = {k: v for k, v in dict(prepared.headers).items() if k.lower() != "content-length"}
    return requests.request(method, prepared.url, data=data, headers=out_headers, timeout=timeout)


def put_audit_events_raw(endpoint: str, channel: str | None, events, *, body=None, **kwargs) -> requests.Response:
    """PutAuditEvents as a raw REST JSON request (what botocore would refuse to send)."""
    query = {} if channel is None else {"channelArn": channel}
    query.update(kwargs.pop("query", {}) or {})
    payload = body if body is not None else {"auditEvents": events}
    return signed_request(endpoint, "POST", "/PutAuditEvents", payload, query=query, **kwargs)


def post_batch(endpoint: str, body, *, content_type: str = "application/json", **kwargs) -> requests.Response:
    """POST /v1/events (the native batch endpoint); a dict/list body is sent as `{"Records": [...]}`."""
    if isinstance(body, list):
        body = json.dumps({"Records": body})
    return signed_request(endpoint, "POST", "/v1/events", body, content_type=content_type, **kwargs)


def lookup_event_id(client, event_id: str) -> list[dict]:
    """LookupEvents(EventId=...) (no time range): the events with that id."""
    return client.lookup_events(
        LookupAttributes=[{"AttributeKey": "EventId", "AttributeValue": event_id}])["Events"]


# -- delivery (object stores, log files) --------------------------------------------------------------

LOG_KEY_PATTERN = (
    r"^(?:(?P<prefix>.+)/)?AWSLogs/(?P<account>\d{12})/CloudTrail/(?P<region>[a-z0-9-]+)/"
    r"(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/(?P=account)_CloudTrail_(?P=region)_"
    r"(?P=y)(?P=m)(?P=d)T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$"
)


class MotoProcess:
    """A moto S3 server on loopback (`moto_server`), stoppable and restartable on the same port."""

    def __init__(self, log_dir: Path):
        self.port = free_port()
        self.log_path = Path(log_dir) / f"moto-{self.port}.log"
        self.proc: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> "MotoProcess":
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"moto_server exited: {self.log_path.read_text()[-2000:]}")
            try:
                requests.get(self.endpoint + "/", timeout=1)
                return self
            except requests.RequestException:
                time.sleep(0.1)
        raise AssertionError("moto_server did not answer")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def s3(self):
        return boto3.client("s3", endpoint_url=self.endpoint, region_name=REGION,
                            aws_access_key_id="testing", aws_secret_access_key="testing",
                            config=Config(s3={"addressing_style": "path"}))


def s3_store_config(endpoint: str, *, window: float = 300, extra: str = "") -> str:
    """A config file that delivers to an S3 endpoint (moto) with short timeouts."""
    return (
        f'accountId: "{ACCOUNT}"\nregion: {REGION}\ndeliveryWindowSeconds: {window}\n'
        f"objectStore:\n  type: s3\n  endpoint: {endpoint}\n  region: {REGION}\n"
        f"  accessKeyId: testing\n  secretAccessKey: testing\n  addressingStyle: path\n"
        f"  requestTimeoutSeconds: 2\n  maxAttempts: 2\n{extra}"
    )


def flush(srv) -> dict:
    """POST /v1/delivery/flush (service `opentrail`): delivers everything pending; returns the report."""
    key, secret = srv.root_credentials()
    resp = signed_request(srv.endpoint, "POST", "/v1/delivery/flush", b"", service="opentrail",
                          key=key, secret=secret, timeout=120)
    assert resp.status_code == 200, resp.text
    return resp.json()


def cloudtrail_record(*, region: str = REGION, name: str = "PutObject", source: str = "s3.amazonaws.com",
                      read_only: bool | None = False, management: bool = True, resources=None,
                      event_id: str | None = None, **extra) -> dict:
    """A complete CloudTrail record for the native batch endpoint."""
    record = {
        "eventVersion": "1.11",
        "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLE", "userName": "delivery-test",
                         "arn": f"arn:aws:iam::{ACCOUNT}:user/delivery-test", "accountId": ACCOUNT},
        "eventTime": utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "eventSource": source,
        "eventName": name,
        "awsRegion": region,
        "sourceIPAddress": "192.0.2.10",
        "userAgent": "delivery-test",
        "requestParameters": None,
        "responseElements": None,
        "eventID": event_id or str(uuid.uuid4()),
        "eventType": "AwsApiCall",
        "managementEvent": management,
        "recipientAccountId": ACCOUNT,
        "eventCategory": "Management" if management else "Data",
    }
    if read_only is not None:
        record["readOnly"] = read_only
    if resources:
        record["resources"] = resources
    record.update(extra)
    return record


def s3_objects(s3, bucket: str, prefix: str = "") -> dict[str, list[dict]]:
    """Every delivered log file in a bucket: key -> its records (gunzipped and parsed)."""
    import gzip

    files = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            body = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
            files[item["Key"]] = json.loads(gzip.decompress(body))["Records"]
    return files


def local_objects(srv, bucket: str) -> dict[str, list[dict]]:
    """Every delivered log file in a bucket of the local store (files under <data-dir>/buckets)."""
    import gzip

    root = srv.data_dir / "buckets" / bucket
    files = {}
    for path in sorted(root.rglob("*.json.gz")):
        files[str(path.relative_to(root))] = json.loads(gzip.decompress(path.read_bytes()))["Records"]
    return files
