"""Log file integrity validation: signed digest chains that the real `aws cloudtrail validate-logs`
accepts, on the embedded store (through OpenTrail's S3 read API) and on moto S3, across several digest
periods and a signing-key rotation; and every kind of tampering reported by it."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time

import pytest

import otlib
from otlib import ACCOUNT, REGION, cloudtrail_record, post_batch

ROTATION_SECONDS = 3
DIGEST_KEY = re.compile(
    r"^(?:(?P<prefix>.+)/)?AWSLogs/(?P<account>\d{12})/CloudTrail-Digest/(?P<region>[a-z0-9-]+)/"
    r"(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/(?P=account)_CloudTrail-Digest_(?P=region)_(?P<trail>[^_]+)_"
    r"(?P<home>[a-z0-9-]+)_(?P<stamp>\d{8}T\d{6}Z)\.json\.gz$"
)


def config(extra: str = "") -> str:
    return (
        f'accountId: "{ACCOUNT}"\nregion: {REGION}\nregions: [{REGION}, us-west-2]\n'
        f"signingKeyRotationSeconds: {ROTATION_SECONDS}\n{extra}"
    )


def ingest(srv, count: int = 3):
    key, secret = srv.root_credentials()
    resp = post_batch(srv.endpoint, [cloudtrail_record() for _ in range(count)], key=key, secret=secret,
                      service="opentrail")
    assert resp.status_code == 200, resp.text


def flush_digests(srv) -> dict:
    key, secret = srv.root_credentials()
    resp = otlib.signed_request(srv.endpoint, "POST", "/v1/delivery/flush", b'{"digests": true}',
                                service="opentrail", key=key, secret=secret, timeout=120)
    assert resp.status_code == 200, resp.text
    return resp.json()


def aws_validate(srv, arn: str, start: dt.datetime, s3_endpoint: str, *, end: dt.datetime | None = None,
                 verbose: bool = True):
    """Runs the real `aws cloudtrail validate-logs`; returns (exit code, stdout, stderr)."""
    key, secret = srv.root_credentials()
    env = dict(os.environ, AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret, AWS_DEFAULT_REGION=REGION,
               AWS_ENDPOINT_URL_S3=s3_endpoint, AWS_CONFIG_FILE="/dev/null",
               AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    env.pop("AWS_PROFILE", None)
    args = ["aws", "cloudtrail", "validate-logs", "--trail-arn", arn, "--endpoint-url", srv.endpoint,
            "--region", REGION, "--start-time", start.strftime("%Y-%m-%dT%H:%M:%SZ")]
    if end is not None:
        args += ["--end-time", end.strftime("%Y-%m-%dT%H:%M:%SZ")]
    if verbose:
        args.append("--verbose")
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr


def ot_validate(srv, arn: str, start: dt.datetime, s3_endpoint: str, *, extra=(), verbose: bool = True):
    """Runs `opentrail validate-logs` with the same inputs as `aws_validate`; returns (exit code, stdout, stderr)."""
    key, secret = srv.root_credentials()
    env = dict(os.environ, AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret)
    args = [str(otlib.BINARY), "validate-logs", "--trail-arn", arn, "--endpoint-url", srv.endpoint,
            "--region", REGION, "--start-time", start.strftime("%Y-%m-%dT%H:%M:%SZ"), *extra]
    if s3_endpoint != srv.endpoint:
        args += ["--s3-endpoint-url", s3_endpoint]
    if verbose:
        args.append("--verbose")
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr


def problems(text: str) -> list[str]:
    """The per-file lines of a report (valid and INVALID), in order."""
    return [line for line in text.splitlines() if line.startswith(("Digest file\t", "Log file\t"))]


def assert_agree(srv, arn, start, s3_endpoint):
    """Both validators give the same exit code and the same per-file verdicts; returns OpenTrail's output."""
    aws = aws_validate(srv, arn, start, s3_endpoint)
    ours = ot_validate(srv, arn, start, s3_endpoint)
    assert ours[0] == aws[0], (aws, ours)
    assert problems(ours[1]) == problems(aws[1]), (aws, ours)
    assert problems(ours[2]) == problems(aws[2]), (aws, ours)
    return ours


