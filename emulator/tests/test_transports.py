"""The in-process transports answer byte for byte what the app answers on the wire.

``InProcessTransport`` runs the app without an event loop and ``AsyncInProcessTransport``
without httpx's ASGI machinery (issue 20: a mock's cost). Each is held here to two answers
it could drift from: ``httpx.ASGITransport`` (the generic way to call an ASGI app) and the
same app served by uvicorn in a thread. Each path gets a fresh app on the same manual clock
and random seed, so ids and times match, and the same scenario of valid and hostile
requests; the status, the headers (but the server's ``date`` and its framing) and the body
bytes must be equal.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Generator, Iterator
from typing import Any

import httpx
import pytest
from meedio_emulator.domain.clock import ManualClock
from meedio_emulator.domain.seed import DEFAULT_CONFIG
from meedio_emulator.server import create_app
from meedio_emulator.testing import ThreadedServer
from meedio_emulator.testing._transports import (
    AsyncInProcessTransport,
    InProcessTransport,
    run_to_end,
)
from meedio_emulator.web.answers import encode
from meedio_emulator.web.app import EmulatorApp
from meedio_emulator.web.fields import HeadLimits

from tests.support import BASIC, MEDICAL

Send = Callable[..., httpx.Response]
Seen = tuple[int, list[tuple[str, str]], bytes]
ROOT = "http://emulator.localhost"
WIRE_ONLY = {"date", "transfer-encoding"}  # the server's clock and framing, not the app's


def _app(rate_limit: int) -> EmulatorApp:
    return create_app({**DEFAULT_CONFIG, "seed": 20}, clock=ManualClock(), rate_limit=rate_limit)


def _sync(transport: httpx.BaseTransport, root: str = ROOT) -> Iterator[Send]:
    with httpx.Client(transport=transport, base_url=root, headers=MEDICAL) as client:
        yield client.request


def _via_asgi(app: EmulatorApp) -> Iterator[Send]:
    yield from _async(httpx.ASGITransport(app=HeadLimits(app)))


def _via_sync(app: EmulatorApp) -> Iterator[Send]:
    yield from _sync(InProcessTransport(HeadLimits(app)))


def _via_async(app: EmulatorApp) -> Iterator[Send]:
    yield from _async(AsyncInProcessTransport(HeadLimits(app)))


def _via_wire(app: EmulatorApp) -> Iterator[Send]:
    server = ThreadedServer(app)
    server.start()
    try:
        yield from _sync(httpx.HTTPTransport(), server.root)
    finally:
        server.stop()


def _async(transport: httpx.AsyncBaseTransport) -> Iterator[Send]:
    loop = asyncio.new_event_loop()
    client = httpx.AsyncClient(transport=transport, base_url=ROOT, headers=MEDICAL)

    def send(*args: Any, **kwargs: Any) -> httpx.Response:
        return loop.run_until_complete(client.request(*args, **kwargs))

    try:
        yield send
    finally:
        loop.run_until_complete(client.aclose())
        loop.close()


PATHS: dict[str, Callable[[EmulatorApp], Iterator[Send]]] = {
    "asgi": _via_asgi,
    "in-process": _via_sync,
    "in-process async": _via_async,
    "wire": _via_wire,
}


WALL_TIME = re.compile(rb'"(durationMs|monotonicSeconds)":[-0-9.e]+')


def _seen(response: httpx.Response) -> Seen:
    """The answer as compared; the journal's ``durationMs`` and ``monotonicSeconds`` are
    wall time, so they are zeroed (and the length then counted again)."""
    body, durations = WALL_TIME.subn(rb'"\1":0', response.content)
    headers = [(k, v) for k, v in response.headers.multi_items() if k not in WIRE_ONLY]
    if durations:
        headers = [(k, str(len(body)) if k == "content-length" else v) for k, v in headers]
    return response.status_code, headers, body


def _meedio_scenario(send: Send) -> list[Seen]:
    """Every operation, and the refusals of each layer of the app in turn."""
    json_type = {"Content-Type": "application/json"}
    answers = [
        send("GET", "/api/v3/organizations"),
        created := send("POST", "/api/v3/meeting", json={"ownerEmail": "john@meedio.me"}),
        send("GET", f"/api/v3/meeting/{created.json()['id']}"),
        send("HEAD", f"/api/v3/meeting/{created.json()['id']}"),
        send("POST", "/api/v3/room", data={"slug": "same-room", "title": "Ü"}),
        send("GET", "/api/v3/room/same-room"),
        queue := send(
            "POST",
            "/api/v3/rooms/queue",
            json={"name": "Desk", "slug": "desk", "type": "WAITING_ROOM"},
        ),
        send("POST", f"/api/v3/rooms/queue/{queue.json()['id']}", json={"isActive": "false"}),
        send("GET", f"/api/v3/rooms/queue/{queue.json()['id']}"),
        send("DELETE", f"/api/v3/rooms/queue/{queue.json()['id']}"),
        send("DELETE", f"/api/v3/meeting/{created.json()['id']}"),
        send("GET", "/api/v3/meeting/not-a-uuid"),
        send("GET", "/api/v3/meeting/7f1d7c61-0cd2-4bd4-9c4c-6a1f3e0e4a11"),
        send("POST", "/api/v3/meeting", content=b'{"ownerEmail":', headers=json_type),
        send("POST", "/api/v3/meeting", content=b'{"ownerEmail":"\\ud800"}', headers=json_type),
        send("POST", "/api/v3/meeting", content=b"[" * 40 + b"]" * 40, headers=json_type),
        send("POST", "/api/v3/meeting", content=b"\xff\xfe", headers=json_type),
        send("POST", "/api/v3/meeting", content=b"{}", headers={"Content-Type": "text/csv"}),
        send("POST", "/api/v3/meeting", content=b"x" * (1 << 20 | 1), headers=json_type),
        send("POST", "/api/v3/meeting", json={"ownerEmail": 3, "type": "PARTY"}),
        send("PUT", "/api/v3/meeting"),
        send("GET", "/api/v3/nowhere"),
        send("GET", "/api/v2/meeting"),
        send("GET", "/api/v3/organizations", headers={"Accept": "text/html"}),
        send("GET", "/api/v3/organizations", headers={"API_SECRET": "wrong"}),
        send("GET", "/api/v3/organizations", headers=BASIC),
        send("GET", "/api/v3/organizations", headers=[("API_KEY", "a"), ("API_KEY", "b")]),
        send("GET", "/_emulator/requests", params={"operationId": "getMeeting", "limit": 2}),
        send("GET", "/_emulator/requests", params={"limit": "many"}),
        send("GET", "/_emulator/state"),  # streamed in pieces
    ]
    return [_seen(answer) for answer in answers]


def _rate_limit_scenario(send: Send) -> list[Seen]:
    """The 429 and its ``Retry-After``, with the limit at two a minute."""
    return [_seen(send("GET", "/api/v3/organizations")) for _ in range(3)]


SCENARIOS: dict[str, tuple[Callable[[Send], list[Seen]], int]] = {
    "meedio": (_meedio_scenario, 1000),
    "rate-limit": (_rate_limit_scenario, 2),
}


@pytest.fixture(scope="module", params=sorted(SCENARIOS))
def scenario(request: pytest.FixtureRequest) -> tuple[str, dict[str, list[Seen]]]:
    """Each path's answers to one scenario, each on a fresh app."""
    play, rate_limit = SCENARIOS[request.param]
    answers = {}
    for name, path in PATHS.items():
        for send in path(_app(rate_limit)):
            answers[name] = play(send)
    return request.param, answers


