"""The pytest session ``bench_mocks.py`` runs (issue 20, goals 1 and 2): one test per batch.

Each test is one batch of calls on one side, timed inside the test, so pytest's own costs
(collection, fixture set-up, the reset before a test) stay out of the figures while every side
gets its answers the way a unit test does: respx through its ``respx_mock`` fixture,
pytest-httpx through its ``httpx_mock`` fixture (its public way in: the fixture patches
httpx's transports for the test's duration), the emulator through
``served_in_thread(clients_in_process=True)`` (the plugin's defaults) and ``served_in_thread()``
(``--meedio-wire``) held for the session, reset before each test, with a client from
``emulator.client()`` / ``emulator.async_client()``, as the plugin's fixtures do. Every call
checks the id of the meeting it got back, so no side is timed on an error path.

The batches and their order come from the ``MockBench`` plugin object ``bench_mocks.py``
passes to ``pytest.main``; not meant to run alone.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, Protocol
from uuid import UUID

import httpx
import pytest
from meedio_client import AsyncMeedioClient, MeedioClient
from meedio_emulator.testing import (
    DOCS_API_KEY,
    DOCS_API_SECRET,
    LoopPool,
    MeedioEmulator,
    ThreadedServer,
    served_in_thread,
)

import bench_served_apps

API = "https://api.meedio.me/api"  # the client's default base URL: what a mocking user mocks
OWNER = "john@meedio.me"  # the docs' createMeeting example; a user of the emulator's default org


class Batch(Protocol):
    mode: str  # "sync" | "async"
    op: str  # "get" | "create"
    side: str  # "respx" | "pytest-httpx" | "defaults" | "wire" | "bare threaded"


class Bench(Protocol):
    calls: int
    meeting: dict[str, Any]  # the spec's example Meeting: the mocks' fixed answer

    def record(self, batch: Batch, wall: float, cpu: float) -> None: ...


@pytest.fixture(scope="session")
def defaults_emulator() -> Iterator[MeedioEmulator]:
    with served_in_thread(clients_in_process=True) as emulator:
        yield emulator


@pytest.fixture(scope="session")
def wire_emulator() -> Iterator[MeedioEmulator]:
    with served_in_thread() as emulator:
        yield emulator


@pytest.fixture(scope="session")
def bare_threaded() -> Iterator[str]:
    """The floor of the wire side: ``bench_served_apps.bare`` in the plugin's server
    thread (``ThreadedServer``, the emulator's wire); its API's base URL."""
    server = ThreadedServer(bench_served_apps.bare)
    server.start()
    try:
        yield f"{server.root}/api"
    finally:
        server.stop()


def _checked(meeting: Any, expected: UUID | None) -> None:
    """The answer is a parsed meeting with the expected id (any id for an emulator's create)."""
    assert isinstance(meeting.id, UUID)
    assert expected is None or meeting.id == expected, (meeting.id, expected)


def _time_sync(call: Callable[[], object], calls: int) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(calls):
        call()
    return time.perf_counter() - wall, time.process_time() - cpu


async def _time_async(call: Callable[[], Awaitable[object]], calls: int) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(calls):
        await call()
    return time.perf_counter() - wall, time.process_time() - cpu


def _mock_route(request: pytest.FixtureRequest, batch: Batch, meeting: dict[str, Any]) -> None:
    """The batch's route, answered with the spec's example meeting, as a mocking user mocks it."""
    method, status = ("GET", 200) if batch.op == "get" else ("POST", 201)
    url = f"{API}/v3/meeting/{meeting['id']}" if batch.op == "get" else f"{API}/v3/meeting"
    if batch.side == "respx":
        request.getfixturevalue("respx_mock").route(method=method, url=url).respond(
            status, json=meeting
        )
    else:  # the same answer for every call of the test: reusable
        request.getfixturevalue("httpx_mock").add_response(
            method=method, url=url, status_code=status, json=meeting, is_reusable=True
        )


def _settings(bare: str | None, *, sync: bool) -> dict[str, Any]:
    """A mocked side's client (the default base URL, any keys), or the bare app's: the
    transport ``MeedioEmulator.client()``/``async_client()`` give a served emulator's."""
    if bare is None:
        return {"api_key": "key", "api_secret": "secret"}
    settings: dict[str, Any] = {"api_key": DOCS_API_KEY, "api_secret": DOCS_API_SECRET}
    if sync:
        settings["transport"] = httpx.HTTPTransport()
    else:
        settings["async_transport"] = LoopPool()
    return {**settings, "base_url": bare}


def _emulator_for(request: pytest.FixtureRequest, side: str) -> MeedioEmulator:
    name = "defaults_emulator" if side == "defaults" else "wire_emulator"
    emulator: MeedioEmulator = request.getfixturevalue(name)
    emulator.reset()  # as the plugin does before each test (and so under the rate limit)
    return emulator


def test_batch(batch: Batch, bench: Bench, request: pytest.FixtureRequest) -> None:
    emulator, bare = None, None
    if batch.side in ("respx", "pytest-httpx"):
        _mock_route(request, batch, bench.meeting)
        meeting_id: UUID | None = UUID(bench.meeting["id"])
    elif batch.side == "bare threaded":
        bare = request.getfixturevalue("bare_threaded")
        meeting_id = UUID(bench.meeting["id"])
    else:
        emulator = _emulator_for(request, batch.side)
        with emulator.client() as setup:
            meeting_id = setup.meetings.create(owner_email=OWNER, is_infinite=True).id
    expected = meeting_id if batch.op == "get" or emulator is None else None
    if batch.mode == "sync":
        client = emulator.client() if emulator else MeedioClient(**_settings(bare, sync=True))
        with client:

            def call() -> None:
                if batch.op == "get":
                    _checked(client.meetings.get(str(meeting_id)), expected)
                else:
                    _checked(client.meetings.create(owner_email=OWNER), expected)

            wall, cpu = _time_sync(call, bench.calls)
    else:
        wall, cpu = asyncio.run(_async_batch(batch, bench, emulator, bare, meeting_id, expected))
    bench.record(batch, wall, cpu)


async def _async_batch(
    batch: Batch,
    bench: Bench,
    emulator: MeedioEmulator | None,
    bare: str | None,
    meeting_id: UUID | None,
    expected: UUID | None,
) -> tuple[float, float]:
    if emulator is not None:
        client = emulator.async_client()
    else:
        client = AsyncMeedioClient(**_settings(bare, sync=False))
    async with client:

        async def call() -> None:
            if batch.op == "get":
                _checked(await client.meetings.get(str(meeting_id)), expected)
            else:
                _checked(await client.meetings.create(owner_email=OWNER), expected)

        return await _time_async(call, bench.calls)
