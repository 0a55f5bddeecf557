"""The plugin's default (issue 28): the fixtures' clients call the app in process while
``url`` serves the same emulator on loopback. One state, entered from both sides: what one side
does the other sees, and requests from both at once neither lose nor mix each other's work."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from meedio_client.errors import PermissionDeniedError
from meedio_emulator.testing import MeedioEmulator, served_in_thread
from meedio_emulator.testing._shared import Serialized
from meedio_emulator.testing._transports import AsyncInProcessTransport, InProcessTransport

from tests.support import DOCS_KEY, DOCS_SECRET

OWNER = "john@meedio.me"
AUTH = {"API_KEY": DOCS_KEY, "API_SECRET": DOCS_SECRET}


@pytest.fixture(scope="module")
def shared() -> Iterator[MeedioEmulator]:
    with served_in_thread(public_url=True, clients_in_process=True) as emulator:
        yield emulator


@pytest.fixture
def emulator(shared: MeedioEmulator) -> MeedioEmulator:
    shared.reset()
    return shared


def _wire(emulator: MeedioEmulator) -> httpx.Client:
    """A user's own client on ``url``: over loopback, keys as headers."""
    return httpx.Client(base_url=emulator.api_url, headers=AUTH, trust_env=False)


def test_the_clients_are_in_process_and_the_url_is_served(emulator: MeedioEmulator) -> None:
    assert isinstance(emulator.transport, InProcessTransport)
    assert isinstance(emulator.async_transport, AsyncInProcessTransport)
    assert emulator.url.startswith("http://127.0.0.1:")
    with httpx.Client(trust_env=False) as wire:
        assert wire.get(f"{emulator.url}/_emulator/health").status_code == 200


def test_each_side_sees_the_others_work(emulator: MeedioEmulator) -> None:
    with emulator.client() as meedio, _wire(emulator) as wire:
        mine = meedio.meetings.create(owner_email=OWNER)
        got = wire.get(f"/v3/meeting/{mine.id}")
        assert got.status_code == 200 and got.json()["id"] == str(mine.id)
        theirs = wire.post("/v3/meeting", json={"ownerEmail": OWNER})
        assert theirs.status_code == 201, theirs.text
        assert str(meedio.meetings.get(theirs.json()["id"]).id) == theirs.json()["id"]
    journal = [(entry.method, entry.operation_id) for entry in emulator.requests()]
    assert journal == [
        ("POST", "createMeeting"),
        ("GET", "getMeeting"),
        ("POST", "createMeeting"),
        ("GET", "getMeeting"),
    ]
    emulator.reset()
    assert emulator.requests() == [] and emulator.state()["meetings"] == []


def test_faults_and_the_clock_hold_on_both_sides(emulator: MeedioEmulator) -> None:
    with emulator.faults(maintenance=True), _wire(emulator) as wire:
        assert wire.get("/v3/organizations").status_code == 503
    with _wire(emulator) as wire:
        assert wire.get("/v3/organizations").status_code == 200
        before = wire.get(f"{emulator.url}/_emulator/clock").json()["offsetSeconds"]
    assert emulator.advance(60).offset_seconds == before + 60


def test_a_page_served_for_a_meeting_made_in_process(emulator: MeedioEmulator) -> None:
    with emulator.client() as meedio:
        meeting = meedio.meetings.create(owner_email=OWNER)
    assert meeting.redirect_url == emulator.page_url(meeting)
    with httpx.Client(trust_env=False) as browser:
        page = browser.get(meeting.redirect_url)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]


def test_an_async_client_on_the_tests_loop(emulator: MeedioEmulator) -> None:
    async def book() -> str:
        async with emulator.async_client() as meedio:
            return str((await meedio.meetings.create(owner_email=OWNER)).id)

    made = asyncio.run(book())
    with _wire(emulator) as wire:
        assert wire.get(f"/v3/meeting/{made}").status_code == 200


SCOPE = {"type": "http", "method": "GET", "path": "/", "headers": []}


async def _no_body() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _answer(send: Any) -> None:
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


