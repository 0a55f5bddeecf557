"""httpx transports that hand a request to the emulator's ASGI app in the caller's own thread.

The in-process mode's cost per call is what decides whether a team mocks instead (issue 20).
``httpx.ASGITransport`` is built for any ASGI app: it streams the request through anyio
events, and a sync client needs an event loop in another thread to drive it (a thread hop
per call). The emulator's app needs neither: its body arrives whole here, its ``send`` only
collects, and it waits on nothing but an optional injected latency. So the sync transport
runs the app's coroutine to its end without an event loop (``run_to_end``), and the async
one awaits it on the caller's loop with the same plain ``receive``/``send``. The app, its
checks and its answer are the ones a served emulator runs; only the wire is left out, and
``emulator/tests/test_transports.py`` holds the answers byte for byte to the served ones.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine, MutableMapping
from typing import Any

import httpx

from ..web.app import SLEEP_EXTENSION
from ..web.fault_actions import WIRE_EXTENSION, WireFault
from ._wire_faults import Outcome, read_timeout

Message = MutableMapping[str, Any]
Scope = dict[str, Any]
ASGIApp = Callable[
    [Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
    Coroutine[Any, Any, None],
]
CLIENT = ("127.0.0.1", 123)  # what httpx.ASGITransport reports as the peer


def run_to_end(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run a coroutine that never waits on an event loop, with none.

    A bare ``yield`` (``asyncio.sleep(0)``: the state dump lets other requests in between
    its pieces) is resumed at once; anything else means the coroutine waits on a loop, which
    the emulator's app never does here (its one wait, the injected latency, sleeps through
    the scope's ``SLEEP_EXTENSION``), so it is stopped with an error instead of hanging.
    """
    try:
        while True:
            if coroutine.send(None) is not None:
                coroutine.close()
                raise RuntimeError("the emulator's app waited on an event loop in process")
    except StopIteration:
        return


def _scope(request: httpx.Request) -> Scope:
    """The ASGI scope ``httpx.ASGITransport`` builds for ``request``, field for field."""
    url = request.url
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": request.method,
        "headers": [(name.lower(), value) for name, value in request.headers.raw],
        "scheme": url.scheme,
        "path": url.path,
        "raw_path": url.raw_path.split(b"?")[0],
        "query_string": url.query,
        "server": (url.host, url.port),
        "client": CLIENT,
        "root_path": "",
    }


class _Exchange:
    """One request's ``receive`` and ``send``: the body handed over in one message, the
    answer collected; ``response`` builds what httpx returns from it."""

    __slots__ = (
        "body",
        "chunks",
        "fault",
        "head_request",
        "headers",
        "read",
        "status",
        "timed_out",
    )

    def __init__(self, body: bytes, method: str, read: float | None = None) -> None:
        self.body: bytes | None = body
        self.head_request = method == "HEAD"
        self.status = 500
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunks: list[bytes] = []
        self.read = read  # the client's read timeout: a longer wait ends in ReadTimeout
        self.fault: WireFault | None = None  # a fault rule's wire fault (issue 31)
        self.timed_out = False

    # The app's ``Wire`` (``web.fault_actions``): no socket, so the fault is kept for the
    # transport to raise what the socket would have made the client raise.
    async def meedio_wire_fault(self, fault: WireFault, receive: object) -> None:
        self.fault = fault

    def meedio_clip_wait(self, seconds: float) -> float:
        if self.read is not None and seconds > self.read:
            self.timed_out = True
            return self.read
        return seconds

    async def receive(self) -> Message:
        body, self.body = self.body, None
        # Asked again after the whole body, or after a wait the client gave up in (as uvicorn
        # says once the client is gone, buffered body or not): the client has nothing more.
        if body is None or self.timed_out:
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = message.get("headers", [])
        elif not self.head_request:
            chunk = message.get("body", b"")
            if chunk:
                self.chunks.append(chunk)

    def outcome(self, request: httpx.Request) -> Outcome:
        """A wire fault's outcome; a wait cut at the read timeout is a ReadTimeout."""
        if self.fault is None:  # timed out: the client gave up while the app waited
            outcome = Outcome(WireFault("close"), request)
            outcome.error = httpx.ReadTimeout("timed out", request=request)
            return outcome
        return Outcome(self.fault, request)

    def response(self) -> httpx.Response:
        body = self.chunks[0] if len(self.chunks) == 1 else b"".join(self.chunks)
        return httpx.Response(self.status, headers=self.headers, stream=httpx.ByteStream(body))


class InProcessTransport(httpx.BaseTransport):
    """A sync transport: the app runs in the calling thread, one request at a time.

    The lock keeps requests from several threads one after another, as a served emulator's
    single event loop does; it is let go while an injected latency sleeps, so those calls
    wait side by side as they would on the wire. Pass the lock of a ``_shared.Serialized``
    app when the same app is also served or awaited elsewhere.
    """

    def __init__(self, app: ASGIApp, lock: threading.Lock | None = None) -> None:
        self._app = app
        self._lock = lock or threading.Lock()

    def _sleep(self, seconds: float) -> None:
        self._lock.release()
        try:
            time.sleep(seconds)
        finally:
            self._lock.acquire()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        exchange = _Exchange(request.read(), request.method, read_timeout(request))
        scope = _scope(request)
        scope["extensions"] = {SLEEP_EXTENSION: self._sleep, WIRE_EXTENSION: exchange}
        with self._lock:
            run_to_end(self._app(scope, exchange.receive, exchange.send))
        if exchange.fault is None and not exchange.timed_out:
            return exchange.response()
        outcome = exchange.outcome(request)
        if outcome.wait:
            time.sleep(outcome.wait)
        if outcome.error is not None:
            raise outcome.error
        return outcome.response(sync=True)


class AsyncInProcessTransport(httpx.AsyncBaseTransport):
    """An async transport: the app runs on the caller's event loop, no task or thread."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        exchange = _Exchange(await request.aread(), request.method, read_timeout(request))
        scope = _scope(request)
        scope["extensions"] = {WIRE_EXTENSION: exchange}
        await self._app(scope, exchange.receive, exchange.send)
        if exchange.fault is None and not exchange.timed_out:
            return exchange.response()
        outcome = exchange.outcome(request)
        if outcome.wait:
            await asyncio.sleep(outcome.wait)
        if outcome.error is not None:
            raise outcome.error
        return outcome.response(sync=False)
