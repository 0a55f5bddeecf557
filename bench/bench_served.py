"""Issue 20, goal 3: the emulator served near the ceiling (part of ``make bench``).

``meedio-emulator serve`` (uvicorn, the emulator's wire, full validation, auth, the journal,
the rate limiter on with a limit never reached: ``--rate-limit 0`` would turn it off) against
a bare ASGI app answering a fixed meeting JSON (``bench_served_apps.bare``) on the same
uvicorn/httptools/uvloop stack and wire options; goals (issue 28, ``GOALS``): at least 0.85 of
its requests/s for ``GET /api/v3/meeting/{id}`` and 0.6 for ``POST /api/v3/meeting`` (issue 20's
was 0.75 for both). Beside them, for the record: the
bare app on uvicorn's own httptools protocol, and granian 1 worker (ASGI interface, uvloop,
HTTP/1) serving the bare app and the emulator's app (``bench_served_apps.emulator``).

wrk, 1 thread, 32 connections; for each endpoint, rounds visiting every server in turn (the
order rotated each round), one wrk run per server each; requests/s and p99 are the median
run's, a ratio the median of each round's ratio. Servers listen on 127.0.0.1, ports from
18200-18299 (``BENCH_PORTS=first-last`` to move them).

Alone (the section on stdout; shorter runs while iterating):

    .venv/bin/python bench/bench_served.py
    .venv/bin/python bench/bench_served.py --rounds 1 --seconds 2
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from meedio_emulator.launch import EmulatorProcess

import bench_served_parts
from bench_emulator import HEADERS, Load, load_average, wrk
from bench_served_apps import CREATE_BODY, RATE_LIMIT

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "bench"
ROUNDS, SECONDS = 5, 4
GOALS = {"GET": 0.85, "POST": 0.6}  # issue 28: the emulator's requests/s over the bare app's
GRANIAN = [
    *("--interface", "asgi", "--workers", "1", "--loop", "uvloop", "--http", "1"),
    *("--no-ws", "--log-level", "warning", "--working-dir", str(SCRIPTS)),
]


def port_in_range() -> int:
    """A port free on 127.0.0.1 in ``BENCH_PORTS`` (default 18200-18299)."""
    first, last = map(int, os.environ.get("BENCH_PORTS", "18200-18299").split("-"))
    for port in range(first, last + 1):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit(f"no free port in {first}-{last}")


@dataclass
class Server:
    name: str
    command: list[str] = field(default_factory=list)  # empty: meedio-emulator serve
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    emulator: EmulatorProcess | None = None
    meeting: str = "e91254af-e761-4fdb-abe8-b4b1f7f02415"  # any id does for the bare app

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def start(self) -> None:
        self.port = port_in_range()
        if not self.command:
            self.emulator = EmulatorProcess("--rate-limit", str(RATE_LIMIT), port=self.port)
        else:  # its own session: granian's workers are stopped with it
            command = [part.replace("{port}", str(self.port)) for part in self.command]
            self.process = subprocess.Popen(  # noqa: S603 - fixed commands
                command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )

    def ready(self, timeout: float = 60.0) -> None:
        """Up, and answering both endpoints with a meeting (so wrk measures no error path)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                httpx.get(f"{self.root}/v3/meeting/{self.meeting}", headers=HEADERS)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"{self.name} did not start on {self.root}") from None
                time.sleep(0.1)
        headers = {**HEADERS, "Content-Type": "application/json"}
        created = httpx.post(f"{self.root}/v3/meeting", headers=headers, content=CREATE_BODY)
        assert created.status_code == 201, (self.name, created.status_code, created.text)
        self.meeting = created.json()["id"]
        got = httpx.get(f"{self.root}/v3/meeting/{self.meeting}", headers=HEADERS)
        assert got.status_code == 200, (self.name, got.status_code, got.text)
        assert got.json()["id"] == self.meeting, (self.name, got.text)
        process = self.emulator.process if self.emulator else self.process
        assert process is not None
        assert process.poll() is None, f"{self.name} exited"

    def cpu_seconds(self) -> float:
        """CPU time of the server's process and its children (granian's worker) so far."""
        process = self.emulator.process if self.emulator else self.process
        assert process is not None
        return _cpu_seconds(process.pid)

    def stop(self) -> None:
        if self.emulator is not None:
            self.emulator.stop()
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # the session started above, only
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return total + sum(_cpu_seconds(int(child)) for child in children)


@dataclass(frozen=True)
class Run:
    load: Load
    cpu_us: float  # the server's CPU time per request


def servers() -> list[Server]:
    python, granian = sys.executable, str(Path(sys.executable).parent / "granian")
    bare = str(SCRIPTS / "bench_served_apps.py")
    return [
        Server("bare app, uvicorn, the emulator's wire", [python, bare, "wire", "{port}"]),
        Server("emulator, uvicorn (`meedio-emulator serve`)"),
        Server("bare app, uvicorn's own httptools protocol", [python, bare, "stock", "{port}"]),
        Server(
            "bare app, granian", [granian, *GRANIAN, "--port", "{port}", "bench_served_apps:bare"]
        ),
        Server(
            "emulator, granian",
            [granian, *GRANIAN, "--port", "{port}", "--factory", "bench_served_apps:emulator"],
        ),
    ]


