"""Issue 22, point 2: a request that does not arrive whole in time is a 408 and its connection
closed (slowloris), while other clients are served; an idle connection is closed, before its
first request and after an answer. The servers here time out after ``SHORT`` (1 s); the
defaults are checked in ``test_wire_limits.py``. The bounds are the timeout plus a margin
for a busy machine, not performance figures."""

from __future__ import annotations

import select
import socket
import threading
import time

import httpx
import pytest

from tests.support import MEDICAL
from tests.support.wire import SHORT, Answer, assert_error_shaped, read_answer, snapshot

pytestmark = pytest.mark.waits

MARGIN = 3.0  # seconds a loaded machine may add to a timeout
AUTH = "".join(f"{name}: {value}\r\n" for name, value in MEDICAL.items())


def _connect(root: str) -> socket.socket:
    host, port = root.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=SHORT + MARGIN)


def _slowloris(root: str, results: list[tuple[float, Answer | Exception]]) -> None:
    """A request line, then one header line every 0.2 s, never the end of the headers."""
    try:
        with _connect(root) as sock:
            began = time.monotonic()
            sock.sendall(b"GET /api/v3/organizations HTTP/1.1\r\nHost: x\r\n")
            while time.monotonic() - began < SHORT + MARGIN:
                if select.select([sock], [], [], 0.2)[0]:
                    break  # the server spoke (or closed)
                sock.sendall(b"X-Slow: 1\r\n")
            answer = read_answer(sock)
            results.append((time.monotonic() - began, answer))
    except Exception as exc:
        results.append((float("nan"), exc))


def test_slowloris_connections_get_a_408_in_time_while_others_are_served(root: str) -> None:
    before = snapshot(root)
    results: list[tuple[float, Answer | Exception]] = []
    attackers = [threading.Thread(target=_slowloris, args=(root, results)) for _ in range(20)]
    for attacker in attackers:
        attacker.start()
    served = 0
    with httpx.Client(base_url=root, headers=MEDICAL, trust_env=False, timeout=5) as api:
        while any(attacker.is_alive() for attacker in attackers) and served < 200:
            assert api.get("/api/v3/organizations").status_code == 200
            served += 1
            time.sleep(0.02)
    for attacker in attackers:
        attacker.join(timeout=SHORT + MARGIN)
    assert served >= 5  # served all along, not only before or after
    assert len(results) == 20
    for took, answer in results:
        assert isinstance(answer, Answer), answer
        assert_error_shaped(answer, 408)
        assert answer.closed
        assert SHORT * 0.9 <= took <= SHORT + MARGIN, took
    state, seen = snapshot(root)
    assert (state, seen) == (before[0], before[1] + served)  # no slowloris reached the app


def test_a_stalled_body_is_a_408_and_nothing_is_created(root: str) -> None:
    before = snapshot(root)
    with _connect(root) as sock:
        sock.sendall(
            f"POST /api/v3/room HTTP/1.1\r\nHost: x\r\n{AUTH}Content-Type: application/json\r\n"
            'Content-Length: 100\r\n\r\n{"slug": "stalled"'.encode()
        )
        began = time.monotonic()
        answer = read_answer(sock)
        took = time.monotonic() - began
    assert_error_shaped(answer, 408)
    assert answer.closed
    assert took <= SHORT + MARGIN
    assert snapshot(root)[0] == before[0]
    with httpx.Client(base_url=root, trust_env=False) as control:
        last = control.get("/_emulator/requests").json()["requests"][-1]
    assert (last["operationId"], last["status"]) == ("createRoom", None)  # the app saw it cut


def _closed_within(sock: socket.socket, seconds: float) -> float:
    """Seconds until the server closes ``sock`` (sending nothing), at most ``seconds``."""
    began = time.monotonic()
    sock.settimeout(seconds)
    assert sock.recv(65536) == b""
    return time.monotonic() - began


def test_idle_connections_are_closed_before_and_after_a_request(root: str) -> None:
    with _connect(root) as silent:  # never sends a byte
        assert _closed_within(silent, SHORT + MARGIN) >= SHORT * 0.9
    with _connect(root) as kept:
        kept.sendall(f"GET /api/v3/organizations HTTP/1.1\r\nHost: x\r\n{AUTH}\r\n".encode())
        answer = read_answer(kept)
        assert (answer.status, answer.closed) == (200, False)
        assert _closed_within(kept, SHORT + MARGIN) >= SHORT * 0.9