class Bucket:
    """Reads and tampers with a trail's bucket, on moto (boto3) or on the embedded store (its files)."""

    def __init__(self, name: str, *, s3=None, root=None):
        self.name, self.s3, self.root = name, s3, root

    def keys(self, prefix: str = "") -> list[str]:
        if self.s3 is not None:
            keys = []
            for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.name, Prefix=prefix):
                keys += [item["Key"] for item in page.get("Contents", [])]
            return keys
        base = self.root / self.name
        return sorted(str(p.relative_to(base)) for p in base.rglob("*.json.gz") if str(p.relative_to(base)).startswith(prefix))

    def digests(self) -> list[str]:
        return sorted((k for k in self.keys() if "/CloudTrail-Digest/" in k), key=lambda k: k[-24:-8])

    def logs(self) -> list[str]:
        return [k for k in self.keys() if "/CloudTrail/" in k]

    def read(self, key: str) -> bytes:
        if self.s3 is not None:
            return self.s3.get_object(Bucket=self.name, Key=key)["Body"].read()
        return (self.root / self.name / key).read_bytes()

    def metadata(self, key: str) -> dict:
        if self.s3 is not None:
            return self.s3.head_object(Bucket=self.name, Key=key)["Metadata"]
        raise NotImplementedError

    def replace(self, key: str, body: bytes):
        """Overwrites an object's bytes, keeping its metadata (as someone with write access could)."""
        if self.s3 is not None:
            head = self.s3.head_object(Bucket=self.name, Key=key)
            self.s3.put_object(Bucket=self.name, Key=key, Body=body, Metadata=head["Metadata"])
        else:
            (self.root / self.name / key).write_bytes(body)

    def delete(self, key: str):
        if self.s3 is not None:
            self.s3.delete_object(Bucket=self.name, Key=key)
        else:
            path = self.root / self.name / key
            saved = path.read_bytes()
            path.unlink()
            return saved

    def copy(self, key: str, to: str):
        if self.s3 is not None:
            self.s3.copy_object(Bucket=self.name, Key=to, CopySource={"Bucket": self.name, "Key": key},
                                MetadataDirective="COPY")
        else:
            raise NotImplementedError


def run_trail(srv, client, bucket: str, name: str, periods: int = 5):
    """A validating trail through `periods` digest periods (sealed on demand) and at least one rotation."""
    arn = client.create_trail(Name=name, S3BucketName=bucket, EnableLogFileValidation=True)["TrailARN"]
    client.start_logging(Name=name)
    start = otlib.utcnow() - dt.timedelta(minutes=2)
    for period in range(periods):
        if period != 2:  # one period without log files: an empty digest
            ingest(srv)
        report = flush_digests(srv)
        assert report["failures"] == {}, report
        time.sleep(1.2)
    report = flush_digests(srv)
    assert report["digests"].get(arn), report
    return arn, start


@pytest.fixture(params=["embedded", "moto"])
def validated(request, fresh_server, moto):
    """(server, client, bucket, trail ARN, start time, S3 endpoint) of a trail that ran across 6 digests."""
    name = otlib.unique_name("valid")
    if request.param == "moto":
        s3 = moto.s3()
        bucket_name = otlib.unique_name("digests").lower()
        s3.create_bucket(Bucket=bucket_name)
        srv = fresh_server(config=otlib.s3_store_config(moto.endpoint, extra=config().split("\n", 2)[2]))
        bucket = Bucket(bucket_name, s3=s3)
        s3_endpoint = moto.endpoint
    else:
        srv = fresh_server(config=config())
        bucket_name = otlib.unique_name("digests").lower()
        bucket = Bucket(bucket_name, root=srv.data_dir / "buckets")
        s3_endpoint = srv.endpoint
    client = srv.client()
    arn, start = run_trail(srv, client, bucket_name, name)
    return srv, client, bucket, arn, start, s3_endpoint


