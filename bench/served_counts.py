"""The served path's cost per request, by measures other load on the machine moves little
(issue 28 point 2): the emulator's app and the bare app (``bench_served_apps.bare``) behind the
emulator's uvicorn protocol (``wire.uvicorn_options``, uvloop), fed a request's bytes through a
transport with no socket, so the two differ only by their app.

- ``instructions``: valgrind's callgrind counts the instructions of ``--number`` requests
  after a warm-up (collection on inside one ``collections.deque`` call, around the requests
  only), divided by their number. Load does not move it: how the previous passes measured.
- ``cpu``: the process's CPU time per request (``time.process_time_ns``), ``--rounds`` rounds
  of ``--number`` requests each for the four (emulator and bare app, GET and POST) in turn;
  medians, and each app's ratio. A request costs more CPU per instruction in the emulator's
  app than in the server's code (the note of issue 28, ``served3``), which counts alone miss.

    .venv/bin/python bench/served_counts.py cpu
    .venv/bin/python bench/served_counts.py instructions   # needs valgrind
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import uvicorn
import uvloop
from meedio_emulator.server import create_app
from meedio_emulator.web.wire import uvicorn_options
from uvicorn.server import ServerState

from bench_emulator import HEADERS
from bench_served_apps import CREATE_BODY, RATE_LIMIT, bare

BODY = CREATE_BODY.encode()
APPS = ("emulator", "bare")
METHODS = ("GET", "POST")


class Socketless(asyncio.Transport):
    """What the protocol writes is kept; the waiter is woken by the answer's write."""

    def __init__(self) -> None:
        super().__init__()
        self.written: list[bytes] = []
        self.waiter: asyncio.Future[None] | None = None

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        addresses = {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50000)}
        return addresses.get(name, default)

    def write(self, data: Any) -> None:
        self.written.append(bytes(data))
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    def is_closing(self) -> bool:
        return False

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def close(self) -> None:
        pass

    def can_write_eof(self) -> bool:
        return True


def _apps() -> tuple[dict[str, Any], str]:
    """The emulator's app (as ``serve --rate-limit RATE_LIMIT`` builds it) with one meeting
    to GET, and the bare app."""
    emulator = create_app(rate_limit=RATE_LIMIT)
    backend = emulator.backend
    org = backend.authenticate(HEADERS["API_KEY"], HEADERS["API_SECRET"])
    with backend.transaction():
        meeting = backend.create_meeting(
            org, owner_email="john@meedio.me", meeting_type=None, is_infinite=True, meeting_id=None
        )
    return {"emulator": emulator, "bare": bare}, meeting.id


def runner(
    app: Any, loop: asyncio.AbstractEventLoop, method: str, meeting: str
) -> Callable[[int], None]:
    """``run(n)``: n requests, one after another, on one connection of the protocol."""
    config = uvicorn.Config(app, **uvicorn_options())
    config.load()
    protocol = config.http_protocol_class(  # type: ignore[call-arg]
        config=config, server_state=ServerState(), app_state={}, _loop=loop
    )
    transport = Socketless()
    protocol.connection_made(transport)
    path = "/api/v3/meeting" if method == "POST" else f"/api/v3/meeting/{meeting}"
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1:8000"]
    head += [f"{name}: {value}" for name, value in HEADERS.items()]
    if method == "POST":
        head += [f"Content-Length: {len(BODY)}", "Content-Type: application/json"]
    raw = "\r\n".join([*head, "", ""]).encode() + (BODY if method == "POST" else b"")

    async def requests(number: int) -> None:
        for _ in range(number):
            transport.waiter = loop.create_future()
            protocol.data_received(raw)
            await transport.waiter
            await asyncio.sleep(0)  # the request's task finishes

    def run(number: int) -> None:
        loop.run_until_complete(requests(number))

    run(1)
    status = transport.written[-1].split(b" ", 2)[1]
    assert status in (b"200", b"201"), transport.written[-1][:300]
    return run


def cpu(rounds: int, number: int) -> str:
    apps, meeting = _apps()
    loop = uvloop.new_event_loop()
    runs = {(a, m): runner(apps[a], loop, m, meeting) for m in METHODS for a in APPS}
    seen: dict[tuple[str, str], list[float]] = {key: [] for key in runs}
    for _ in range(rounds):
        for key, run in runs.items():
            start = time.process_time_ns()
            run(number)
            seen[key].append((time.process_time_ns() - start) / number / 1000)
    lines = [f"CPU µs per request, median of {rounds} rounds of {number:,} (min-max):"]
    for (app, method), values in seen.items():
        low, high = min(values), max(values)
        median = statistics.median(values)
        lines.append(f"  {method:4} {app:8} {median:6.1f} ({low:.1f}-{high:.1f})")
    for method in METHODS:
        pairs = zip(seen[("bare", method)], seen[("emulator", method)], strict=True)
        share = statistics.median(b / e for b, e in pairs)
        lines.append(f"  {method}: the bare app's CPU over the emulator's {share:.3f}")
    return "\n".join(lines)


def _counted(app: str, method: str, number: int) -> None:
    """Run under callgrind: a warm-up, then ``number`` requests inside one deque call."""
    apps, meeting = _apps()
    run = runner(apps[app], uvloop.new_event_loop(), method, meeting)
    run(200)
    collections.deque((run(number) for _ in range(1)), maxlen=0)


def instructions(number: int) -> str:
    lines = [f"instructions per request (callgrind, {number} requests after 200):"]
    counts: dict[tuple[str, str], float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for method in METHODS:
            for app in APPS:
                command = [
                    *("valgrind", "--tool=callgrind", "--collect-atstart=no"),
                    "--toggle-collect=deque_init",
                    f"--callgrind-out-file={scratch}/callgrind.out",
                    *(sys.executable, __file__, "_counted", app, method, str(number)),
                ]
                env = {**os.environ, "PYTHONHASHSEED": "0"}
                done = subprocess.run(  # noqa: S603 - fixed command
                    command, capture_output=True, text=True, check=True, env=env
                )
                found = re.search(r"Collected : (\d+)", done.stderr)
                assert found is not None, done.stderr[-2000:]
                counts[(app, method)] = int(found.group(1)) / number
                lines.append(f"  {method:4} {app:8} {counts[(app, method)] / 1000:7.1f}k")
    for method in METHODS:
        share = counts[("bare", method)] / counts[("emulator", method)]
        lines.append(f"  {method}: the bare app's count over the emulator's {share:.3f}")
    return "\n".join(lines)


def main() -> None:
    if sys.argv[1:2] == ["_counted"]:
        _counted(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("measure", choices=("cpu", "instructions"))
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--number", type=int, default=0, help="requests a run (cpu: 3000)")
    options = parser.parse_args()
    if options.measure == "cpu":
        print(cpu(options.rounds, options.number or 3000))
    else:
        print(instructions(options.number or 300))


if __name__ == "__main__":
    main()