@pytest.mark.parametrize("path", ["in-process", "in-process async"])
@pytest.mark.parametrize("reference", ["asgi", "wire"])
def test_answers_match_byte_for_byte(
    scenario: tuple[str, dict[str, list[Seen]]], path: str, reference: str
) -> None:
    name, answers = scenario
    assert len(answers[path]) == len(answers[reference])
    for index, (mine, theirs) in enumerate(zip(answers[path], answers[reference], strict=True)):
        assert mine == theirs, f"{name} request {index}: {path} differs from {reference}"


def test_the_scenario_reaches_every_layer(scenario: tuple[str, dict[str, list[Seen]]]) -> None:
    """The comparison means something only if the answers vary: both successes and refusals."""
    name, answers = scenario
    statuses = {status for status, _, _ in answers["wire"]}
    expected = (
        {200, 201, 400, 401, 404, 405, 406, 410, 413, 415} if name == "meedio" else {200, 429}
    )
    assert expected <= statuses
    if name == "rate-limit":
        assert ("retry-after", "60") in [h for s, hs, _ in answers["wire"] if s == 429 for h in hs]


def test_latency_sleeps_in_the_calling_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """No event loop in process: the injected latency sleeps through the scope's extension,
    with the lock let go, and the answer is the same."""
    slept: list[float] = []
    monkeypatch.setattr("meedio_emulator.testing._transports.time.sleep", slept.append)
    transport = InProcessTransport(_app(1000))
    with httpx.Client(transport=transport, base_url=ROOT, headers=MEDICAL) as client:
        assert client.post("/_emulator/faults", json={"latencyMs": 250}).status_code == 200
        answer = client.get("/api/v3/organizations")
    assert answer.status_code == 200 and answer.json()["name"]
    assert slept == [0.25]
    assert not transport._lock.locked()


class _Waits:
    """What awaiting a loop's future yields to the loop: a value, not a bare ``yield``."""

    def __await__(self) -> Generator[object, None, None]:
        yield self


def test_a_coroutine_that_waits_on_a_loop_is_stopped_not_hung() -> None:
    steps: list[str] = []

    async def waits() -> None:
        await asyncio.sleep(0)  # a bare yield: resumed at once
        steps.append("resumed")
        await _Waits()
        steps.append("never")

    with pytest.raises(RuntimeError, match="waited on an event loop"):
        run_to_end(waits())
    assert steps == ["resumed"]


def test_async_transport_runs_on_the_callers_loop() -> None:
    """No thread and no task: the app sees the caller's own running loop."""
    seen: list[asyncio.AbstractEventLoop] = []
    app = _app(1000)

    async def spy(scope: Any, receive: Any, send: Any) -> None:
        seen.append(asyncio.get_running_loop())
        await app(scope, receive, send)

    async def call() -> tuple[httpx.Response, asyncio.AbstractEventLoop]:
        transport = AsyncInProcessTransport(spy)
        async with httpx.AsyncClient(transport=transport, base_url=ROOT, headers=MEDICAL) as c:
            return await c.get("/api/v3/organizations"), asyncio.get_running_loop()

    answer, loop = asyncio.run(call())
    assert answer.status_code == 200 and json.loads(answer.content)["name"]
    assert seen == [loop]


def test_the_standard_library_encoder_gives_the_same_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The app's shortcut for encoding Meedio's answers and Error bodies (orjson) against
    the slow path it replaced, over the whole scenario."""

    def play() -> list[Seen]:
        for send in _via_sync(_app(1000)):
            return _meedio_scenario(send)
        raise AssertionError("no client")

    fast = play()
    monkeypatch.setattr("meedio_emulator.web.app.encode_answer", encode)
    assert play() == fast
