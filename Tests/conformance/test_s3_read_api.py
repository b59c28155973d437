"""OpenTrail's S3 read API: the embedded store's buckets read with the AWS CLI (`aws s3`, `aws s3api`)
and boto3 pointed at OpenTrail's own port, as they would read S3 — listings and their paginators,
objects, metadata, bucket location — read-only, with KMS-encrypted log files served only to principals
that may decrypt them."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

import otlib
from otlib import (ACCOUNT, ALICE_KEY, ALICE_SECRET, REGION, ROOT_KEY, ROOT_SECRET, cloudtrail_record, flush,
                   post_batch)

READER_KEY = "AKIAREADER0000000001"
READER_SECRET = "readerSecretKey00000000000000000000000001"
PLAIN_BUCKET = "s3api-plain-logs"
SEALED_BUCKET = "s3api-sealed-logs"
ROUNDS = 5
CLI_TIMEOUT = 120

CONFIG = f"""\
accountId: "{ACCOUNT}"
region: {REGION}
principals:
  - userName: alice
    accessKeyId: {ALICE_KEY}
    secretAccessKey: {ALICE_SECRET}
  - userName: reader
    accessKeyId: {READER_KEY}
    secretAccessKey: {READER_SECRET}
    decryptsObjects: true
"""


def s3_client(srv, key: str = ROOT_KEY, secret: str = ROOT_SECRET):
    """A boto3 S3 client of OpenTrail's port, with botocore's defaults (an IP endpoint: path style)."""
    return boto3.session.Session().client(
        "s3", endpoint_url=srv.endpoint, region_name=REGION, aws_access_key_id=key,
        aws_secret_access_key=secret, config=Config(retries={"total_max_attempts": 1, "mode": "standard"}))


def aws_command() -> list[str]:
    exe = shutil.which("aws")
    return [exe] if exe else [sys.executable, "-m", "awscli"]


def aws(srv, *args, key: str = ROOT_KEY, secret: str = ROOT_SECRET) -> subprocess.CompletedProcess:
    """The AWS CLI with OpenTrail as its endpoint (`--endpoint-url`), credentials from the environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret, "AWS_DEFAULT_REGION": REGION,
                "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "AWS_PAGER": ""})
    return subprocess.run([*aws_command(), "--endpoint-url", srv.endpoint, *args], capture_output=True,
                          text=True, timeout=CLI_TIMEOUT, env=env)


def error_code(err: ClientError) -> str:
    return err.response.get("Error", {}).get("Code", "")


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    """A server with two trails on the embedded store (one encrypting with a KMS key), each with several
    delivered log files."""
    base = tmp_path_factory.mktemp("s3-read-api")
    config = base / "opentrail.yaml"
    config.write_text(CONFIG)
    srv = otlib.ServerProcess(base / "data", base / "logs", config=config, name="s3api")
    srv.start()
    client = srv.client()
    client.create_trail(Name="plain", S3BucketName=PLAIN_BUCKET)
    client.start_logging(Name="plain")
    client.create_trail(Name="sealed", S3BucketName=SEALED_BUCKET, KmsKeyId="alias/opentrail")
    client.start_logging(Name="sealed")
    for _ in range(ROUNDS):
        resp = post_batch(srv.endpoint, [cloudtrail_record() for _ in range(3)], key=ROOT_KEY,
                          secret=ROOT_SECRET, service="opentrail")
        assert resp.status_code == 200, resp.text
        flush(srv)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def plain_keys(s3_server) -> list[str]:
    """The plain trail's log files, as the local store holds them (read from the data directory)."""
    root = s3_server.data_dir / "buckets" / PLAIN_BUCKET
    keys = sorted(str(p.relative_to(root)) for p in root.rglob("*.json.gz"))
    assert len(keys) >= ROUNDS, keys
    return keys


def test_list_buckets_and_location(s3_server):
    s3 = s3_client(s3_server)
    buckets = s3.list_buckets()
    assert {PLAIN_BUCKET, SEALED_BUCKET} <= {b["Name"] for b in buckets["Buckets"]}
    assert buckets["Owner"]["ID"] == ACCOUNT
    # us-east-1 is S3's empty location constraint.
    assert s3.get_bucket_location(Bucket=PLAIN_BUCKET)["LocationConstraint"] is None
    assert s3.head_bucket(Bucket=PLAIN_BUCKET)["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"] == REGION
    with pytest.raises(ClientError) as missing:
        s3.head_bucket(Bucket="no-such-bucket-here")
    assert error_code(missing.value) == "404"
    with pytest.raises(ClientError) as missing:
        s3.list_objects_v2(Bucket="no-such-bucket-here")
    assert error_code(missing.value) == "NoSuchBucket"