def test_digest_files_follow_cloudtrails_format(validated):
    srv, client, bucket, arn, start, _ = validated
    digests = bucket.digests()
    assert len(digests) >= 6, digests
    previous = None
    for key in digests:
        match = DIGEST_KEY.match(key)
        assert match, key
        assert match["account"] == ACCOUNT and match["region"] == REGION and match["home"] == REGION
        body = json.loads(gzip.decompress(bucket.read(key)))
        assert body["digestS3Bucket"] == bucket.name and body["digestS3Object"] == key
        assert body["digestEndTime"].replace("-", "").replace(":", "") == match["stamp"]
        assert body["digestSignatureAlgorithm"] == "SHA256withRSA"
        assert re.fullmatch(r"[0-9a-f]{32}", body["digestPublicKeyFingerprint"])
        if previous is None:
            assert body["previousDigestSignature"] is None and body["previousDigestS3Object"] is None
        else:
            assert body["previousDigestS3Object"] == previous[0]
            assert body["previousDigestHashAlgorithm"] == "SHA-256"
            import hashlib
            assert body["previousDigestHashValue"] == hashlib.sha256(gzip.decompress(previous[1])).hexdigest()
            assert body["digestStartTime"] == previous[2]["digestEndTime"]
        for log in body["logFiles"]:
            import hashlib
            assert log["hashValue"] == hashlib.sha256(gzip.decompress(bucket.read(log["s3Object"]))).hexdigest()
        if not body["logFiles"]:
            assert body["newestEventTime"] is None and body["oldestEventTime"] is None
        previous = (key, bucket.read(key), body)
    # Every log file delivered is listed by exactly one digest.
    listed = [log["s3Object"] for key in digests for log in json.loads(gzip.decompress(bucket.read(key)))["logFiles"]]
    assert sorted(listed) == sorted(bucket.logs())
    # The keys rotated: the digests were signed with more than one key, all listed by ListPublicKeys.
    fingerprints = {json.loads(gzip.decompress(bucket.read(k)))["digestPublicKeyFingerprint"] for k in digests}
    assert len(fingerprints) >= 2
    keys = client.list_public_keys(StartTime=start, EndTime=otlib.utcnow() + dt.timedelta(hours=1))["PublicKeyList"]
    assert fingerprints <= {k["Fingerprint"] for k in keys}
    status = client.get_trail_status(Name=arn)
    assert "LatestDigestDeliveryTime" in status and "LatestDigestDeliveryError" not in status


@pytest.mark.aws_cli
def test_aws_cli_validates_every_digest_and_log_file(validated):
    srv, client, bucket, arn, start, s3_endpoint = validated
    code, out, err = aws_validate(srv, arn, start, s3_endpoint)
    digests, logs = len(bucket.digests()), len(bucket.logs())
    assert code == 0, out + err
    assert f"{digests}/{digests} digest files valid" in out, out + err
    assert f"{logs}/{logs} log files valid" in out, out + err
    assert "INVALID" not in out + err


