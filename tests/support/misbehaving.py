"""Loopback HTTP servers that misbehave the way broken proxies, gateways and overloaded load
balancers do (issue 32), shared by the client's tests and ``bench/misbehaving_client.py``.

Each is a plain socket server in one daemon thread per connection: no framework between the
bytes and the client, so a test controls exactly when each byte leaves. A server answers
``HEALTHY`` (a valid organization) once ``healthy`` is set, so a test can check that the
next call on the same client succeeds. It counts the connections it holds open, so a test
can check that the client closed the ones it gave up on.
"""

from __future__ import annotations

import contextlib
import re
import socket
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

HEALTHY = b'{"name": "Clinic", "users": []}'
MIB = 1024 * 1024
# How long a misbehaving answer may last at most, whoever is listening: a cap so that a
# client without a deadline ("before" runs) cannot keep a server thread alive for ever.
MAX_MISBEHAVING = 120.0


def _head(status: str = "200 OK", *headers: str) -> bytes:
    lines = [f"HTTP/1.1 {status}", "Content-Type: application/json", *headers, "", ""]
    return "\r\n".join(lines).encode("ascii")


def gzip_bomb(inflated: int) -> bytes:
    """``inflated`` zero bytes, gzip-compressed (about 1000:1), built without holding them."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: the gzip container
    block = bytes(MIB)
    parts = [packer.compress(block) for _ in range(inflated // MIB)]
    parts.append(packer.flush())
    return b"".join(parts)


class Behaviour:
    """What a server sends after reading a request: one method per way of misbehaving."""

    def __init__(self, interval: float, size: int) -> None:
        self.interval = interval  # seconds between trickled bytes
        self.size = size  # bytes in an oversized answer (inflated, for the bomb)
        self._bomb: bytes | None = None

    def trickled_headers(self, conn: socket.socket, alive: Callable[[], bool]) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        while alive():
            conn.sendall(b"X-Slow: a\r\n")  # a header line, a byte at a time would be slower
            time.sleep(self.interval)

    def trickled_body(self, conn: socket.socket, alive: Callable[[], bool]) -> None:
        body = b" " * 200 + HEALTHY  # valid JSON, leading blanks to trickle
        conn.sendall(_head("200 OK", f"Content-Length: {len(body)}"))
        for i in range(len(body)):
            if not alive():
                return
            conn.sendall(body[i : i + 1])
            time.sleep(self.interval)

    def stalled_after_headers(self, conn: socket.socket, alive: Callable[[], bool]) -> None:
        conn.sendall(_head("200 OK", f"Content-Length: {len(HEALTHY)}"))
        while alive():
            time.sleep(0.05)

    def oversized_body(self, conn: socket.socket, alive: Callable[[], bool]) -> None:
        """Chunked, so no Content-Length gives the size away before the bytes do."""
        conn.sendall(_head("200 OK", "Transfer-Encoding: chunked"))
        chunk = b"%x\r\n" % (64 * 1024) + b"[" * (64 * 1024) + b"\r\n"
        for _ in range(self.size // (64 * 1024)):
            if not alive():
                return
            conn.sendall(chunk)
        conn.sendall(b"0\r\n\r\n")

    def oversized_content_length(self, conn: socket.socket, alive: Callable[[], bool]) -> None:
        """Announces 8 GiB, sends a little, then holds the connection."""
        conn.sendall(_head("200 OK", f"Content-Length: {8 * 1024 * MIB}") + b"[" * 1024)
        while alive():
            time.sleep(0.05)

    def gzip_bomb(self, conn: socket.socket, alive: Callable[[], bool]) -> None:
        if self._bomb is None:
            self._bomb = gzip_bomb(self.size)
        headers = ("Content-Encoding: gzip", f"Content-Length: {len(self._bomb)}")
        conn.sendall(_head("200 OK", *headers) + self._bomb)

    def cut_mid_body(self, conn: socket.socket, alive: Callable[[], bool]) -> None:
        conn.sendall(_head("200 OK", "Content-Length: 1000") + b'{"name": "Cl')

    def no_answer(self, conn: socket.socket, alive: Callable[[], bool]) -> None:
        """Reads the request and hangs up: it may have acted on it."""


WAYS = (
    "trickled_headers",
    "trickled_body",
    "stalled_after_headers",
    "oversized_body",
    "oversized_content_length",
    "gzip_bomb",
    "cut_mid_body",
)
# Not one of the seven, for the retry tests: a request that reached the server.
OTHER_WAYS = ("no_answer",)


class MisbehavingServer:
    """One way of misbehaving on 127.0.0.1 (an ephemeral port) until ``healthy`` is set."""

    def __init__(self, way: str, *, interval: float = 0.25, size: int = 64 * MIB) -> None:
        if way not in WAYS + OTHER_WAYS:
            raise ValueError(f"unknown way {way!r}: one of {', '.join(WAYS + OTHER_WAYS)}")
        self.way = way
        self.behaviour = Behaviour(interval, size)
        if way == "gzip_bomb":  # built now, not while a client is being measured
            self.behaviour._bomb = gzip_bomb(size)
        self.healthy = False
        self.accepted = 0
        self._open = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def open_connections(self) -> int:
        with self._lock:
            return self._open

    def wait_closed(self, timeout: float = 5.0) -> int:
        """The connections still open once the client had ``timeout`` s to close them."""
        end = time.monotonic() + timeout
        while self.open_connections and time.monotonic() < end:
            time.sleep(0.02)
        return self.open_connections

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.accepted += 1
                self._open += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            with conn:
                while self._read_request(conn):
                    if self.healthy:
                        conn.sendall(_head("200 OK", f"Content-Length: {len(HEALTHY)}") + HEALTHY)
                        continue
                    self._misbehave(conn)
                    return
        except OSError:
            pass  # the client went away: what these servers are for
        finally:
            with self._lock:
                self._open -= 1

    def _misbehave(self, conn: socket.socket) -> None:
        end = time.monotonic() + MAX_MISBEHAVING

        def alive() -> bool:
            """Neither stopped nor timed out, and the client has not closed its end."""
            if self._stop.is_set() or time.monotonic() > end:
                return False
            with contextlib.suppress(BlockingIOError):
                conn.setblocking(False)
                try:
                    if conn.recv(1, socket.MSG_PEEK) == b"":
                        return False
                finally:
                    conn.setblocking(True)
            return True

        getattr(self.behaviour, self.way)(conn, alive)

    @staticmethod
    def _read_request(conn: socket.socket) -> bool:
        """Read one request, head and ``Content-Length`` body; False at EOF."""
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return False
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        found = re.search(rb"(?im)^content-length:\s*(\d+)", head)
        missing = (int(found.group(1)) if found else 0) - len(body)
        while missing > 0:
            chunk = conn.recv(min(missing, 65536))
            if not chunk:
                return False
            missing -= len(chunk)
        return True

    def stop(self) -> None:
        self._stop.set()
        self._listener.close()
        self._thread.join(timeout=5)


@contextlib.contextmanager
def misbehaving(way: str, **options: float | int) -> Iterator[MisbehavingServer]:
    """A ``MisbehavingServer`` for the ``with`` block."""
    server = MisbehavingServer(
        way, interval=float(options.get("interval", 0.25)), size=int(options.get("size", 64 * MIB))
    )
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def forward_proxy(tmp: Path) -> Iterator[str]:
    """The pinned ``proxy.py`` on 127.0.0.1 in a child process; yields its URL."""
    port_file = tmp / "proxy.port"
    with (tmp / "proxy.log").open("wb") as log:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "proxy"),
                *("--hostname", "127.0.0.1", "--port", "0", "--port-file", str(port_file)),
                *("--num-acceptors", "1", "--num-workers", "1"),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            end = time.monotonic() + 30
            while not (port_file.exists() and port_file.read_text().strip()):
                if time.monotonic() > end or process.poll() is not None:
                    raise RuntimeError("proxy.py did not start")
                time.sleep(0.05)
            yield f"http://127.0.0.1:{port_file.read_text().strip()}"
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