@pytest.mark.parametrize("operation", ["list_objects", "list_objects_v2"])
def test_paginators_with_small_pages_list_every_key_once(s3_server, plain_keys, operation):
    s3 = s3_client(s3_server)
    pages = list(s3.get_paginator(operation).paginate(Bucket=PLAIN_BUCKET, PaginationConfig={"PageSize": 2}))
    keys = [item["Key"] for page in pages for item in page.get("Contents", [])]
    assert keys == plain_keys
    assert len(pages) == (len(plain_keys) + 1) // 2
    item = pages[0]["Contents"][0]
    assert item["Size"] > 0 and item["StorageClass"] == "STANDARD" and item["ETag"].startswith('"')
    assert item["LastModified"].tzinfo is not None


@pytest.mark.parametrize("operation", ["list_objects", "list_objects_v2"])
def test_paginators_with_a_delimiter_roll_up_prefixes(s3_server, plain_keys, operation):
    s3 = s3_client(s3_server)
    prefix = f"AWSLogs/{ACCOUNT}/CloudTrail/"
    pages = s3.get_paginator(operation).paginate(Bucket=PLAIN_BUCKET, Prefix=prefix, Delimiter="/",
                                                 PaginationConfig={"PageSize": 1})
    prefixes = [p["Prefix"] for page in pages for p in page.get("CommonPrefixes", [])]
    assert prefixes == [f"{prefix}{REGION}/"]
    day = "/".join(plain_keys[0].split("/")[:7]) + "/"
    pages = list(s3.get_paginator(operation).paginate(Bucket=PLAIN_BUCKET, Prefix=day, Delimiter="/",
                                                      PaginationConfig={"PageSize": 2}))
    assert [i["Key"] for page in pages for i in page.get("Contents", [])] == [k for k in plain_keys
                                                                             if k.startswith(day)]


def test_get_and_head_object_serve_the_gzipped_log_file(s3_server, plain_keys):
    s3 = s3_client(s3_server)
    key = plain_keys[0]
    got = s3.get_object(Bucket=PLAIN_BUCKET, Key=key)
    body = got["Body"].read()
    assert body == (s3_server.data_dir / "buckets" / PLAIN_BUCKET / key).read_bytes()
    records = json.loads(gzip.decompress(body))["Records"]
    assert records and all(r["recipientAccountId"] == ACCOUNT for r in records)
    assert got["ContentType"] == "application/json"
    assert got["ContentEncoding"] == "gzip"
    assert got["ContentLength"] == len(body)
    assert got["Metadata"] == {}
    head = s3.head_object(Bucket=PLAIN_BUCKET, Key=key)
    for field in ("ContentLength", "ContentType", "ContentEncoding", "ETag", "LastModified", "Metadata"):
        assert head[field] == got[field], field
    part = s3.get_object(Bucket=PLAIN_BUCKET, Key=key, Range="bytes=0-9")
    assert part["Body"].read() == body[:10]
    assert part["ContentRange"] == f"bytes 0-9/{len(body)}"
    with pytest.raises(ClientError) as missing:
        s3.get_object(Bucket=PLAIN_BUCKET, Key=key + ".missing")
    assert error_code(missing.value) == "NoSuchKey"


def test_writes_are_refused(s3_server, plain_keys, tmp_path):
    s3 = s3_client(s3_server)
    for call in (lambda: s3.put_object(Bucket=PLAIN_BUCKET, Key="planted.json", Body=b"{}"),
                 lambda: s3.delete_object(Bucket=PLAIN_BUCKET, Key=plain_keys[0]),
                 lambda: s3.create_bucket(Bucket="new-bucket-please")):
        with pytest.raises(ClientError) as refused:
            call()
        assert error_code(refused.value) == "AccessDenied"
        assert "read-only" in refused.value.response["Error"]["Message"]
    local = tmp_path / "planted.json"
    local.write_text("{}")
    proc = aws(s3_server, "s3", "cp", str(local), f"s3://{PLAIN_BUCKET}/planted.json")
    assert proc.returncode != 0
    assert "AccessDenied" in proc.stderr
    assert s3.head_object(Bucket=PLAIN_BUCKET, Key=plain_keys[0])["ContentLength"] > 0
    assert not (s3_server.data_dir / "buckets" / PLAIN_BUCKET / "planted.json").exists()


