"""Writes wrk scripts that send SigV4-signed LookupEvents requests (signed by botocore, the reference).

Each script holds 100 pre-signed requests with varying attribute values and cycles through them; the
signatures stay valid for the server's 15-minute clock window, longer than a benchmark run.
"""
import argparse
import json
import os
import random

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

END = 1795132800  # 2026-11-20T00:00:00Z, the end of the synthetic events' 90 days
DAY = 86400
TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"


def event_id(index):
    # Mirrors SyntheticEvents.eventID in Benchmarks/OpenTrailBench (SplitMix64 of index * golden ratio).
    mask = (1 << 64) - 1
    state = (index * 0x9E3779B97F4A7C15) & mask
    out = []
    for _ in range(2):
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        out.append(z ^ (z >> 31))
    h = "%016x%016x" % (out[0], out[1])
    return f"{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def attribute(key, rnd, events):
    if key == "EventId":
        return event_id(rnd.randrange(events))
    if key == "EventName":
        return f"Operation{rnd.randrange(200)}"
    if key == "ReadOnly":
        return rnd.choice(["true", "false"])
    if key == "Username":
        return f"user{rnd.randrange(50)}"
    if key == "ResourceType":
        return f"AWS::Service{rnd.randrange(10)}::Thing"
    if key == "ResourceName":
        return f"arn:aws:service:us-east-1:123456789012:thing/{rnd.randrange(10000)}"
    if key == "EventSource":
        return f"service{rnd.randrange(20)}.amazonaws.com"
    if key == "AccessKeyId":
        return "AKIA%06dBENCH%05d" % (rnd.randrange(50), rnd.randrange(2))
    raise ValueError(key)


def body(key, window, rnd, events):
    b = {"MaxResults": 50}
    if key:
        b["LookupAttributes"] = [{"AttributeKey": key, "AttributeValue": attribute(key, rnd, events)}]
    if window == "1-day":
        start = END - (1 + rnd.randrange(89)) * DAY
        b["StartTime"], b["EndTime"] = start, start + DAY
    else:
        b["StartTime"], b["EndTime"] = END - 90 * DAY, END
    return json.dumps(b)


def signed(endpoint, payload, creds):
    req = AWSRequest(method="POST", url=endpoint + "/", data=payload,
                     headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": TARGET})
    SigV4Auth(creds, "cloudtrail", "us-east-1").add_auth(req)
    # Host is part of the signature: send exactly what was signed (wrk would add its own otherwise).
    headers = dict(req.headers.items())
    headers["Host"] = endpoint.split("://", 1)[1].rstrip("/")
    return headers


def lua(requests, label):
    lines = ["local requests = {}"]
    for i, (headers, payload) in enumerate(requests):
        h = ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items())
        lines.append(f"requests[{i + 1}] = wrk.format(\"POST\", \"/\", {{{h}}}, {json.dumps(payload)})")
    lines += [
        "local i = 0",
        "request = function() i = i % #requests + 1; return requests[i] end",
        "done = function(summary, latency, requests)",
        "  if summary.errors.status > 0 then",
        f"    io.write(string.format(\"| {label} | INVALID RUN: %d non-2xx responses | | |\\n\", summary.errors.status))",
        "  else",
        f"    io.write(string.format(\"| {label} | %.2f | %.2f | %.0f |\\n\", latency:percentile(50) / 1000,"
        " latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6)))",
        "  end",
        "end",
    ]
    return "\n".join(lines) + "\n"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--events", type=int, default=1000000)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    creds = Credentials(os.environ["OPENTRAIL_ROOT_ACCESS_KEY_ID"], os.environ["OPENTRAIL_ROOT_SECRET_ACCESS_KEY"])
    keys = [None, "EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId"]
    mixed = []
    n = 0
    for key in keys:
        for window in ["90-day", "1-day"]:
            rnd = random.Random(f"{key}-{window}")
            reqs = []
            for _ in range(100):
                payload = body(key, window, rnd, a.events)
                reqs.append((signed(a.endpoint, payload, creds), payload))
            label = f"{key or 'no attribute'}, {window} window"
            n += 1
            with open(os.path.join(a.out, f"shape-{n:02d}.lua"), "w") as f:
                f.write(lua(reqs, label))
            mixed += reqs[:12]
    with open(os.path.join(a.out, "mixed.lua"), "w") as f:
        f.write(lua(mixed, "mixed shapes"))


if __name__ == "__main__":
    main()