def measure(rounds: int, seconds: int) -> tuple[list[Server], dict[tuple[str, str], list[Run]]]:
    """Every server started, then per endpoint ``rounds`` of one wrk run per server."""
    started = servers()
    runs: dict[tuple[str, str], list[Run]] = {}
    try:
        for server in started:  # one at a time: each takes the next free port
            server.start()
            server.ready()
        for method in ("GET", "POST"):
            for round_ in range(rounds):
                shift = round_ % len(started)
                for server in started[shift:] + started[:shift]:
                    path = f"/v3/meeting/{server.meeting}" if method == "GET" else "/v3/meeting"
                    body = CREATE_BODY if method == "POST" else None
                    cpu = server.cpu_seconds()
                    load = wrk(server.root + path, method, body, duration=seconds)
                    cpu_us = (server.cpu_seconds() - cpu) / (load.rps * seconds) * 1e6
                    runs.setdefault((method, server.name), []).append(Run(load, cpu_us))
    finally:
        for server in started:
            server.stop()
    return started, runs


def run(rounds: int = ROUNDS, seconds: int = SECONDS) -> str:
    if shutil.which("wrk") is None:
        raise SystemExit("make bench needs wrk (Debian package 'wrk')")
    before = load_average()
    started, runs = measure(rounds, seconds)
    names = [server.name for server in started]
    ceiling, ours, granian_bare, granian_ours = names[0], names[1], names[3], names[4]

    def ratios(method: str, mine: str, base: str) -> list[float]:
        pairs = zip(runs[(method, mine)], runs[(method, base)], strict=True)
        return [m.load.rps / b.load.rps for m, b in pairs]

    def ratio(method: str, mine: str, base: str) -> float:
        return statistics.median(ratios(method, mine, base))

    lines = [
        "## The emulator served, against a bare app on the same server (issue 20, goal 3)",
        "",
        f"`python bench/bench_served.py`. Before: {before}.",
        "",
        f"wrk 1 thread, 32 connections, {seconds} s runs; for each endpoint {rounds} rounds "
        "that visit every server in turn (order rotated); requests/s and p99 of the median "
        "run, ratios the median of the rounds' ratios (in brackets their least and greatest: "
        "this machine's speed moves between runs); server CPU: the server's processes' "
        "CPU time during a run over its requests (median; less moved than requests/s by "
        "other load on the machine). The emulator: full validation, auth, "
        f"the journal, `--rate-limit {RATE_LIMIT}` (the limiter counts every request; "
        "`--rate-limit 0` turns it off). The bare app (`bench/bench_served_apps.py`) reads "
        "the body and answers the spec's example meeting. granian: "
        f"`granian {' '.join(GRANIAN[:-2])}` (1 worker). Goals (issue 28): the emulator under "
        f"uvicorn at least {GOALS['GET']} (GET) and {GOALS['POST']} (POST) of the bare app on "
        "the same uvicorn stack and wire options.",
        "",
        "| endpoint | server | requests/s | p99 ms | non-2xx | server CPU µs/request "
        "| requests/s against the bare app, uvicorn |",
        "|---|---|---|---|---|---|---|",
    ]
    for method in ("GET", "POST"):
        label = "GET /api/v3/meeting/{id}" if method == "GET" else "POST /api/v3/meeting"
        for name in names:
            median = sorted(runs[(method, name)], key=lambda run: run.load.rps)[rounds // 2].load
            errors = sum(run.load.errors for run in runs[(method, name)])
            cpu_us = statistics.median(run.cpu_us for run in runs[(method, name)])
            each = ratios(method, name, ceiling)
            share = statistics.median(each)
            spread = "" if name == ceiling else f" ({min(each):.2f}-{max(each):.2f})"
            goal = GOALS[method]
            verdict = "met" if share >= goal else "not met"
            cell = f"**{share:.3f}**{spread} (goal >= {goal}: {verdict})"
            lines.append(
                f"| {label} | {name} | {median.rps:,.0f} | {median.p99_ms:.2f} | {errors} | "
                f"{cpu_us:.1f} | "
                f"{cell if name == ours else f'{share:.2f}{spread}'} |"
            )
    lines.append("")
    for method in ("GET", "POST"):
        under_granian = ratio(method, granian_ours, granian_bare)
        bare_servers = ratio(method, granian_bare, ceiling)
        ours_servers = ratio(method, granian_ours, ours)
        lines.append(
            f"- {method}: emulator/bare app under granian {under_granian:.2f}; granian/uvicorn "
            f"for the bare app {bare_servers:.2f}, for the emulator {ours_servers:.2f}"
        )
    lines += ["", f"After: {load_average()}.", ""]
    bare_cpu = {m: statistics.median(r.cpu_us for r in runs[(m, ceiling)]) for m in ("GET", "POST")}
    lines += bench_served_parts.table(bare_cpu, GOALS)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--seconds", type=int, default=SECONDS)
    options = parser.parse_args()
    print(run(options.rounds, options.seconds))


if __name__ == "__main__":
    main()