@pytest.mark.aws_cli
def test_aws_s3_ls_and_cp(s3_server, plain_keys, tmp_path):
    proc = aws(s3_server, "s3", "ls", "--recursive", f"s3://{PLAIN_BUCKET}")
    assert proc.returncode == 0, proc.stderr
    listed = [line.split(None, 3)[3] for line in proc.stdout.splitlines() if line.strip()]
    assert listed == plain_keys

    proc = aws(s3_server, "s3", "ls")
    assert proc.returncode == 0, proc.stderr
    assert PLAIN_BUCKET in proc.stdout and SEALED_BUCKET in proc.stdout

    target = tmp_path / "copy.json.gz"
    proc = aws(s3_server, "s3", "cp", f"s3://{PLAIN_BUCKET}/{plain_keys[-1]}", str(target))
    assert proc.returncode == 0, proc.stderr
    assert target.read_bytes() == (s3_server.data_dir / "buckets" / PLAIN_BUCKET / plain_keys[-1]).read_bytes()
    assert json.loads(gzip.decompress(target.read_bytes()))["Records"]

    proc = aws(s3_server, "s3api", "get-bucket-location", "--bucket", PLAIN_BUCKET, "--output", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["LocationConstraint"] is None


def test_kms_encrypted_log_files_need_a_principal_that_may_decrypt(s3_server):
    root = s3_client(s3_server)
    alice = s3_client(s3_server, ALICE_KEY, ALICE_SECRET)
    reader = s3_client(s3_server, READER_KEY, READER_SECRET)

    # Everyone may list the bucket.
    keys = [i["Key"] for page in alice.get_paginator("list_objects_v2").paginate(Bucket=SEALED_BUCKET)
            for i in page.get("Contents", [])]
    assert len(keys) >= ROUNDS
    key = keys[0]
    on_disk = (s3_server.data_dir / "buckets" / SEALED_BUCKET / key).read_bytes()
    assert not on_disk.startswith(b"\x1f\x8b")

    # A plain user may not read it.
    with pytest.raises(ClientError) as refused:
        alice.get_object(Bucket=SEALED_BUCKET, Key=key)
    assert error_code(refused.value) == "AccessDenied"
    with pytest.raises(ClientError) as refused:
        alice.head_object(Bucket=SEALED_BUCKET, Key=key)
    assert error_code(refused.value) == "403"

    # Root, and a user with decryptsObjects, read the plaintext, with S3's SSE-KMS fields.
    for client in (root, reader):
        got = client.get_object(Bucket=SEALED_BUCKET, Key=key)
        assert got["ServerSideEncryption"] == "aws:kms"
        assert got["SSEKMSKeyId"]
        records = json.loads(gzip.decompress(got["Body"].read()))["Records"]
        assert records
    # The plain bucket stays readable by alice.
    plain = alice.list_objects_v2(Bucket=PLAIN_BUCKET, MaxKeys=1)["Contents"][0]["Key"]
    assert alice.get_object(Bucket=PLAIN_BUCKET, Key=plain)["Body"].read().startswith(b"\x1f\x8b")


def test_bad_credentials_are_refused_with_s3_errors(s3_server, plain_keys):
    forged = s3_client(s3_server, ROOT_KEY, "not-the-root-secret-000000000000000000000")
    with pytest.raises(ClientError) as refused:
        forged.get_object(Bucket=PLAIN_BUCKET, Key=plain_keys[0])
    assert error_code(refused.value) == "SignatureDoesNotMatch"
    unknown = s3_client(s3_server, "AKIAUNKNOWN000000001", "unknownSecret000000000000000000000000001")
    with pytest.raises(ClientError) as refused:
        unknown.list_objects_v2(Bucket=PLAIN_BUCKET)
    assert error_code(refused.value) == "InvalidAccessKeyId"


def test_presigned_urls_work(s3_server, plain_keys):
    signer = boto3.session.Session().client(
        "s3", endpoint_url=s3_server.endpoint, region_name=REGION, aws_access_key_id=ROOT_KEY,
        aws_secret_access_key=ROOT_SECRET, config=Config(signature_version="s3v4"))
    url = signer.generate_presigned_url(
        "get_object", Params={"Bucket": PLAIN_BUCKET, "Key": plain_keys[0]}, ExpiresIn=300)
    resp = requests.get(url, timeout=30, stream=True)
    assert resp.status_code == 200, resp.text
    # The stored gzip bytes, as sent (requests would otherwise undo the Content-Encoding).
    body = resp.raw.read(decode_content=False)
    assert body == (s3_server.data_dir / "buckets" / PLAIN_BUCKET / plain_keys[0]).read_bytes()
    resp = requests.get(url.replace("X-Amz-Signature=", "X-Amz-Signature=0"), timeout=30)
    assert resp.status_code == 403 and "<Code>SignatureDoesNotMatch</Code>" in resp.text


def test_cloudtrail_and_routes_still_answer_beside_s3(s3_server):
    assert {t["Name"] for t in s3_server.client().describe_trails()["trailList"]} >= {"plain", "sealed"}
    assert requests.get(f"{s3_server.endpoint}/healthz", timeout=10).status_code == 200
    assert 'operation="s3:GetObject"' in requests.get(f"{s3_server.endpoint}/metrics", timeout=10).text
