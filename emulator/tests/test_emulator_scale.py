"""Cost that must not grow with state (issue 11, points 7 and 8), shown by counting work, not
by timing it (timings live in ``make bench``)."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable, MutableMapping
from types import FrameType
from typing import Any

import httpx
import pytest
from meedio_emulator.domain.backend import MeedioBackend
from meedio_emulator.domain.clock import ManualClock
from meedio_emulator.domain.errors import Conflict
from meedio_emulator.domain.models import Organization, Queue
from meedio_emulator.server import create_app
from meedio_emulator.web.app import EmulatorApp

from tests.support import MEDICAL

PACKAGE = "meedio_emulator"


def _lines_run(action: Callable[[], object]) -> int:
    """How many lines of the emulator's own code ``action`` executes."""
    count = 0

    def tracer(frame: FrameType, event: str, _: Any) -> Any:
        nonlocal count
        if PACKAGE not in frame.f_code.co_filename:
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        action()
    finally:
        sys.settrace(None)
    return count


def _queues(app: EmulatorApp, count: int) -> None:
    backend = app.backend
    org = next(iter(backend.organizations.values()))
    for i in range(count):
        backend.create_queue(
            org, name="q", slug=f"filler-{i}", queue_type="BOARD", closing_message=None
        )


def test_creating_a_queue_does_the_same_work_at_100_and_at_5000_queues() -> None:
    work = []
    for existing in (100, 5000):
        app = create_app(clock=ManualClock(), rate_limit=None)
        _queues(app, existing)
        backend = app.backend
        org = next(iter(backend.organizations.values()))

        def create(backend: MeedioBackend = backend, org: Organization = org) -> Queue:
            return backend.create_queue(
                org, name="q", slug="the-new-one", queue_type="WAITING_ROOM", closing_message=None
            )

        work.append(_lines_run(create))
        with pytest.raises(Conflict):  # the index still finds it
            create()
    small, large = work
    assert small > 0
    assert large <= small + 20, (small, large)


def test_closed_meetings_and_rooms_are_dropped_when_the_clock_moves(
    app_client: Callable[..., httpx.Client],
) -> None:
    clock = ManualClock()
    app = create_app(clock=clock, rate_limit=None)
    with app_client(app, headers=MEDICAL) as api:
        for i in range(50):
            api.post("/api/v3/meeting", json={"ownerEmail": "john@meedio.me"})
            api.post("/api/v3/room", json={"slug": f"room-{i}"})
        kept = api.post(
            "/api/v3/meeting", json={"ownerEmail": "john@meedio.me", "isInfinite": True}
        )
        assert api.post("/_emulator/clock/advance", json={"seconds": 16 * 60}).status_code == 200
        assert list(app.backend.meetings) == [kept.json()["id"]]  # nothing read them
        assert app.backend.rooms == {}
        state = api.get("/_emulator/state").json()
        assert [m["id"] for m in state["meetings"]] == [kept.json()["id"]]

        api.post("/api/v3/room", json={"slug": "later"})
        clock.advance(16 * 60)  # time passing on its own, as the served clock does
        api.get("/api/v3/organizations")  # any request at all
        assert app.backend.rooms == {}


def test_the_state_dump_lets_other_requests_in_while_it_is_written() -> None:
    """A dump of 2000 meetings and a request sent just after it: the request is answered
    before the dump's last byte, and the dump is still one consistent JSON document."""
    app = create_app(clock=ManualClock(), rate_limit=None)
    backend = app.backend
    org = next(iter(backend.organizations.values()))
    for _ in range(2000):
        backend.create_meeting(
            org, owner_email="john@meedio.me", meeting_type=None, is_infinite=True, meeting_id=None
        )
    events: list[tuple[str, MutableMapping[str, Any]]] = []
    auth = [(k.lower().encode(), v.encode()) for k, v in MEDICAL.items()]

    async def request(name: str, path: str) -> None:
        async def receive() -> MutableMapping[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: MutableMapping[str, Any]) -> None:
            events.append((name, message))

        scope = {"type": "http", "method": "GET", "path": path, "headers": auth}
        await app(scope, receive, send)

    async def both() -> None:
        dump = asyncio.create_task(request("dump", "/_emulator/state"))
        await asyncio.sleep(0)  # the dump has started
        await request("other", "/api/v3/organizations")
        await dump

    asyncio.run(both())
    order = [name for name, message in events if message["type"] == "http.response.body"]
    assert order.index("other") < len(order) - 1 - order[::-1].index("dump")
    assert order.count("dump") > 2
    body = b"".join(m.get("body", b"") for name, m in events if name == "dump")
    assert len(json.loads(body)["meetings"]) == 2000
