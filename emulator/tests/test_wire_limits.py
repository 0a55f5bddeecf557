"""Issue 22, points 1 and 4 (the version): header size and count are a 431 in the Error shape,
served and in process, and the process's memory stays bounded under oversized heads; a
request line naming HTTP/2.0 is a 505. The limits are the README's."""

from __future__ import annotations

import re
import socket
import threading
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from meedio_emulator.cli import serve
from meedio_emulator.launch import EmulatorProcess
from meedio_emulator.testing import in_process
from meedio_emulator.web.intake import MAX_BODY_BYTES
from meedio_emulator.web.limits import (
    IDLE_TIMEOUT,
    LINGER_TIME,
    MAX_HEADER_BYTES,
    MAX_HEADERS,
    REQUEST_TIMEOUT,
)
from meedio_emulator.web.wire import uvicorn_options

from tests.support import MEDICAL
from tests.support.wire import Answer, assert_error_shaped, exchange, read_answer, snapshot

README = Path(__file__).resolve().parents[1] / "README.md"
AUTH = "".join(f"{name}: {value}\r\n" for name, value in MEDICAL.items())
GET = "GET /api/v3/organizations HTTP/1.1\r\nHost: x\r\n" + AUTH


def _padded(total: int) -> bytes:
    """A GET whose request line and header section take exactly ``total`` bytes."""
    bare = len(GET) + len("X-Pad: \r\n\r\n")
    return f"{GET}X-Pad: {'a' * (total - bare)}\r\n\r\n".encode()


def test_the_limits_are_the_readmes_and_the_defaults() -> None:
    rows = dict(re.findall(r"^\| ([^|]+?) \| ([\d.]+) \|", README.read_text(), re.MULTILINE))
    assert {name: float(value) for name, value in rows.items()} == {
        "Request line and headers, bytes": MAX_HEADER_BYTES,
        "Header fields": MAX_HEADERS,
        "Body, bytes": MAX_BODY_BYTES,
        "Request, first byte to last, s": REQUEST_TIMEOUT,
        "Idle connection, s": IDLE_TIMEOUT,
        "Refused connection read and dropped, s": LINGER_TIME,
    }
    assert (MAX_HEADER_BYTES, MAX_HEADERS, REQUEST_TIMEOUT, IDLE_TIMEOUT) == (16384, 100, 10, 5)
    options = uvicorn_options()
    assert options["timeout_keep_alive"] == IDLE_TIMEOUT
    assert options["http"].request_timeout == REQUEST_TIMEOUT
    shown = CliRunner().invoke(serve, ["--help"], terminal_width=200).output
    assert f"[default: {IDLE_TIMEOUT}" in shown.split("--idle-timeout")[1].split("--")[0]
    assert f"[default: {REQUEST_TIMEOUT}" in shown.split("--request-timeout")[1].split("--")[0]
    shorter = uvicorn_options(idle_timeout=1, request_timeout=2)
    assert (shorter["timeout_keep_alive"], shorter["http"].request_timeout) == (1, 2)


def test_header_bytes_past_the_limit_are_a_431_and_nothing_is_done(root: str) -> None:
    before = snapshot(root)
    assert exchange(root, _padded(MAX_HEADER_BYTES)).status == 200  # the limit itself is fine
    after_one = snapshot(root)
    refused = exchange(root, _padded(MAX_HEADER_BYTES + 1))
    assert_error_shaped(refused, 431)
    assert refused.closed
    # A head far past the limit, sent while the server refuses it: the answer still arrives.
    huge = exchange(root, _padded(4 * 1024 * 1024))
    assert_error_shaped(huge, 431)
    assert snapshot(root) == after_one  # neither refused request reached the app
    assert after_one[1] == before[1] + 1


def test_header_fields_past_the_count_are_a_431(root: str) -> None:
    before = snapshot(root)
    fields = GET.count("\r\n") - 1  # Host and the two credentials
    extra = "".join(f"X-{n}: {n}\r\n" for n in range(MAX_HEADERS - fields))
    assert exchange(root, f"{GET}{extra}\r\n".encode()).status == 200
    refused = exchange(root, f"{GET}{extra}X-One-More: 1\r\n\r\n".encode())
    assert_error_shaped(refused, 431)
    assert refused.closed
    state, seen = snapshot(root)
    assert (state, seen) == (before[0], before[1] + 1)


@pytest.mark.parametrize("version", ["HTTP/2.0", "HTTP/0.9"])
def test_a_request_line_of_another_http_version_is_a_505(root: str, version: str) -> None:
    before = snapshot(root)
    body = '{"slug":"versioned"}'
    request = (
        f"POST /api/v3/room {version}\r\nHost: x\r\n{AUTH}Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n{body}"
    )
    refused = exchange(root, request.encode())
    assert_error_shaped(refused, 505)
    assert "HTTP/1.1" in refused.json()["message"]
    assert snapshot(root) == before


def test_the_header_limits_hold_in_process() -> None:
    with (
        in_process() as emulator,
        httpx.Client(transport=emulator.transport, base_url=emulator.api_url) as http,
    ):
        http.headers.update(MEDICAL)
        before = emulator.state()
        many = [(f"X-{n}", "1") for n in range(MAX_HEADERS)]
        assert http.get("/v3/organizations", headers=many).status_code == 431
        answer = http.post(
            "/v3/room", json={"slug": "padded"}, headers={"X-Pad": "a" * MAX_HEADER_BYTES}
        )
        assert answer.status_code == 431
        assert answer.json()["statusCode"] == 431
        assert http.get("/v3/organizations").status_code == 200
        assert emulator.state()["rooms"] == before["rooms"]


def _rss_kib(pid: int, field: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE).group(1))  # type: ignore[union-attr]


OVERSIZED = 8 * 1024 * 1024  # bytes of headers each connection tries to send
RSS_BOUND_KIB = 32 * 1024  # the peak may exceed the idle process by at most 32 MiB


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_twenty_oversized_heads_leave_the_memory_bounded() -> None:
    """Before the limits, one 257 MB head grew the process by 275 MB; 20 heads of 8 MiB each
    (160 MiB in all) must now cost at most 32 MiB at the peak (VmHWM)."""
    emulator = EmulatorProcess("--rate-limit", "0")
    try:
        emulator.wait_healthy()
        pid = emulator.process.pid
        assert httpx.get(f"{emulator.root}/_emulator/state").status_code == 200
        idle = _rss_kib(pid, "VmRSS")
        answers: list[Answer | Exception] = []

        def flood() -> None:
            piece = b"X-Pad: " + b"a" * 65_000 + b"\r\n"
            host, port = emulator.root.removeprefix("http://").split(":")
            try:
                with socket.create_connection((host, int(port)), timeout=10) as sock:
                    try:
                        sock.sendall(GET.encode())
                        for _ in range(OVERSIZED // len(piece)):
                            sock.sendall(piece)
                    except OSError:
                        pass  # refused and closed while sending: the answer is still there
                    answers.append(read_answer(sock))
            except Exception as exc:
                answers.append(exc)

        threads = [threading.Thread(target=flood) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        peak = _rss_kib(pid, "VmHWM")
        assert len(answers) == 20
        for answer in answers:
            assert isinstance(answer, Answer), answer
            assert_error_shaped(answer, 431)
        assert peak - idle < RSS_BOUND_KIB, (idle, peak)
        assert httpx.get(f"{emulator.root}/_emulator/health").status_code == 200
    finally:
        emulator.stop()
