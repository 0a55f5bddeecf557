"""Where a test session's emulator runs: a uvicorn server in a thread on a free loopback port
(its clients on the wire, or in process with the same state served all the same), or nowhere
at all (in process, through httpx transports). Each hands back a ``MeedioEmulator``.

A thread, not a subprocess: start-up is the import and the spec's compilation and nothing
else (no second interpreter), and the server dies with the test process, so a crashed run
leaves no orphan behind. The server's event loop is its own, so a test's loop (sync or
async) never serves it and cannot deadlock it.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

from ..server import create_app
from ..web.fields import ASGIApp, HeadLimits
from ..web.wire import uvicorn_options
from ._handle import MeedioEmulator
from ._shared import Serialized
from ._transports import AsyncInProcessTransport, InProcessTransport

IN_PROCESS_HOST = "meedio-emulator.invalid"  # never resolved: no request leaves the process
IN_PROCESS_ROOT = f"http://{IN_PROCESS_HOST}"


class ThreadedServer:
    """uvicorn serving ``app`` on 127.0.0.1 from a daemon thread, with ``serve``'s protocol
    and limits (``wire.uvicorn_options``; ``timeouts`` override its two timeouts)."""

    def __init__(self, app: ASGIApp, **timeouts: float) -> None:
        import uvicorn  # here: the in-process mode does without it, and its import costs start-up

        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))  # the kernel picks the port: no race with others
        self.port: int = self._socket.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", **uvicorn_options(**timeouts))
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._socket]},
            name=f"meedio-emulator:{self.port}",
            daemon=True,
        )

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the emulator did not start on {self.root}")
            time.sleep(0.002)

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self._socket.close()


def _in_process_transports(app: ASGIApp, lock: threading.Lock) -> dict[str, Any]:
    """``MeedioEmulator``'s transports into ``app``, one request's synchronous stretch at a time
    under ``lock`` (``_shared``). The header limits hold (``HeadLimits``); the timeouts do not:
    no connection, no wire, nothing to wait for."""
    local = HeadLimits(app)
    return {
        "transport": InProcessTransport(local, lock),
        "async_transport": AsyncInProcessTransport(Serialized(local, lock)),
    }


@contextlib.contextmanager
def served_in_thread(
    public_url: str | bool | None = None,
    docs_examples: bool = False,
    control_token: str | None = None,
    *,
    clients_in_process: bool = False,
) -> Iterator[MeedioEmulator]:
    """An emulator on a free loopback port for the ``with`` block, stopped at its end.

    ``public_url`` (a URL, or True for the emulator's own) points every ``redirectUrl`` there
    and serves a page for each meeting, room and queue: what a browser test opens.
    ``docs_examples`` holds the docs' example meeting, room and queue (``serve --docs-examples``).
    ``control_token`` is required on the control plane (``serve --control-token``); the
    handed-back ``MeedioEmulator`` sends it.
    ``clients_in_process`` (the pytest plugin's default): the handle's clients and helpers call
    the app in process, while ``url`` serves the same emulator on loopback; otherwise every
    call goes over the wire.
    """
    app = create_app(docs_examples=docs_examples, control_token=control_token)
    lock = threading.Lock()
    server = ThreadedServer(Serialized(app, lock) if clients_in_process else app)
    pages = server.root if public_url is True else public_url or None
    if pages:
        app.serve_pages(pages)
    transports = _in_process_transports(app, lock) if clients_in_process else {}
    server.start()
    try:
        with MeedioEmulator(
            server.root, public_url=pages, control_token=control_token, **transports
        ) as emulator:
            yield emulator
    finally:
        server.stop()


@contextlib.contextmanager
def in_process(
    docs_examples: bool = False, control_token: str | None = None
) -> Iterator[MeedioEmulator]:
    """An emulator with no port: sync clients and the control plane reach it through
    ``InProcessTransport`` (the app runs in the calling thread, no event loop), async ones
    through ``AsyncInProcessTransport`` on the test's own loop.
    """
    app = create_app(
        docs_examples=docs_examples,
        control_token=control_token,
        allow_hosts=(IN_PROCESS_HOST,),
    )
    with MeedioEmulator(
        IN_PROCESS_ROOT,
        control_token=control_token,
        **_in_process_transports(app, threading.Lock()),
    ) as emulator:
        yield emulator
