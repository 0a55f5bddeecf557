"""The emulator's benchmarks: against Prism, start-up, and cost at 1k and 100k stored meetings.

Load comes from wrk (one thread, the same connections and duration for both servers) on
loopback; both servers run as separate processes on the same machine in the same run. The
emulator runs with full request validation and auth, the rate limit off.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from meedio_emulator.domain.backend import MeedioBackend
from meedio_emulator.domain.clock import OffsetClock
from meedio_emulator.domain.seed import DEFAULT_CONFIG, DOCS_API_KEY, DOCS_API_SECRET, build_seed
from meedio_emulator.domain.store import SqliteStore
from meedio_emulator.launch import EmulatorProcess, free_port

ROOT = Path(__file__).resolve().parent.parent
HEADERS = {"API_KEY": DOCS_API_KEY, "API_SECRET": DOCS_API_SECRET}
CONNECTIONS, DURATION = 32, 10
_UNIT = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


@dataclass(frozen=True)
class Load:
    rps: float
    p99_ms: float
    errors: int
    command: str


def wrk(url: str, method: str = "GET", body: str | None = None, duration: int = DURATION) -> Load:
    """Run wrk against ``url`` with both auth headers; requests/s, p99 and non-2xx count."""
    script = "\n".join(
        [f'wrk.headers["{k}"] = "{v}"' for k, v in HEADERS.items()]
        + [f'wrk.method = "{method}"']
        + (
            [f"wrk.body = '{body}'", 'wrk.headers["Content-Type"] = "application/json"']
            if body
            else []
        )
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    command = [
        "wrk",
        "-t1",
        f"-c{CONNECTIONS}",
        f"-d{duration}s",
        "--latency",
        "-s",
        handle.name,
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    Path(handle.name).unlink()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return Load(
        rps=rps,
        p99_ms=float(p99.group(1)) * _UNIT[p99.group(2)] if p99 else float("nan"),
        errors=int(errors.group(1)) if errors else 0,
        command=" ".join(command[:5]) + f" -s <lua: auth headers{', body' if body else ''}> <url>",
    )


class Prism:
    """``prism mock`` of the same spec, from node_modules (``npm ci``)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.root = f"http://127.0.0.1:{self.port}"
        binary = ROOT / "node_modules" / ".bin" / "prism"
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(binary),
                "mock",
                str(ROOT / "openapi" / "meedio-v3.yaml"),
                "--port",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.root}/v3/organizations", headers=HEADERS, timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.2)
        raise RuntimeError("prism did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def startup_seconds(runs: int = 5) -> float:
    """Median seconds from process start to the first answered Meedio request."""
    times = []
    for _ in range(runs):
        started = time.monotonic()
        emulator = EmulatorProcess("--rate-limit", "0")
        try:
            while True:
                try:
                    if (
                        httpx.get(
                            f"{emulator.root}/api/v3/organizations", headers=HEADERS, timeout=1
                        ).status_code
                        == 200
                    ):
                        break
                except httpx.TransportError:
                    time.sleep(0.005)
            times.append(time.monotonic() - started)
        finally:
            emulator.stop()
    return statistics.median(times)


def seeded_db(count: int, directory: Path) -> tuple[Path, str]:
    """An SQLite state file holding ``count`` long-lasting meetings; returns it and one id."""
    path = directory / f"meetings-{count}.db"
    store = SqliteStore(path)
    backend = MeedioBackend(build_seed(DEFAULT_CONFIG), OffsetClock(), store=store)
    org = next(iter(backend.organizations.values()))
    last = ""
    with store.batch():  # seeding speed is not what is measured
        for _ in range(count):
            last = backend.create_meeting(
                org,
                owner_email="john@meedio.me",
                meeting_type=None,
                is_infinite=True,
                meeting_id=None,
            ).id
    store.close()
    return path, last


def run() -> str:
    if shutil.which("wrk") is None:
        raise SystemExit("make bench needs wrk (Debian package 'wrk')")
    lines = ["## Emulator against Prism (issue 4)", ""]
    lines += [
        f"Both on 127.0.0.1, one process each; wrk 1 thread, {CONNECTIONS} connections, "
        f"{DURATION} s per run. Emulator: full validation and auth, `--rate-limit 0`. "
        "Prism: `prism mock openapi/meedio-v3.yaml` (stateless, answers from examples).",
        "",
        "| endpoint | server | requests/s | p99 ms | non-2xx |",
        "|---|---|---|---|---|",
    ]
    body = '{"ownerEmail":"john@meedio.me","isInfinite":true}'
    ratios = []
    emulator = EmulatorProcess("--rate-limit", "0")
    prism = Prism()
    try:
        emulator.wait_healthy()
        created = httpx.post(
            f"{emulator.root}/api/v3/meeting",
            headers=HEADERS,
            json={"ownerEmail": "john@meedio.me", "isInfinite": True},
        )
        meeting_id = created.json()["id"]
        for label, path, method in (
            ("GET /v3/meeting/{id}", f"/v3/meeting/{meeting_id}", "GET"),
            ("POST /v3/meeting", "/v3/meeting", "POST"),
        ):
            ours = wrk(f"{emulator.root}/api{path}", method, body if method == "POST" else None)
            theirs = wrk(f"{prism.root}{path}", method, body if method == "POST" else None)
            ratios.append((label, ours.rps / theirs.rps))
            lines.append(
                f"| {label} | emulator | {ours.rps:,.0f} | {ours.p99_ms:.2f} | {ours.errors} |"
            )
            lines.append(
                f"| {label} | Prism | {theirs.rps:,.0f} | {theirs.p99_ms:.2f} | {theirs.errors} |"
            )
    finally:
        emulator.stop()
        prism.stop()
    lines += [""] + [
        f"- {label}: emulator/Prism = **{ratio:.1f}x** (goal at least 3x)"
        for label, ratio in ratios
    ]
    lines += ["", f"Load command: `{ours.command}`", ""]

    lines += [
        "## Emulator start-up",
        "",
        "Median of 5, process start to first answered `GET /api/v3/organizations`: "
        f"**{startup_seconds():.2f} s**",
        "",
    ]

    lines += [
        "## Emulator cost by stored meetings",
        "",
        "Meetings preloaded through `--db`; RSS after load; `GET /v3/meeting/{id}` with wrk "
        f"({CONNECTIONS} connections, 5 s).",
        "",
        "| stored meetings | RSS MiB | requests/s | p99 ms |",
        "|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as scratch:
        for count in (1_000, 100_000):
            db, meeting_id = seeded_db(count, Path(scratch))
            emulator = EmulatorProcess("--rate-limit", "0", "--db", str(db))
            try:
                emulator.wait_healthy(timeout=300)
                load = wrk(f"{emulator.root}/api/v3/meeting/{meeting_id}", duration=5)
                rss = rss_mib(emulator.process.pid)
                lines.append(f"| {count:,} | {rss:.0f} | {load.rps:,.0f} | {load.p99_ms:.2f} |")
            finally:
                emulator.stop()
    return "\n".join(lines) + "\n"
