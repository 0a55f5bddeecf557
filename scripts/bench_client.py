"""The client's own overhead per call against raw httpx + json (part of ``make bench``).

Both sides call ``GET /v3/meeting/{id}`` on the same in-process ``httpx.MockTransport``
(no network, no server), many times, in one run; the medians are compared. Results and
the command go to ``bench/results.md``.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from uuid import UUID

import httpx
from meedio_client import MeedioClient
from meedio_client.api.meeting import get_meeting

ROOT = Path(__file__).resolve().parent.parent
MEETING_ID = "e91254af-e761-4fdb-abe8-b4b1f7f02415"
BODY = json.dumps(
    {
        "id": MEETING_ID,
        "isInfinite": False,
        "redirectUrl": f"https://p2p.meedio.me/meetings/{MEETING_ID}",
    }
).encode()
CALLS, ROUNDS = 2000, 7


def _handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=BODY, headers={"content-type": "application/json"})


def _per_call(fn: object, calls: int) -> float:
    assert callable(fn)
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls * 1e6


def run() -> str:
    transport = httpx.MockTransport(_handler)
    raw = httpx.Client(base_url="https://api.meedio.me/api", transport=transport)
    headers = {"API_KEY": "k", "API_SECRET": "s"}
    client = MeedioClient("k", "s", "https://api.meedio.me/api", transport=transport)
    meeting_id = UUID(MEETING_ID)

    def raw_call() -> None:
        response = raw.get(f"/v3/meeting/{MEETING_ID}", headers=headers)
        json.loads(response.content)

    def client_call() -> None:
        get_meeting.sync(meeting_id, client=client)

    for fn in (raw_call, client_call):  # warm up
        _per_call(fn, 200)
    raw_runs, client_runs = [], []
    for _ in range(ROUNDS):  # interleaved, so drift hits both alike
        raw_runs.append(_per_call(raw_call, CALLS))
        client_runs.append(_per_call(client_call, CALLS))
    raw_median, client_median = statistics.median(raw_runs), statistics.median(client_runs)
    ratio = client_median / raw_median
    return f"""## Client overhead per call (issue 3)

`GET /v3/meeting/{{id}}` on one in-process `httpx.MockTransport`, {ROUNDS} interleaved rounds of
{CALLS} calls; median of the per-round means.

| side | median µs/call |
|---|---|
| raw httpx + json.loads | {raw_median:.1f} |
| meedio_client `get_meeting.sync` (auth, retry transport, typed parse) | {client_median:.1f} |
| ratio | {ratio:.2f}x (goal: at most 1.3x) |
"""
