"""`scripts/bench validate`: a validating trail with at least 24 digests and 1,000 log files, then
`aws cloudtrail validate-logs` and `opentrail validate-logs` through the same S3 endpoint (OpenTrail's own
S3 read API) in the same run, and `opentrail validate-logs --data-dir` on the local files against gunzip +
SHA-256 alone (`opentrail-bench inflate-hash`). Prints Markdown rows for docs/PERFORMANCE.md."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import boto3
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

KEY, SECRET = "AKIABENCH00000000001", "bench-secret-0123456789abcdefghij"
ACCOUNT, REGION = "123456789012", "us-east-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def signed_post(endpoint: str, path: str, body: bytes, service: str = "opentrail") -> requests.Response:
    request = AWSRequest(method="POST", url=endpoint + path, data=body, headers={"Content-Type": "application/json"})
    SigV4Auth(Credentials(KEY, SECRET), service, REGION).add_auth(request)
    return requests.post(endpoint + path, data=body, headers=dict(request.headers), timeout=300)


def record(size: int) -> dict:
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "eventVersion": "1.11", "eventTime": now, "eventSource": "s3.amazonaws.com", "eventName": "PutObject",
        "awsRegion": REGION, "sourceIPAddress": "192.0.2.10", "userAgent": "bench",
        "userIdentity": {"type": "IAMUser", "principalId": "AIDABENCH", "arn": f"arn:aws:iam::{ACCOUNT}:user/bench",
                         "accountId": ACCOUNT, "userName": "bench"},
        "requestParameters": {"bucketName": "bench", "key": "k/" + uuid.uuid4().hex, "pad": "x" * size},
        "responseElements": None, "eventID": str(uuid.uuid4()), "eventType": "AwsApiCall",
        "managementEvent": True, "readOnly": False, "recipientAccountId": ACCOUNT, "eventCategory": "Management",
    }


def timed(args, env) -> tuple[float, subprocess.CompletedProcess]:
    started = time.monotonic()
    proc = subprocess.run(args, env=env, capture_output=True, text=True)
    return time.monotonic() - started, proc


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="directory with opentrail and opentrail-bench (release)")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--digests", type=int, default=25)
    parser.add_argument("--records", type=int, default=100, help="records per log file")
    parser.add_argument("--record-size", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each validator (median reported)")
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="opentrail-bench-validate-"))
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    env = dict(os.environ, OPENTRAIL_ROOT_ACCESS_KEY_ID=KEY, OPENTRAIL_ROOT_SECRET_ACCESS_KEY=SECRET)
    config = data / "opentrail.yaml"
    config.write_text(f'accountId: "{ACCOUNT}"\nregion: {REGION}\nregions: [{REGION}]\n')
    server = subprocess.Popen([f"{args.bin}/opentrail", "serve", "--data-dir", str(data / "data"), "--host",
                               "127.0.0.1", "--port", str(port), "--config", str(config), "--log-level", "warning"],
                              env=env)
    try:
        for _ in range(200):
            try:
                requests.get(endpoint + "/healthz", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.1)
        client = boto3.client("cloudtrail", endpoint_url=endpoint, region_name=REGION,
                              aws_access_key_id=KEY, aws_secret_access_key=SECRET)
        arn = client.create_trail(Name="bench", S3BucketName="bench-validation",
                                  EnableLogFileValidation=True)["TrailARN"]
        client.start_logging(Name="bench")
        start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
        per_digest = max(1, args.files // args.digests)
        files = digests = 0
        last_seal = time.monotonic()
        built = time.monotonic()
        while files < args.files or digests < args.digests:
            body = json.dumps({"Records": [record(args.record_size) for _ in range(args.records)]}).encode()
            resp = signed_post(endpoint, "/v1/events", body)
            assert resp.status_code == 200, resp.text
            seal = (files + 1) % per_digest == 0
            if seal:
                time.sleep(max(0.0, 1.05 - (time.monotonic() - last_seal)) if digests else 0.0)
            report = signed_post(endpoint, "/v1/delivery/flush", b'{"digests": true}' if seal else b"").json()
            files += len(report["delivered"].get(arn, []))
            if seal:
                digests += len(report["digests"].get(arn, []))
                last_seal = time.monotonic()
        time.sleep(1.05)
        digests += len(signed_post(endpoint, "/v1/delivery/flush", b'{"digests": true}').json()["digests"].get(arn, []))
        print(f"built {files} log files and {digests} digests in {time.monotonic() - built:.0f} s")
        bucket_dir = data / "data" / "buckets" / "bench-validation"
        cli_env = dict(env, AWS_ACCESS_KEY_ID=KEY, AWS_SECRET_ACCESS_KEY=SECRET, AWS_DEFAULT_REGION=REGION,
                       AWS_ENDPOINT_URL_S3=endpoint, AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
        since = start.strftime("%Y-%m-%dT%H:%M:%SZ")
        subprocess.run(["cat"] + [str(p) for p in bucket_dir.rglob("*.json.gz")], stdout=subprocess.DEVNULL)

        commands = {
            "aws": ["aws", "cloudtrail", "validate-logs", "--trail-arn", arn, "--start-time", since,
                    "--endpoint-url", endpoint, "--region", REGION],
            "ours": [f"{args.bin}/opentrail", "validate-logs", "--trail-arn", arn, "--start-time", since,
                     "--endpoint-url", endpoint, "--region", REGION],
            "local": [f"{args.bin}/opentrail", "validate-logs", "--trail-arn", arn, "--start-time", since,
                      "--data-dir", str(data / "data"), "--endpoint-url", endpoint, "--region", REGION],
        }
        # Interleaved repeats, so that a noisy moment on the machine does not favour one validator; the
        # median of each is reported, with the range.
        times = {name: [] for name in commands}
        procs = {}
        for _ in range(args.repeat):
            for name, command in commands.items():
                seconds, procs[name] = timed(command, cli_env)
                times[name].append(seconds)
        aws_seconds, ours_seconds, local_seconds = (statistics.median(times[n]) for n in ("aws", "ours", "local"))
        aws, ours, local = procs["aws"], procs["ours"], procs["local"]
        for name, values in times.items():
            print(f"{name}: " + ", ".join(f"{v:.2f}" for v in values) + " s")
        floors = {}
        for threads in (1, os.cpu_count() or 1):
            floor = subprocess.run([f"{args.bin}/opentrail-bench", "inflate-hash", "--directory", str(bucket_dir),
                                    "--threads", str(threads)], capture_output=True, text=True)
            print(floor.stdout.strip())
            floors[threads] = float(floor.stdout.split(" = ")[1].split(" MB/s")[0])
        for name, proc in (("aws", aws), ("opentrail (S3 API)", ours), ("opentrail (local)", local)):
            summary = [line for line in proc.stdout.splitlines() if "files valid" in line or "INVALID" in line]
            print(f"{name}: exit {proc.returncode}: {'; '.join(summary)}")
            if proc.returncode != 0:
                print(proc.stdout[-2000:], proc.stderr[-2000:])
        uncompressed = float(floors and subprocess.run(
            [f"{args.bin}/opentrail-bench", "inflate-hash", "--directory", str(bucket_dir)], capture_output=True,
            text=True).stdout.split("files, ")[1].split(" MB")[0])
        print()
        print("| validator (same trail, same run) | seconds | MB/s of uncompressed log | vs aws |")
        print("|---|---|---|---|")
        print(f"| aws cloudtrail validate-logs (OpenTrail S3 API) | {aws_seconds:.2f} | {uncompressed / aws_seconds:.0f} | 1.0 |")
        print(f"| opentrail validate-logs (OpenTrail S3 API) | {ours_seconds:.2f} | {uncompressed / ours_seconds:.0f} | "
              f"{aws_seconds / ours_seconds:.1f}x |")
        print(f"| opentrail validate-logs --data-dir | {local_seconds:.2f} | {uncompressed / local_seconds:.0f} | "
              f"{aws_seconds / local_seconds:.1f}x |")
        for threads, rate in floors.items():
            print(f"| gunzip + SHA-256 alone, {threads} thread(s) | | {rate:.0f} | local validator at "
                  f"{uncompressed / local_seconds / rate:.2f} of it |")
        if os.environ.get("KEEP"):
            print("kept:", endpoint, arn, since, data)
            time.sleep(600)
    finally:
        server.terminate()
        server.wait()
        if not os.environ.get("KEEP"):
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
