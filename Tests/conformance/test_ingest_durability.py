"""Ingest durability: what PutAuditEvents (and /v1/events) acknowledged survives a crash (SIGKILL)
and a graceful shutdown (SIGTERM) in the middle of a steady multi-client stream, exactly once."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import BotoCoreError, ClientError

import otlib
from otlib import ROOT_KEY, ROOT_SECRET, audit_event, find_events, lookup_event_id, make_data_client

EDS = [{"Type": "EVENT_DATA_STORE", "Location": otlib.EDS_LOCATION}]


class Stream:
    """`threads` clients, each sending batches of `batch` events with distinct ids (a short pause
    between batches) until told to stop, its time is up, or a request fails (the server is gone)."""

    def __init__(self, srv, channel, *, threads=4, batch=20, pause=0.05, seconds=3.0):
        self.endpoint, self.channel = srv.endpoint, channel
        self.threads, self.batch, self.pause, self.seconds = threads, batch, pause, seconds
        self.source = f"durable-{uuid.uuid4().hex[:10]}.example.com"
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.acked: dict[str, str] = {}        # id -> eventID, from `successful`
        self.uids: dict[str, str] = {}         # id -> eventData.UID, for every id sent
        self.acked_batches: list[list[dict]] = []
        self.unanswered: list[tuple[list[dict], str]] = []  # (batch, error) of requests that failed
        self.rejected: list[dict] = []         # `failed` entries (none expected: every event is valid)
        self.workers = [threading.Thread(target=self._run, args=(t,), daemon=True) for t in range(threads)]

    def start(self):
        for w in self.workers:
            w.start()
        return self

    def alive(self) -> int:
        return sum(w.is_alive() for w in self.workers)

    def join(self, timeout=30):
        deadline = time.monotonic() + timeout
        for w in self.workers:
            w.join(max(0.1, deadline - time.monotonic()))
        assert not self.alive(), "a client thread is still blocked on the server"

    def _run(self, t):
        client = make_data_client(self.endpoint, ROOT_KEY, ROOT_SECRET)
        deadline = time.monotonic() + self.seconds
        n = 0
        while not self.stop.is_set() and time.monotonic() < deadline:
            events = [audit_event(f"t{t}-b{n}-e{k}", eventSource=self.source) for k in range(self.batch)]
            n += 1
            with self.lock:
                for e in events:
                    self.uids[e["id"]] = json.loads(e["eventData"])["UID"]
            try:
                resp = client.put_audit_events(channelArn=self.channel, auditEvents=events)
            except (BotoCoreError, ClientError) as err:
                with self.lock:
                    self.unanswered.append((events, repr(err)))
                return
            with self.lock:
                self.acked_batches.append(events)
                self.rejected += resp["failed"]
                for s in resp["successful"]:
                    self.acked[s["id"]] = s["eventID"]
            time.sleep(self.pause)


def run_until_interrupted(srv, channel, interrupt, *, after=1.5) -> Stream:
    stream = Stream(srv, channel).start()
    time.sleep(after)
    assert stream.alive() == stream.threads, "the stream ended before the interruption"
    assert stream.acked, "nothing was acknowledged before the interruption"
    result = interrupt()
    stream.join()
    assert stream.rejected == [], f"valid events were refused: {stream.rejected[:3]}"
    stream.result = result
    return stream


def verify_acknowledged(srv, stream: Stream):
    """Every acknowledged eventID is found by LookupEvents(EventId), once, as sent."""
    local = threading.local()

    def check(item):
        ident, event_id = item
        if not hasattr(local, "client"):
            local.client = srv.client()
        events = lookup_event_id(local.client, event_id)
        if len(events) != 1:
            return f"{ident} ({event_id}): found {len(events)} times"
        record = json.loads(events[0]["CloudTrailEvent"])
        if record["eventData"]["UID"] != stream.uids[ident] or record["metadata"]["channelARN"] != stream.channel:
            return f"{ident} ({event_id}): another event under its eventID: {record}"
        return None

    with ThreadPoolExecutor(4) as pool:
        problems = [p for p in pool.map(check, list(stream.acked.items())) if p]
    assert not problems, f"{len(problems)} of {len(stream.acked)} acknowledged events: {problems[:5]}"


def stored_by_source(client, stream: Stream) -> list[dict]:
    records = [r for _, r in find_events(client, "EventSource", stream.source)]
    ids = [r["eventID"] for r in records]
    assert len(ids) == len(set(ids)), f"{len(ids) - len(set(ids))} events appear twice"
    uids = [r["eventData"]["UID"] for r in records]
    assert len(uids) == len(set(uids)), f"{len(uids) - len(set(uids))} audit events were stored twice"
    sent = set(stream.uids.values())
    assert set(uids) <= sent, "events that were never sent"
    assert set(ids) >= set(stream.acked.values()), "acknowledged events missing from the history"
    return records


def retry_and_check_exactly_once(srv, stream: Stream):
    """Clients retry what got no answer (and some of what did): same eventIDs, each stored once."""
    client = make_data_client(srv.endpoint, ROOT_KEY, ROOT_SECRET)
    retried = [events for events, _ in stream.unanswered] + [stream.acked_batches[0], stream.acked_batches[-1]]
    final = dict(stream.acked)
    for events in retried:
        resp = client.put_audit_events(channelArn=stream.channel, auditEvents=events)
        assert resp["failed"] == [], resp["failed"]
        for s in resp["successful"]:
            if s["id"] in stream.acked:
                assert s["eventID"] == stream.acked[s["id"]], "a retried id got another eventID"
            final[s["id"]] = s["eventID"]
    records = stored_by_source(srv.client(), stream)
    assert sorted(r["eventID"] for r in records) == sorted(final.values())


def new_channel(srv) -> str:
    return srv.client().create_channel(Name="durable", Source="Custom", Destinations=EDS)["ChannelArn"]


def test_put_audit_events_survive_kill_9(fresh_server):
    srv = fresh_server()
    channel = new_channel(srv)
    stream = run_until_interrupted(srv, channel, srv.kill)
    assert stream.unanswered, "no request was cut off by the crash"
    srv.start()
    verify_acknowledged(srv, stream)
    stored_by_source(srv.client(), stream)
    retry_and_check_exactly_once(srv, stream)


def test_put_audit_events_survive_sigterm(fresh_server):
    srv = fresh_server()
    channel = new_channel(srv)
    stream = run_until_interrupted(srv, channel, srv.stop)
    assert stream.result == 0, f"opentrail serve exited with {stream.result} on SIGTERM"
    # In-flight requests either completed (acknowledged: checked below) or failed at the client (retried
    # below); no request may hang (Stream.join).
    srv.start()
    verify_acknowledged(srv, stream)
    stored_by_source(srv.client(), stream)
    retry_and_check_exactly_once(srv, stream)


def test_batch_records_survive_kill_9(fresh_server):
    srv = fresh_server()
    # Recent event times: the default 90-day retention purges older records (by eventTime) at startup.
    event_time = (otlib.utcnow() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    records = [{"eventVersion": "1.08", "eventID": str(uuid.uuid4()), "eventName": "Durable",
                "eventSource": "durable.example.com", "eventTime": event_time, "n": i}
               for i in range(300)]
    resp = otlib.post_batch(srv.endpoint, records)
    assert resp.status_code == 200 and resp.json()["stored"] == 300, resp.text
    srv.kill()
    srv.start()
    client = srv.client()
    for rec in records:
        (event,) = lookup_event_id(client, rec["eventID"])
        assert json.loads(event["CloudTrailEvent"]) == rec
    again = otlib.post_batch(srv.endpoint, records).json()
    assert (again["stored"], again["duplicates"]) == (0, 300)


def test_channels_survive_restart_and_crash(fresh_server):
    srv = fresh_server()
    client = srv.client()
    arn = client.create_channel(Name="keep", Source="Custom", Destinations=EDS,
                                Tags=[{"Key": "team", "Value": "sec"}])["ChannelArn"]
    gone = client.create_channel(Name="gone", Source="Custom", Destinations=EDS)["ChannelArn"]
    client.update_channel(Channel=arn, Name="kept", Destinations=[{"Type": "AWS_SERVICE", "Location": "partner"}])
    client.delete_channel(Channel=gone)
    before = client.get_channel(Channel=arn)
    before.pop("ResponseMetadata")
    before.pop("IngestionStatus", None)
    for restart in ("stop", "kill"):
        getattr(srv, restart)()
        srv.start()
        client = srv.client()
        after = client.get_channel(Channel=arn)
        after.pop("ResponseMetadata")
        after.pop("IngestionStatus", None)
        assert after == before, restart
        assert [c["ChannelArn"] for c in client.list_channels()["Channels"]] == [arn]
        assert client.list_tags(ResourceIdList=[arn])["ResourceTagList"][0]["TagsList"] == [
            {"Key": "team", "Value": "sec"}]
        otlib.assert_client_error("ChannelNotFoundException", client.get_channel, Channel=gone)


def test_ingestion_status_survives_restart(fresh_server):
    srv = fresh_server()
    channel = new_channel(srv)
    data = make_data_client(srv.endpoint, ROOT_KEY, ROOT_SECRET)
    data.put_audit_events(channelArn=channel, auditEvents=[audit_event()])
    before = srv.client().get_channel(Channel=channel)["IngestionStatus"]
    assert "LatestIngestionSuccessTime" in before, before
    assert srv.stop() == 0
    srv.start()
    after = srv.client().get_channel(Channel=channel)["IngestionStatus"]
    assert after == before