def test_one_stretch_at_a_time_across_threads() -> None:
    """The served side (``Serialized`` on a loop in one thread) and the sync in-process side
    (``InProcessTransport`` in another) never run the app's synchronous stretches at once,
    though each stretch lets the GIL go (``time.sleep``) for the other thread to come in."""
    lock = threading.Lock()
    inside: list[int] = []
    overlaps: list[list[int]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        for _ in range(2):  # two stretches, an await between them
            inside.append(threading.get_ident())
            if len(inside) > 1:
                overlaps.append(list(inside))
            time.sleep(0.002)
            inside.remove(threading.get_ident())
            await asyncio.sleep(0)
        await _answer(send)

    async def served_calls() -> None:
        for _ in range(15):
            await Serialized(app, lock)(dict(SCOPE), _no_body, _ignore)

    loop_thread = threading.Thread(target=asyncio.run, args=(served_calls(),))
    loop_thread.start()
    with httpx.Client(transport=InProcessTransport(app, lock)) as client:
        for _ in range(15):
            assert client.get("http://in-process.invalid/").status_code == 204
    loop_thread.join(timeout=30)
    assert not loop_thread.is_alive()
    assert overlaps == []


async def _ignore(message: Any) -> None:
    return None


def test_the_lock_is_free_while_the_app_waits() -> None:
    """A served request that waits (here on a future another thread completes) holds no lock
    while it waits: an in-process call runs meanwhile, and then the request goes on."""
    lock = threading.Lock()
    order: list[str] = []
    waiting = threading.Event()

    async def served_app(scope: Any, receive: Any, send: Any) -> None:
        order.append("served, before its wait")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        scope["wake"] = lambda: loop.call_soon_threadsafe(future.set_result, None)
        waiting.set()
        await future
        order.append("served, after its wait")
        await _answer(send)

    async def local_app(scope: Any, receive: Any, send: Any) -> None:
        order.append("in process")
        await _answer(send)

    scope: dict[str, Any] = dict(SCOPE)
    loop_thread = threading.Thread(
        target=asyncio.run, args=(Serialized(served_app, lock)(scope, _no_body, _ignore),)
    )
    loop_thread.start()
    assert waiting.wait(timeout=30)

    def in_process_call() -> None:
        with httpx.Client(transport=InProcessTransport(local_app, lock)) as client:
            assert client.get("http://in-process.invalid/").status_code == 204

    caller = threading.Thread(target=in_process_call)
    caller.start()
    caller.join(timeout=30)  # a lock held across the wait: stuck here, then failed below
    scope["wake"]()
    loop_thread.join(timeout=30)
    caller.join(timeout=30)
    assert not loop_thread.is_alive() and not caller.is_alive()
    assert order == ["served, before its wait", "in process", "served, after its wait"]


@pytest.fixture
def eager_switching() -> Iterator[None]:
    """Threads switch about every microsecond instead of 5 ms: a race shows in a few hundred
    requests instead of millions."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def test_both_sides_at_once_lose_and_mix_nothing(
    emulator: MeedioEmulator, eager_switching: None
) -> None:
    """Creates on the wire, and in process sync and async creates and creates the domain
    refuses (403, undone inside their transaction), all at once: every meeting answered 201 is
    kept, nothing refused is, and the journal has each request once. Without one lock around
    each side's synchronous stretches, a refused create could undo meetings the other side had
    just made (its transaction joined theirs); this catches that only now and then (a race),
    ``test_one_stretch_at_a_time_across_threads`` every time."""
    served: list[str] = []
    failures: list[BaseException] = []

    def over_the_wire() -> None:
        try:
            with _wire(emulator) as wire:
                for _ in range(150):
                    answer = wire.post("/v3/meeting", json={"ownerEmail": OWNER})
                    assert answer.status_code == 201, answer.text
                    served.append(answer.json()["id"])
        except BaseException as exc:  # reported by the test's own thread below
            failures.append(exc)

    async def in_process_async() -> str:
        async with emulator.async_client() as meedio:
            return str((await meedio.meetings.create(owner_email=OWNER)).id)

    wire_thread = threading.Thread(target=over_the_wire)
    wire_thread.start()
    made: list[str] = []
    refused = 0
    with emulator.client() as meedio:
        while wire_thread.is_alive() and refused < 5000:  # for as long as the wire is busy
            with pytest.raises(PermissionDeniedError):
                meedio.meetings.create(owner_email="nobody@example.invalid")
            refused += 1
            if refused % 8 == 0:
                made.append(str(meedio.meetings.create(owner_email=OWNER).id))
            elif refused % 8 == 4:
                made.append(asyncio.run(in_process_async()))
    wire_thread.join(timeout=120)
    assert not wire_thread.is_alive() and failures == []

    kept = {meeting["id"] for meeting in emulator.state()["meetings"]}
    assert kept == set(served) | set(made)
    assert len(kept) == len(served) + len(made) == 150 + len(made)
    statuses = sorted(entry.status or 0 for entry in emulator.requests())
    assert statuses == [201] * len(kept) + [403] * refused


WITHOUT_THE_CLIENT = """
import sys
sys.modules["meedio_client"] = None  # as if only meedio-emulator were installed
import httpx
from meedio_emulator.testing import in_process, served_in_thread
AUTH = {"API_KEY": sys.argv[1], "API_SECRET": sys.argv[2]}
with in_process() as emulator:
    emulator.reset()
    own = httpx.Client(base_url=emulator.api_url, transport=emulator.transport, headers=AUTH)
    print(own.get("/v3/organizations").status_code)
    with emulator.fault("getOrganization", kind="close"):  # a wire fault, no deadline to read
        try:
            own.get("/v3/organizations")
        except httpx.RemoteProtocolError:
            print("closed")
with served_in_thread() as emulator:
    emulator.reset()
    print(httpx.get(f"{emulator.api_url}/v3/organizations", headers=AUTH).status_code)
"""


def test_the_testing_kit_needs_no_meedio_client() -> None:
    """meedio-client is the user's to install: a user of their own httpx client on the
    emulator (in process or served) needs only meedio-emulator."""
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_THE_CLIENT, DOCS_KEY, DOCS_SECRET],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["200", "closed", "200"]
