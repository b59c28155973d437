"""End-to-end delivery latency: PutAuditEvents acknowledged -> the log file holding the event visible in the
trail's bucket, on the local store, with a 1-second delivery window. Prints p50/p90/p99/max.

One sender acknowledges an event every `--interval` seconds; a watcher lists the bucket directory every 5 ms
and notes when each eventID first appears in a newly renamed file (files are renamed into place, so a file
that is listed is complete)."""

from __future__ import annotations

import argparse
import gzip
import json
import os
import threading
import time

import boto3
from botocore.config import Config


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--bucket-dir", required=True)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--interval", type=float, default=0.05)
    args = parser.parse_args()
    config = Config(retries={"max_attempts": 1})
    ct = boto3.client("cloudtrail", endpoint_url=args.endpoint, region_name="us-east-1", config=config)
    data = boto3.client("cloudtrail-data", endpoint_url=args.endpoint, region_name="us-east-1", config=config)
    ct.create_trail(Name="latency", S3BucketName=os.path.basename(args.bucket_dir))
    ct.start_logging(Name="latency")
    channel = ct.create_channel(Name="latency", Source="Custom", Destinations=[
        {"Type": "EVENT_DATA_STORE", "Location": "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/x"}
    ])["ChannelArn"]

    acked: dict[str, float] = {}
    seen: dict[str, float] = {}
    done = threading.Event()

    def watch() -> None:
        known: set[str] = set()
        while not done.is_set() or len(seen) < len(acked):
            now = time.monotonic()
            for root, _, names in os.walk(args.bucket_dir):
                for name in names:
                    path = os.path.join(root, name)
                    if name.endswith(".json.gz") and path not in known:
                        known.add(path)
                        with open(path, "rb") as f:
                            for record in json.loads(gzip.decompress(f.read()))["Records"]:
                                seen.setdefault(record["eventID"], now)
            if done.is_set() and time.monotonic() - last_ack[0] > 10:
                return
            time.sleep(0.005)

    last_ack = [time.monotonic()]
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    for i in range(args.events):
        event_data = json.dumps({
            "version": "1.0", "userIdentity": {"type": "AppUser", "principalId": "bench"},
            "eventSource": "bench.example.com", "eventName": "Ping", "UID": f"u-{i}",
            "eventTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "recipientAccountId": "123456789012",
        })
        answer = data.put_audit_events(channelArn=channel, auditEvents=[{"id": f"e{i}", "eventData": event_data}])
        acked[answer["successful"][0]["eventID"]] = time.monotonic()
        last_ack[0] = time.monotonic()
        time.sleep(args.interval)
    done.set()
    watcher.join(timeout=30)
    latencies = sorted(seen[e] - t for e, t in acked.items() if e in seen)
    missing = len(acked) - len(latencies)

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    print(f"delivery latency, 1 s window, local store, {len(acked)} PutAuditEvents events "
          f"({missing} not seen): p50 {pct(0.5):.0f} ms, p90 {pct(0.9):.0f} ms, p99 {pct(0.99):.0f} ms, "
          f"max {latencies[-1] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
