"""Issue 31, point 7: what fault rules cost a request none of them hits (part of ``make bench``).

``meedio-emulator serve`` with no rule, and with ten rules that do not hit the requests measured
(``--faults``: eight aimed at other operations, two at the very operations measured but with
another API key, so the engine looks at every rule and counts nothing); ``--base REV`` adds the
emulator as it was at a git revision (``git archive`` of its ``emulator/`` and ``openapi/``,
run from a temporary directory), e.g. the commit before the rules. Same load and method as
``bench_served.py``: wrk, 1 thread, 32 connections, rounds visiting every server in turn (order
rotated), requests/s of the median run, ratios the median of the rounds' ratios against "no
rule".

Alone (the section on stdout):

    .venv/bin/python bench/bench_faults.py
    .venv/bin/python bench/bench_faults.py --rounds 3 --seconds 3 --base 6faf942
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from bench_emulator import load_average, wrk
from bench_served import Server
from bench_served_apps import CREATE_BODY, RATE_LIMIT

ROOT = Path(__file__).resolve().parent.parent
ROUNDS, SECONDS = 5, 3
# The emulator before this round's fault rules (issue 31's "today"): make bench serves it beside.
BEFORE_THE_RULES = "6faf942"
OTHER_KEY = "not-the-key-the-load-sends"
TEN_RULES = [
    {"kind": "status", "operationIds": ["getRoom"], "status": 503},
    {"kind": "reset", "operationIds": ["createRoom"]},
    {"kind": "gateway", "operationIds": ["deleteMeeting"]},
    {"kind": "hang", "operationIds": ["getQueue"]},
    {"kind": "latency", "operationIds": ["createQueue"], "delay": {"ms": 500}},
    {"kind": "truncate", "operationIds": ["getOrganization"]},
    {"kind": "maintenance", "operationIds": ["meetingPage", "roomPage"]},
    {"kind": "status", "operationIds": ["updateQueue", "deleteQueue"], "probability": 0.5},
    {"kind": "close", "operationIds": ["getMeeting"], "apiKey": OTHER_KEY},
    {"kind": "status", "operationIds": ["createMeeting"], "apiKey": OTHER_KEY, "status": 500},
]


def _serve(*extra: str, pythonpath: str | None = None) -> list[str]:
    command = [sys.executable, "-m", "meedio_emulator", "serve", "--port", "{port}"]
    command += ["--rate-limit", str(RATE_LIMIT), *extra]
    return ["env", f"PYTHONPATH={pythonpath}", *command] if pythonpath else command


def _checkout(rev: str, into: Path) -> Path:
    """``emulator/`` and ``openapi/`` of ``rev``, unpacked under ``into``."""
    archive = subprocess.run(  # noqa: S603 - git, fixed arguments
        ["git", "-C", str(ROOT), "archive", rev, "emulator", "openapi"],  # noqa: S607
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    # The generated control client the old emulator imports is the installed one: same package.
    return into / "emulator"


def _in_history(rev: str) -> bool:
    found = subprocess.run(  # noqa: S603 - git, fixed arguments
        ["git", "-C", str(ROOT), "cat-file", "-e", f"{rev}^{{commit}}"],  # noqa: S607
        capture_output=True,
        check=False,
    )
    return found.returncode == 0


def run(rounds: int = ROUNDS, seconds: int = SECONDS, base: str | None = BEFORE_THE_RULES) -> str:
    if shutil.which("wrk") is None:
        raise SystemExit("make bench needs wrk (Debian package 'wrk')")
    missing = base is not None and not _in_history(base)
    if missing:  # a shallow clone: the two emulators of today are still measured
        print(f"bench_faults: {base} is not in this clone's history; measuring without it")
        base = None
    before = load_average()
    with tempfile.TemporaryDirectory() as scratch:
        rules = Path(scratch) / "ten-rules.json"
        rules.write_text(json.dumps(TEN_RULES))
        servers = [
            Server("no rule", _serve()),
            Server("ten rules that hit nothing", _serve("--faults", str(rules))),
        ]
        if base:
            old = _checkout(base, Path(scratch) / "base")
            servers.append(Server(f"before the rules ({base})", _serve(pythonpath=str(old))))
        runs: dict[tuple[str, str], list[float]] = {}
        try:
            for server in servers:
                server.start()
                server.ready()
            for method in ("GET", "POST"):
                for round_ in range(rounds):
                    shift = round_ % len(servers)
                    for server in servers[shift:] + servers[:shift]:
                        path = f"/v3/meeting/{server.meeting}" if method == "GET" else "/v3/meeting"
                        body = CREATE_BODY if method == "POST" else None
                        load = wrk(server.root + path, method, body, duration=seconds)
                        assert load.errors == 0, (server.name, method, load)
                        runs.setdefault((method, server.name), []).append(load.rps)
        finally:
            for server in servers:
                server.stop()
    reference = servers[0].name
    lines = [
        "## What fault rules cost a request none hits (issue 31)",
        "",
        f"`python bench/bench_faults.py{f' --base {base}' if base else ''}`. Before: {before}.",
        "",
        f"wrk 1 thread, 32 connections, {seconds} s runs, {rounds} rounds visiting every "
        "server in turn (order rotated); requests/s of the median run; against no rule: the "
        "median of the rounds' ratios (min-max over the rounds). Ten rules: eight aimed at "
        "other operations, two at the measured ones with another API key "
        "(`bench/bench_faults.py`).",
        "",
        "| endpoint | emulator | requests/s | against no rule (min-max) |",
        "|---|---|---|---|",
    ]
    for method in ("GET", "POST"):
        label = "GET /api/v3/meeting/{id}" if method == "GET" else "POST /api/v3/meeting"
        for server in servers:
            mine = runs[(method, server.name)]
            ratios = [m / r for m, r in zip(mine, runs[(method, reference)], strict=True)]
            spread = f"{statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})"
            lines.append(f"| {label} | {server.name} | {statistics.median(mine):,.0f} | {spread} |")
    lines += ["", f"After: {load_average()}.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--seconds", type=int, default=SECONDS)
    parser.add_argument(
        "--base", default=BEFORE_THE_RULES, help="also the emulator at this git revision"
    )
    options = parser.parse_args()
    print(run(options.rounds, options.seconds, options.base))


if __name__ == "__main__":
    main()
