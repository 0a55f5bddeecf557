"""Raw-socket helpers for the wire tests, and the two ways of serving the emulator with
one-second timeouts (the defaults, 5 s and 10 s, are checked against the README in
``test_wire_limits.py``)."""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Iterator
from typing import Any

import jsonschema  # type: ignore[import-untyped]
from meedio_emulator.launch import served
from meedio_emulator.server import create_app
from meedio_emulator.testing import MeedioEmulator, ThreadedServer
from meedio_emulator_control.api.control import list_requests
from meedio_emulator_control.models import Journal

from tests.support import spec

SHORT = 1.0  # seconds, both timeouts


@contextlib.contextmanager
def serve_process(*args: str) -> Iterator[str]:
    """``meedio-emulator serve`` in a process; yields its root URL."""
    timeouts = ("--idle-timeout", str(SHORT), "--request-timeout", str(SHORT))
    with served("--rate-limit", "0", *timeouts, *args) as emulator:
        yield emulator.root


@contextlib.contextmanager
def serve_thread() -> Iterator[str]:
    """The pytest plugin's server thread; yields its root URL."""
    server = ThreadedServer(create_app(rate_limit=None), idle_timeout=SHORT, request_timeout=SHORT)
    server.start()
    try:
        yield server.root
    finally:
        server.stop()


SERVERS = {"serve": serve_process, "thread": serve_thread}


class Answer:
    """One HTTP answer read off a socket: status, lower-case headers, body, and whether the
    server closed the connection after it."""

    def __init__(self, head: bytes, body: bytes, closed: bool) -> None:
        status_line, *lines = head.decode("latin-1").split("\r\n")
        self.status = int(status_line.split(" ")[1])
        self.headers = {k.lower(): v for k, _, v in (line.partition(": ") for line in lines)}
        self.body = body
        self.closed = closed

    def json(self) -> Any:
        return json.loads(self.body)


def read_answer(sock: socket.socket) -> Answer:
    """One answer by its Content-Length, then whether the connection is closed (EOF)."""
    buffer = b""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError(f"closed without an answer after {buffer[:200]!r}")
        buffer += chunk
    head, _, body = buffer.partition(b"\r\n\r\n")
    answer = Answer(head, b"", closed=False)
    length = int(answer.headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError("closed inside a body")
        body += chunk
    answer.body = body[:length]
    if answer.headers.get("connection") == "close":
        answer.closed = sock.recv(65536) == b""
    return answer


def exchange(root: str, request: bytes, timeout: float = 10) -> Answer:
    """Send ``request`` on a new connection and read one answer."""
    host, port = root.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(request)
        return read_answer(sock)


def assert_error_shaped(answer: Answer, status: int) -> None:
    """``status`` with a body in the spec's ``Error`` shape, as JSON."""
    assert answer.status == status, (answer.status, answer.body[:300])
    assert answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    schema = {"components": spec()["components"], "$ref": "#/components/schemas/Error"}
    jsonschema.Draft202012Validator(schema).validate(body)
    assert body["statusCode"] == status


def snapshot(root: str) -> tuple[Any, int]:
    """What the emulator holds (clock aside) and how many Meedio requests its journal lists."""
    with MeedioEmulator(root) as emulator:
        state = emulator.state()
        journal = list_requests.sync_detailed(client=emulator.control).parsed
    assert isinstance(journal, Journal), journal
    state.pop("clock", None)
    return state, journal.recorded
