"""The client's own overhead per call against raw httpx + json (part of ``make bench``).

Every side calls ``GET /v3/meeting/{id}`` on the same in-process ``httpx.MockTransport``
(no network, no server), many times, interleaved, in one run; the medians are compared. Results and
the command go to ``bench/results.md``.
"""

from __future__ import annotations

import json
import os
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
CALLS, ROUNDS = 500, 31


def _handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=BODY, headers={"content-type": "application/json"})


def _per_call(fn: object, calls: int) -> float:
    assert callable(fn)
    start = time.process_time()  # CPU time: the machine is shared, wall time is not ours
    for _ in range(calls):
        fn()
    return (time.process_time() - start) / calls * 1e6


def run() -> str:
    transport = httpx.MockTransport(_handler)
    raw = httpx.Client(base_url="https://api.meedio.me/api", transport=transport)
    headers = {"API_KEY": "k", "API_SECRET": "s"}
    client = MeedioClient("k", "s", "https://api.meedio.me/api", transport=transport)
    meeting_id = UUID(MEETING_ID)

    def raw_call() -> None:
        response = raw.get(f"/v3/meeting/{MEETING_ID}", headers=headers)
        json.loads(response.content)

    absolute_url = f"https://api.meedio.me/api/v3/meeting/{MEETING_ID}"

    def raw_absolute_call() -> None:  # the URL parsed once, as the client now does it
        response = raw.get(absolute_url, headers=headers)
        json.loads(response.content)

    def function_call() -> None:
        get_meeting.sync(meeting_id, client=client)

    def resource_call() -> None:
        client.meetings.get(MEETING_ID)

    sides = {
        "raw": raw_call,
        "raw_absolute": raw_absolute_call,
        "function": function_call,
        "resource": resource_call,
    }
    for fn in sides.values():  # warm up
        _per_call(fn, 200)
    runs: dict[str, list[float]] = {name: [] for name in sides}
    order = list(sides)
    for round_ in range(ROUNDS):  # interleaved, order rotated: drift and order hit all alike
        shift = round_ % len(order)
        for name in order[shift:] + order[:shift]:
            runs[name].append(_per_call(sides[name], CALLS))
    median = {name: statistics.median(values) for name, values in runs.items()}

    # Each round's ratio pairs measurements taken seconds apart, under the same load.
    def against(name: str, base: str) -> float:
        return statistics.median(c / r for c, r in zip(runs[name], runs[base], strict=True))

    ratio = {name: against(name, "raw") for name in ("raw_absolute", "function", "resource")}
    strict = {name: against(name, "raw_absolute") for name in ("function", "resource")}
    load = os.getloadavg()[0]
    absolute = f"{median['raw_absolute']:.1f} | {ratio['raw_absolute']:.2f}x"
    function = f"{median['function']:.1f} | {ratio['function']:.2f}x | {strict['function']:.2f}x"
    resource = (
        f"{median['resource']:.1f} | **{ratio['resource']:.2f}x** (goal: at most 1.1x) "
        f"| {strict['resource']:.2f}x"
    )
    return f"""## Client overhead per call (issues 3 and 10)

`GET /v3/meeting/{{id}}` on one in-process `httpx.MockTransport`, {ROUNDS} interleaved rounds of
{CALLS} calls, in process CPU time (not wall time, which other processes on a shared machine
inflate). A ratio is the median of each round's ratio between two sides in that round. The
goal is against raw httpx as users write it, `raw.get(path)` on a client with a `base_url`:
httpx then parses the relative path and again the merged URL. The client merges its path
with one parse, and part of its own cost is paid out of that saving; the last column is
against raw httpx given the absolute URL (one parse too), so the client's own layer shows
alone. Load average at the end: {load:.1f} ({os.cpu_count()} CPUs).

| side | median µs/call | against `raw.get(path)` | against raw, absolute URL |
|---|---|---|---|
| raw httpx `raw.get(path)` + json.loads | {median["raw"]:.1f} | 1.00x | |
| raw httpx, absolute URL, + json.loads | {absolute} | 1.00x |
| `get_meeting.sync` (auth, retries, deadline, typed parse, answer checked) | {function} |
| `client.meetings.get(id)` (the resource client, same path) | {resource} |
"""


if __name__ == "__main__":
    print(run())
