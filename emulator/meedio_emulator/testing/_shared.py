"""One emulator entered from two threads: its server's event loop and the test's own thread.

The plugin's default (issue 28) serves the app on loopback from a thread for browsers, other
processes and clients a user builds, while the fixtures' clients call the same app in process
(``InProcessTransport`` in the caller's thread, ``AsyncInProcessTransport`` on the test's
loop). The app keeps its state in plain Python objects and relies on running one request's
synchronous stretch at a time (a single event loop: no ``await`` inside a transaction), so
every side takes one ``threading.Lock`` around exactly those stretches:

- the served app and the async in-process one are wrapped by ``Serialized``: it drives the
  app's coroutine step by step and holds the lock for each step, from one suspension (an
  ``await`` that really waits: a body still on the wire, a paused write, the injected
  latency, the state dump's ``sleep(0)``) to the next, never across one. A loop waiting on the
  lock waits for a few microseconds of another thread's Python, never for I/O;
- the sync in-process transport holds the same lock for its whole call, which never waits on
  a loop (``run_to_end``), and lets it go while an injected latency sleeps.

So the app sees what it sees on one event loop: requests interleaved only at their awaits.
A served request is usually one step (its body is read with its head), so the lock costs it
one uncontended acquire; ``openapi/DECISIONS.md`` ("Performance", issue 28) has the figures
against the other design, a hop onto the server's loop per call.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, Coroutine, Generator, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Coroutine[Any, Any, None]]


class _Steps:
    """An awaitable running ``coroutine`` one step at a time, each step under ``lock``."""

    __slots__ = ("_coroutine", "_lock")

    def __init__(self, coroutine: Coroutine[Any, Any, None], lock: threading.Lock) -> None:
        self._coroutine = coroutine
        self._lock = lock

    def __await__(self) -> Generator[Any, Any, None]:
        coroutine, lock = self._coroutine, self._lock
        sent: Any = None
        thrown: BaseException | None = None
        while True:
            with lock:
                try:
                    if thrown is None:
                        waiting = coroutine.send(sent)
                    else:
                        waiting, thrown = coroutine.throw(thrown), None
                except StopIteration:
                    return
            try:
                sent = yield waiting  # the loop's turn: the lock is free here
            except GeneratorExit:  # closed while suspended: close the app's coroutine too
                with lock:
                    coroutine.close()
                raise
            except BaseException as exc:  # a cancellation, thrown into the app where it waits
                sent, thrown = None, exc


class Serialized:
    """ASGI middleware: each synchronous stretch of ``app`` runs holding ``lock``."""

    def __init__(self, app: App, lock: threading.Lock) -> None:
        self.app = app
        self.lock = lock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await _Steps(self.app(scope, receive, send), self.lock)
