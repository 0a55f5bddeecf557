"""The emulator on the wire: one send per answer, and HTTP/1.1 behaviours that gathering
writes could break (``Expect: 100-continue``, pipelining, a streamed answer), served both
ways users run it (the ``serve`` process and the pytest plugin's thread)."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import httpx
import pytest
from meedio_emulator.testing import served_in_thread
from meedio_emulator.web.wire import GatheringTransport

from tests.support import MEDICAL, raw_socket, served_emulator


class RecordingTransport:
    """The few transport calls ``GatheringTransport`` makes, recorded."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False
        self.aborted = False

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def is_closing(self) -> bool:
        return self.closed or self.aborted

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = True

    def get_extra_info(self, name: str) -> str:
        return f"info:{name}"


def _gathering() -> tuple[GatheringTransport, RecordingTransport, asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    inner = RecordingTransport()
    return GatheringTransport(inner, loop), inner, loop  # type: ignore[arg-type]


def _next_turn(loop: asyncio.AbstractEventLoop) -> None:
    loop.run_until_complete(asyncio.sleep(0))


def test_writes_in_one_turn_leave_in_one_send() -> None:
    gathering, inner, loop = _gathering()
    try:
        gathering.write(b"HTTP/1.1 200 OK\r\n\r\n")
        gathering.write(bytearray(b'{"a":'))
        gathering.writelines([memoryview(b"1}")])
        assert inner.writes == []  # nothing leaves before the turn ends
        _next_turn(loop)
        assert inner.writes == [b'HTTP/1.1 200 OK\r\n\r\n{"a":1}']
        gathering.write(b"next")  # a later turn: its own send
        _next_turn(loop)
        assert inner.writes[1:] == [b"next"]
    finally:
        loop.close()


def test_close_sends_what_is_held_first_and_abort_drops_it() -> None:
    gathering, inner, loop = _gathering()
    try:
        gathering.write(b"last words")
        gathering.close()
        assert (inner.writes, inner.closed) == ([b"last words"], True)
        _next_turn(loop)  # the scheduled send finds nothing left to send
        assert inner.writes == [b"last words"]
    finally:
        loop.close()
    gathering, inner, loop = _gathering()
    try:
        gathering.write(b"dropped")
        gathering.abort()
        _next_turn(loop)
        assert (inner.writes, inner.aborted) == ([], True)
        assert gathering.get_extra_info("peername") == "info:peername"
    finally:
        loop.close()


# -- served ------------------------------------------------------------------------------


@contextmanager
def _thread_root() -> Iterator[str]:
    with served_in_thread() as emulator:
        yield emulator.url


def _process_root() -> AbstractContextManager[str]:
    return served_emulator("--rate-limit", "0")


SERVERS: dict[str, Callable[[], AbstractContextManager[str]]] = {
    "serve": _process_root,
    "thread": _thread_root,
}
AUTH = "".join(f"{name}: {value}\r\n" for name, value in MEDICAL.items())


def _read_answers(sock: socket.socket, count: int) -> list[tuple[bytes, bytes]]:
    """``count`` complete answers (head, body) from ``sock``, by their Content-Length."""
    buffer = b""
    answers: list[tuple[bytes, bytes]] = []
    while len(answers) < count:
        while b"\r\n\r\n" not in buffer:
            buffer += sock.recv(65536) or pytest.fail(f"closed after {buffer!r}")
        head, _, buffer = buffer.partition(b"\r\n\r\n")
        fields = dict(line.split(b": ", 1) for line in head.split(b"\r\n")[1:] if b": " in line)
        length = int(fields.get(b"content-length", b"0"))
        while len(buffer) < length:
            buffer += sock.recv(65536) or pytest.fail("closed inside a body")
        answers.append((head, buffer[:length]))
        buffer = buffer[length:]
    return answers


@pytest.mark.parametrize("server", SERVERS)
def test_expect_100_continue_is_answered_before_the_body_is_sent(server: str) -> None:
    body = json.dumps({"slug": "continued", "title": "after 100"}).encode()
    with SERVERS[server]() as root, raw_socket(root, timeout=5) as sock:
        sock.sendall(
            f"POST /api/v3/room HTTP/1.1\r\nHost: x\r\n{AUTH}Content-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nExpect: 100-continue\r\n\r\n".encode()
        )
        # The interim answer must come while the body is still unsent (5 s timeout).
        ((interim, _),) = _read_answers(sock, 1)
        assert interim.startswith(b"HTTP/1.1 100"), interim
        sock.sendall(body)
        ((head, created),) = _read_answers(sock, 1)
    assert head.startswith(b"HTTP/1.1 201"), head
    assert json.loads(created)["redirectUrl"].endswith("/continued")


@pytest.mark.parametrize("server", SERVERS)
def test_pipelined_requests_get_their_answers_in_order(server: str) -> None:
    requests = b"".join(
        f"GET {path} HTTP/1.1\r\nHost: x\r\n{AUTH}\r\n".encode()
        for path in ("/api/v3/organizations", "/api/v3/room/none", "/api/v3/organizations")
    )
    with SERVERS[server]() as root, raw_socket(root, timeout=5) as sock:
        sock.sendall(requests)
        answers = _read_answers(sock, 3)
    statuses = [head.split(b" ")[1] for head, _ in answers]
    assert statuses == [b"200", b"404", b"200"]
    assert json.loads(answers[1][1])["statusCode"] == 404
    assert json.loads(answers[0][1]) == json.loads(answers[2][1])


@pytest.mark.parametrize("server", SERVERS)
def test_a_streamed_answer_and_a_204_arrive_whole(server: str) -> None:
    with SERVERS[server]() as root, httpx.Client(base_url=root, headers=MEDICAL) as api:
        for number in range(300):  # the dump is written in pieces of 100 objects
            assert api.post("/api/v3/room", json={"slug": f"r{number}"}).status_code == 201
        state = api.get("/_emulator/state")
        assert len(state.json()["rooms"]) == 300
        cleared = api.delete("/_emulator/requests")
        assert (cleared.status_code, cleared.content) == (204, b"")
        assert api.get("/api/v3/organizations").status_code == 200  # the connection is sound


@pytest.mark.parametrize("server", SERVERS)
def test_malformed_http_is_error_shaped_however_the_emulator_is_served(server: str) -> None:
    with SERVERS[server]() as root, raw_socket(root, timeout=5) as sock:
        sock.sendall(b"GARBAGE\r\n\r\n")
        (head, body), *_ = _read_answers(sock, 1)
    assert head.startswith(b"HTTP/1.1 400")
    assert json.loads(body)["statusCode"] == 400
