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

    def function_call() -> None:
        get_meeting.sync(meeting_id, client=client)

    def resource_call() -> None:
        client.meetings.get(MEETING_ID)

    sides = {"raw": raw_call, "function": function_call, "resource": resource_call}
    for fn in sides.values():  # warm up
        _per_call(fn, 200)
    runs: dict[str, list[float]] = {name: [] for name in sides}
    order = list(sides)
    for round_ in range(ROUNDS):  # interleaved, order rotated: drift and order hit all alike
        for name in order[round_ % 3 :] + order[: round_ % 3]:
            runs[name].append(_per_call(sides[name], CALLS))
    median = {name: statistics.median(values) for name, values in runs.items()}
    # Each round's ratio pairs measurements taken seconds apart, under the same load.
    ratio = {
        name: statistics.median(c / r for c, r in zip(runs[name], runs["raw"], strict=True))
        for name in ("function", "resource")
    }
    load = os.getloadavg()[0]
    function = f"{median['function']:.1f} | {ratio['function']:.2f}x"
    resource = f"{median['resource']:.1f} | {ratio['resource']:.2f}x (goal: at most 1.1x)"
    return f"""## Client overhead per call (issues 3 and 10)

`GET /v3/meeting/{{id}}` on one in-process `httpx.MockTransport`, {ROUNDS} interleaved rounds of
{CALLS} calls, in process CPU time (not wall time, which other processes on a shared machine
inflate). The ratio is the median of each round's ratio to raw httpx in that round. Both
sides send the same request, but the client merges its path under the base URL with one URL
parse, where `raw.get(path)` has httpx parse the relative path and then the merged URL: part
of the client's own cost is paid out of that saving. Load average at the end: {load:.1f}
({os.cpu_count()} CPUs).

| side | median µs/call | against raw |
|---|---|---|
| raw httpx + json.loads | {median["raw"]:.1f} | 1.00x |
| `get_meeting.sync` (auth, retries, deadline, typed parse, answer checked) | {function} |
| `client.meetings.get(id)` (the resource client, same path) | {resource} |
"""


if __name__ == "__main__":
    print(run())
