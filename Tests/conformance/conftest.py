"""Fixtures for the conformance suite: a live `opentrail serve` driven by boto3 and the AWS CLI.

- `server`: one server for the whole session (root key from the environment, users alice and
  pager from a config file).
- `fresh_server`: a factory for servers with their own data directory (restart, credentials,
  crash and rate-limit tests).
- `cloudtrail` / `alice` / `pager`: boto3 clients of the shared server.
- `raw_request` / `wait_for_event`: hand-signed requests and LookupEvents searches.

When a test fails, the tails of the running servers' stdout/stderr are attached to its report.
"""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

import otlib
from otlib import (ALICE_KEY, ALICE_SECRET, BUCKET, PAGER_KEY, PAGER_SECRET, ROOT_KEY, ROOT_SECRET,
                   ServerProcess)

CONFIG_YAML = f"""\
accountId: "{otlib.ACCOUNT}"
region: {otlib.REGION}
principals:
  - userName: alice
    accessKeyId: {ALICE_KEY}
    secretAccessKey: {ALICE_SECRET}
  - userName: pager
    accessKeyId: {PAGER_KEY}
    secretAccessKey: {PAGER_SECRET}
"""


def pytest_configure(config):
    config.addinivalue_line("markers", "aws_cli: drives the AWS CLI (`aws`) as a subprocess")
    config.addinivalue_line(
        "markers",
        "opentrail_cli: drives `opentrail lookup`/`--version`; flags and output shape may still change",
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and report.when in ("setup", "call"):
        for srv in list(otlib.LIVE_SERVERS):
            report.sections.append((f"opentrail {srv.name} log tail", srv.tail()))


def write_config(path, text: str = CONFIG_YAML):
    path.write_text(text)
    return path


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("shared-server")
    config = write_config(base / "opentrail.yaml")
    srv = ServerProcess(base / "data", base / "logs", config=config, name="shared")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def fresh_server(tmp_path):
    """Factory: `fresh_server(root_keys=..., config=..., account_id=..., region=..., start=True)`.

    `root_keys=None` makes the server generate its own root key into `<data-dir>/credentials`.
    `config=True` uses the suite's config (alice, pager); a string is written as the config file.
    """
    started: list[ServerProcess] = []
    counter = [0]

    def make(*, root_keys=(ROOT_KEY, ROOT_SECRET), config=None, account_id=None, region=None,
             start=True) -> ServerProcess:
        counter[0] += 1
        base = tmp_path / f"server{counter[0]}"
        base.mkdir()
        cfg = None
        if config is True:
            cfg = write_config(base / "opentrail.yaml")
        elif isinstance(config, str):
            cfg = write_config(base / "opentrail.yaml", config)
        srv = ServerProcess(base / "data", base / "logs", root_keys=root_keys, config=cfg,
                            account_id=account_id, region=region, name=f"fresh{counter[0]}")
        started.append(srv)
        if start:
            srv.start()
        return srv

    yield make
    for srv in started:
        try:
            srv.stop()
        except AssertionError:
            srv.kill()


@pytest.fixture(scope="session")
def cloudtrail(server):
    return server.client(ROOT_KEY, ROOT_SECRET)


@pytest.fixture(scope="session")
def alice(server):
    return server.client(ALICE_KEY, ALICE_SECRET)


@pytest.fixture(scope="session")
def pager(server):
    return server.client(PAGER_KEY, PAGER_SECRET)


@pytest.fixture
def raw_request(server):
    """`raw_request(op, body, *, key, secret, date=None, tamper=None, ...)` against the shared server."""

    def send(op, body=None, *, key=ROOT_KEY, secret=ROOT_SECRET, **kwargs):
        return otlib.raw_request(server.endpoint, op, body, key=key, secret=secret, **kwargs)

    return send


@pytest.fixture
def wait_for_event(cloudtrail):
    """`wait_for_event(key, value, predicate=None, *, client=None, timeout=5, start_time=None)`."""

    def wait(key, value, predicate=None, *, client=None, **kwargs):
        return otlib.wait_for_event(client or cloudtrail, key, value, predicate, **kwargs)

    return wait


@pytest.fixture
def make_trail(cloudtrail):
    """Factory creating a trail with a unique name on the shared server; deleted afterwards."""
    created = []

    def make(name=None, **kwargs):
        name = name or otlib.unique_name()
        kwargs.setdefault("S3BucketName", BUCKET)
        resp = cloudtrail.create_trail(Name=name, **kwargs)
        created.append(name)
        return resp

    yield make
    for name in created:
        try:
            cloudtrail.delete_trail(Name=name)
        except ClientError:
            pass


@pytest.fixture(autouse=True)
def _delete_leftover_trails(request):
    """The shared server allows only a few trails per region: remove any a test left behind."""
    yield
    if "server" not in request.fixturenames:
        return
    srv = request.getfixturevalue("server")
    if srv.proc is None or srv.proc.poll() is not None:
        return
    client = srv.client(ROOT_KEY, ROOT_SECRET)
    try:
        for trail in client.describe_trails().get("trailList", []):
            try:
                client.delete_trail(Name=trail["TrailARN"])
            except ClientError:
                pass
    except Exception:  # noqa: BLE001 - cleanup must never mask the test's own result
        pass


# -- ingest (channels, PutAuditEvents, /v1/events) --------------------------------------------------


@pytest.fixture(scope="session")
def cloudtrail_data(server):
    """A boto3 `cloudtrail-data` client of the shared server (root)."""
    return otlib.make_data_client(server.endpoint, ROOT_KEY, ROOT_SECRET)


@pytest.fixture
def make_channel(cloudtrail):
    """Factory creating a channel with a unique name on the shared server; deleted afterwards.
    `make_channel(name=None, client=None, **kwargs)` returns the CreateChannel response."""
    created = []

    def make(name=None, *, client=None, **kwargs):
        client = client or cloudtrail
        kwargs.setdefault("Source", "Custom")
        kwargs.setdefault("Destinations", [{"Type": "EVENT_DATA_STORE", "Location": otlib.EDS_LOCATION}])
        resp = client.create_channel(Name=name or otlib.unique_name("ch"), **kwargs)
        created.append((client, resp["ChannelArn"]))
        return resp

    yield make
    for client, arn in created:
        try:
            client.delete_channel(Channel=arn)
        except ClientError:
            pass


@pytest.fixture
def channel(make_channel):
    """The ARN of a new channel on the shared server."""
    return make_channel()["ChannelArn"]


# -- delivery -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def moto(tmp_path_factory):
    """A moto S3 server of its own for a test module (stopped and restarted by outage tests)."""
    srv = otlib.MotoProcess(tmp_path_factory.mktemp("moto")).start()
    yield srv
    srv.stop()