@pytest.mark.aws_cli
def test_aws_cli_reports_each_kind_of_tampering(validated):
    srv, client, bucket, arn, start, s3_endpoint = validated
    digests, logs = bucket.digests(), bucket.logs()

    def check(expected: str):
        code, out, err = aws_validate(srv, arn, start, s3_endpoint)
        assert code == 1, out + err
        assert expected in err, out + err
        # opentrail validate-logs reports the same problem, the same way.
        assert_agree(srv, arn, start, s3_endpoint)

    # A modified log file.
    victim = logs[0]
    original = bucket.read(victim)
    bucket.replace(victim, gzip.compress(b'{"Records":[]}'))
    check(f"Log file\ts3://{bucket.name}/{victim}\tINVALID: hash value doesn't match")
    bucket.replace(victim, original)
    # A deleted log file.
    saved = bucket.read(victim)
    bucket.delete(victim)
    check(f"Log file\ts3://{bucket.name}/{victim}\tINVALID: not found")
    bucket.replace(victim, saved) if bucket.s3 is None else None
    if bucket.s3 is not None:
        bucket.s3.put_object(Bucket=bucket.name, Key=victim, Body=saved)
    # A modified digest (its signature no longer matches).
    middle = digests[len(digests) // 2]
    original = bucket.read(middle)
    body = json.loads(gzip.decompress(original))
    body["logFiles"] = []
    bucket.replace(middle, gzip.compress(json.dumps(body).encode()))
    check(f"Digest file\ts3://{bucket.name}/{middle}\tINVALID: signature verification failed")
    bucket.replace(middle, original)
    # A deleted digest in the middle of the chain.
    if bucket.s3 is not None:
        metadata = bucket.metadata(middle)
        bucket.delete(middle)
        check(f"Digest file\ts3://{bucket.name}/{middle}\tINVALID: not found")
        bucket.s3.put_object(Bucket=bucket.name, Key=middle, Body=original, Metadata=metadata)
    else:
        path = srv.data_dir / "buckets" / bucket.name / middle
        moved = path.with_name(path.name + ".aside")
        shutil.move(path, moved)
        check(f"Digest file\ts3://{bucket.name}/{middle}\tINVALID: not found")
        shutil.move(moved, path)
    # A digest copied to another place of the chain's folder (a later name, so validators start there).
    if bucket.s3 is not None:
        newest = digests[-1]
        stamp = newest[-24:-8]
        later = dt.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ") + dt.timedelta(minutes=30)
        moved = newest[:-24] + later.strftime("%Y%m%dT%H%M%SZ") + ".json.gz"
        bucket.copy(newest, moved)
        check(f"Digest file\ts3://{bucket.name}/{moved}\tINVALID: has been moved from its original location")
        bucket.s3.delete_object(Bucket=bucket.name, Key=moved)
    # Everything restored: valid again.
    code, out, err = aws_validate(srv, arn, start, s3_endpoint)
    assert code == 0, out + err


@pytest.mark.aws_cli
def test_opentrail_validate_logs_agrees_and_catches_what_the_aws_cli_misses(validated):
    srv, client, bucket, arn, start, s3_endpoint = validated
    code, out, err = assert_agree(srv, arn, start, s3_endpoint)
    digests, logs = bucket.digests(), bucket.logs()
    assert code == 0 and f"{len(digests)}/{len(digests)} digest files valid" in out, out + err
    assert f"{len(logs)}/{len(logs)} log files valid" in out, out + err

    def remove(key):
        if bucket.s3 is not None:
            bucket.delete(key)
        else:
            (srv.data_dir / "buckets" / bucket.name / key).unlink()

    # Chain-end truncation: the newest digest deleted. The AWS CLI starts from the newest digest it finds and
    # sees nothing wrong; OpenTrail checks the bucket against the digests it delivered.
    newest = digests[-1]
    remove(newest)
    code, out, err = aws_validate(srv, arn, start, s3_endpoint)
    assert code == 0 and "INVALID" not in out + err, out + err
    code, out, err = ot_validate(srv, arn, start, s3_endpoint)
    assert code == 1, out + err
    assert f"Digest file\ts3://{bucket.name}/{newest}\tINVALID: not found" in err, out + err
    # Two consecutive digests deleted: the AWS CLI names only the first one it follows a link to.
    first, second = digests[1], digests[2]
    remove(first)
    remove(second)
    code, out, err = aws_validate(srv, arn, start, s3_endpoint)
    assert code == 1
    assert not (first in err and second in err), "the AWS CLI was expected to miss one of two deleted digests"
    code, out, err = ot_validate(srv, arn, start, s3_endpoint)
    assert code == 1
    for key in (newest, first, second):
        assert f"Digest file\ts3://{bucket.name}/{key}\tINVALID: not found" in err, out + err


@pytest.mark.opentrail_cli
def test_opentrail_validate_logs_reads_the_embedded_store_and_downloaded_files(fresh_server, tmp_path):
    srv = fresh_server(config=config())
    client = srv.client()
    name = bucket_name = otlib.unique_name("offline").lower()
    arn, start = run_trail(srv, client, bucket_name, name, periods=3)
    # Straight from the data directory.
    code, out, err = ot_validate(srv, arn, start, srv.endpoint, extra=["--data-dir", str(srv.data_dir)])
    assert code == 0 and "INVALID" not in out + err, out + err
    # Offline: `aws s3 sync` of the bucket, each digest's head-object output beside it, list-public-keys output.
    key, secret = srv.root_credentials()
    env = dict(os.environ, AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret, AWS_DEFAULT_REGION=REGION,
               AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    local = tmp_path / "download"
    subprocess.run(["aws", "--endpoint-url", srv.endpoint, "s3", "sync", f"s3://{bucket_name}", str(local)],
                   env=env, check=True, capture_output=True)
    for path in local.rglob("*.json.gz"):
        relative = str(path.relative_to(local))
        if "/CloudTrail-Digest/" in relative:
            head = subprocess.run(["aws", "--endpoint-url", srv.endpoint, "s3api", "head-object", "--bucket",
                                   bucket_name, "--key", relative], env=env, check=True, capture_output=True,
                                  text=True).stdout
            path.with_name(path.name + ".metadata.json").write_text(head)
    keys_file = tmp_path / "keys.json"
    keys_file.write_text(subprocess.run(
        ["aws", "--endpoint-url", srv.endpoint, "cloudtrail", "list-public-keys", "--start-time",
         start.strftime("%Y-%m-%dT%H:%M:%SZ")], env=env, check=True, capture_output=True, text=True).stdout)
    offline = ["--directory", str(local), "--public-keys", str(keys_file), "--s3-bucket", bucket_name]
    code, out, err = ot_validate(srv, arn, start, srv.endpoint, extra=offline)
    assert code == 0 and "INVALID" not in out + err, out + err
    logs = sorted(p for p in local.rglob("*.json.gz") if "/CloudTrail/" in str(p))
    logs[0].write_bytes(gzip.compress(b'{"Records":[]}'))
    code, out, err = ot_validate(srv, arn, start, srv.endpoint, extra=offline)
    assert code == 1 and "INVALID: hash value doesn't match" in err, out + err


def test_list_public_keys_follows_the_model(fresh_server):
    srv = fresh_server(config=config())
    client = srv.client()
    now = otlib.utcnow()
    # No range: the current key of the region, created on demand.
    keys = client.list_public_keys()["PublicKeyList"]
    assert len(keys) == 1
    key = keys[0]
    assert re.fullmatch(r"[0-9a-f]{32}", key["Fingerprint"])
    import hashlib
    assert hashlib.md5(key["Value"]).hexdigest() == key["Fingerprint"]
    assert key["Value"][:4] == b"\x30\x82\x01\x0a"  # DER SEQUENCE of a 2048-bit PKCS#1 RSAPublicKey
    assert key["ValidityStartTime"] <= now + dt.timedelta(seconds=5) <= key["ValidityEndTime"] + dt.timedelta(seconds=5)
    # Each region has its own keys.
    west = srv.client(region="us-west-2").list_public_keys()["PublicKeyList"]
    assert west and west[0]["Fingerprint"] != key["Fingerprint"]
    # A range before any key: none.
    old = client.list_public_keys(StartTime=now - dt.timedelta(days=3), EndTime=now - dt.timedelta(days=2))
    assert old["PublicKeyList"] == []
    otlib.assert_client_error("InvalidTimeRangeException", client.list_public_keys,
                              StartTime=now, EndTime=now - dt.timedelta(hours=1))
    otlib.assert_client_error("InvalidTokenException", client.list_public_keys, NextToken="abc")


@pytest.mark.aws_cli
def test_stopping_logging_ends_the_chain_and_the_aws_cli_reports_the_gap(fresh_server, moto):
    s3 = moto.s3()
    bucket = otlib.unique_name("gap").lower()
    s3.create_bucket(Bucket=bucket)
    srv = fresh_server(config=otlib.s3_store_config(moto.endpoint, extra=config().split("\n", 2)[2]))
    client = srv.client()
    arn = client.create_trail(Name="gap", S3BucketName=bucket, EnableLogFileValidation=True)["TrailARN"]
    start = otlib.utcnow() - dt.timedelta(minutes=1)
    client.start_logging(Name="gap")
    ingest(srv)
    flush_digests(srv)
    time.sleep(1.1)
    client.stop_logging(Name="gap")
    ingest(srv)
    report = otlib.flush(srv)  # the final digest needs no forced seal
    assert report["digests"].get(arn), report
    view = Bucket(bucket, s3=s3)
    final = json.loads(gzip.decompress(view.read(view.digests()[-1])))
    time.sleep(1.1)
    client.start_logging(Name="gap")
    ingest(srv)
    flush_digests(srv)
    keys = view.digests()
    first_of_new_chain = json.loads(gzip.decompress(view.read(keys[-1])))
    assert first_of_new_chain["previousDigestSignature"] is None
    assert first_of_new_chain["digestStartTime"] >= final["digestEndTime"]
    assert len(set(keys)) == len(keys) >= 3
    code, out, err = aws_validate(srv, arn, start, moto.endpoint)
    assert code == 0, out + err
    assert "No log files were delivered by CloudTrail between" in err, out + err
    assert "INVALID" not in out + err
    # Turning validation off ends the chain the same way: with one final digest, written by the first delivery
    # pass past the change. That is the flush, or a background pass just before it when nothing was waiting
    # to be delivered at the change (so the flush's report is not where to look for it: the bucket is).
    before = set(view.digests())
    client.update_trail(Name="gap", EnableLogFileValidation=False)
    ingest(srv)
    otlib.flush(srv)
    final_keys = [key for key in view.digests() if key not in before]
    assert len(final_keys) == 1, final_keys
    assert otlib.flush(srv)["digests"] == {}


def test_signing_keys_are_owner_only_and_sealed_with_the_master_key(fresh_server, tmp_path):
    import base64
    import stat
    master = tmp_path / "signing-master.key"
    master.write_text(base64.b64encode(os.urandom(32)).decode())
    srv = fresh_server(config=config(f"signingKeyMasterKeyFile: {master}\n"))
    client = srv.client()
    bucket = otlib.unique_name("sealed").lower()
    arn = client.create_trail(Name="sealed", S3BucketName=bucket, EnableLogFileValidation=True)["TrailARN"]
    client.start_logging(Name="sealed")
    ingest(srv)
    flush_digests(srv)
    time.sleep(1.1)
    assert flush_digests(srv)["digests"].get(arn)
    key_dir = srv.data_dir / "signing-keys"
    assert stat.S_IMODE(key_dir.stat().st_mode) == 0o700
    files = list(key_dir.rglob("*.json"))
    assert files
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        content = json.loads(path.read_text())
        assert "privateKey" not in content and content["sealedPrivateKey"]
        assert "PRIVATE" not in path.read_text()
    code, out, err = aws_validate(srv, arn, otlib.utcnow() - dt.timedelta(minutes=2), srv.endpoint)
    assert code == 0, out + err
    srv.stop()
    # Without the master key (or with another one) the server refuses to start rather than make new keys.
    srv.config.write_text(config())
    proc = subprocess.run(srv.command(), env=srv.environment(), capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert "signing key" in proc.stderr + proc.stdout and "sealed" in proc.stderr + proc.stdout
    assert master.read_text().strip() not in proc.stderr + proc.stdout
