"""Run the emulator as its own process on loopback and wait for its health: one home for what
the contract runner and the test suites both need."""

from __future__ import annotations

import contextlib
import http.client
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import IO

# The docs' example key pair, which a launched emulator accepts: re-exported here so a process
# that only launches one (the nightly runner) need not import the in-process harness (testing).
from .domain.seed import DOCS_API_KEY, DOCS_API_SECRET

__all__ = ["DOCS_API_KEY", "DOCS_API_SECRET", "EmulatorProcess", "free_port", "served"]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class EmulatorProcess:
    """``meedio-emulator serve`` in a child process; output goes to a temporary file."""

    def __init__(self, *args: str, port: int | None = None) -> None:
        self.port = port or free_port()
        self.root = f"http://127.0.0.1:{self.port}"
        # Closed in stop(); a file, not a pipe, so a chatty server never blocks on it.
        self._output: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._final_output = ""
        command = [sys.executable, "-m", "meedio_emulator", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(  # noqa: S603 - our own CLI, fixed arguments
            [*command, *args], stdout=self._output, stderr=subprocess.STDOUT
        )

    def wait_healthy(self, timeout: float = 60.0) -> None:
        """Return once ``/_emulator/health`` answers 200; raise with the output otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            if self._healthy():
                return
            time.sleep(0.05)
        raise RuntimeError(f"the emulator did not become healthy on {self.root}:\n{self.output()}")

    def _healthy(self) -> bool:
        """One GET of the health route, with the standard library's client: the port is plain
        HTTP on loopback, and an httpx client would build a TLS context for it (25 ms of CPU)
        on every poll."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
        try:
            connection.request("GET", "/_emulator/health")
            return connection.getresponse().status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            connection.close()

    def output(self) -> str:
        """What the process printed (complete once stopped: a running one buffers)."""
        if self._output.closed:
            return self._final_output
        self._output.seek(0)
        return self._output.read().decode("utf-8", errors="replace")

    def stop(self) -> None:
        """Terminate (then kill) the process and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if not self._output.closed:
            self._final_output = self.output()
            self._output.close()


@contextlib.contextmanager
def served(*args: str, port: int | None = None) -> Iterator[EmulatorProcess]:
    """A healthy emulator process for the ``with`` block, stopped at its end."""
    emulator = EmulatorProcess(*args, port=port)
    try:
        emulator.wait_healthy()
        yield emulator
    finally:
        emulator.stop()
