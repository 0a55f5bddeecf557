"""Issues 20 (goals 1 and 2) and 28 (goal 1): what a unit test pays per call to get its answer
from the emulator, against the mocks of httpx a user would write instead (part of
``make bench``).

``client.meetings.get`` and ``client.meetings.create``, sync and async, on five sides: a respx
mock of the route, a pytest-httpx mock of it (both answering the spec's example meeting), the
plugin's defaults (the emulator served in a thread, the fixtures' clients calling it in
process: ``served_in_thread(clients_in_process=True)``; ``--meedio-in-process`` runs the same
transports with no port), the emulator on loopback (``--meedio-wire``), and the floor of that
wire: a bare ASGI app answering the example meeting in the same server thread (uvicorn with
the emulator's wire), with the same client on the same wire, so what the wire costs without
any emulator shows beside it. Goals: the defaults at most 1.0x respx and at most 1.0x
pytest-httpx (issue 28); on the wire at most 2.0x respx (issue 20).

The sides run in one pytest session (``bench_mocks_calls.py``: one test per batch, timed inside
the test), in interleaved rounds with the order of the sides rotated each round; a ratio is the
median of each round's ratio between two sides in that round, on wall time. CPU time is the
whole process's (for the thread: the emulator's server thread too).

Alone (the section on stdout; fewer rounds and calls while iterating on one goal):

    .venv/bin/python bench/bench_mocks.py
    .venv/bin/python bench/bench_mocks.py --rounds 3 --calls 100
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench_served_apps import example_meeting

ROOT = Path(__file__).resolve().parent.parent
CALLS, ROUNDS = 300, 7
SIDES = ("respx", "pytest-httpx", "defaults", "wire", "bare threaded")
CALLS_OF = (("sync", "get"), ("sync", "create"), ("async", "get"), ("async", "create"))
GOALS = {"defaults": (1.0, 1.0), "wire": (2.0, None)}  # against respx, pytest-httpx
LABEL = {
    "respx": "respx mock (`respx_mock` fixture)",
    "pytest-httpx": "pytest-httpx mock (`httpx_mock` fixture)",
    "defaults": "emulator, the plugin's defaults (served in a thread, the fixtures' calls in"
    " process)",
    "wire": "emulator in a thread on loopback (`--meedio-wire`)",
    "bare threaded": "the floor of the wire: a bare ASGI app answering the example, in the same"
    " server thread, client and wire",
}


@dataclass(frozen=True)
class Batch:
    round: int  # -1: the warm-up, not recorded
    mode: str
    op: str
    side: str

    def __str__(self) -> str:
        return f"r{self.round}-{self.mode}-{self.op}-{self.side.replace(' ', '_')}"


class MockBench:
    """The plugin object of the inner pytest session: it parametrizes ``test_batch`` with the
    schedule, hands itself to the tests as the ``bench`` fixture, and keeps their timings."""

    def __init__(self, rounds: int, calls: int) -> None:
        self.rounds, self.calls = rounds, calls
        self.meeting = example_meeting()
        self.wall: dict[tuple[str, str, str], list[float]] = defaultdict(list)
        self.cpu: dict[tuple[str, str, str], list[float]] = defaultdict(list)

    def schedule(self) -> list[Batch]:
        batches = []
        for round_ in range(-1, self.rounds):
            shift = round_ % len(SIDES)  # each side first, second... in turn
            for mode, op in CALLS_OF:
                for side in SIDES[shift:] + SIDES[:shift]:
                    batches.append(Batch(round_, mode, op, side))
        return batches

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "batch" in metafunc.fixturenames:
            batches = self.schedule()
            metafunc.parametrize("batch", batches, ids=[str(b) for b in batches])

    @pytest.fixture
    def bench(self) -> MockBench:
        return self

    def record(self, batch: Batch, wall: float, cpu: float) -> None:
        if batch.round >= 0:
            key = (batch.mode, batch.op, batch.side)
            self.wall[key].append(wall / self.calls * 1e6)
            self.cpu[key].append(cpu / self.calls * 1e6)

    def ratio(self, mode: str, op: str, side: str, base: str) -> float:
        mine, theirs = self.wall[(mode, op, side)], self.wall[(mode, op, base)]
        return statistics.median(m / t for m, t in zip(mine, theirs, strict=True))


def measure(rounds: int = ROUNDS, calls: int = CALLS) -> MockBench:
    bench = MockBench(rounds, calls)
    args = [str(ROOT / "bench" / "bench_mocks_calls.py"), "-q", "-p", "no:cacheprovider"]
    output = io.StringIO()
    with contextlib.redirect_stdout(output):  # the section alone on stdout; pytest's on failure
        code = pytest.main(args, [bench])
    if code != 0:
        sys.stderr.write(output.getvalue())
        raise SystemExit(f"the benchmark's pytest session failed ({code})")
    return bench


def _cell(ratio: float, goal: float | None) -> str:
    if goal is None:
        return f"{ratio:.2f}x"
    verdict = "met" if ratio <= goal else "not met"
    return f"**{ratio:.2f}x** (goal <= {goal:.1f}x: {verdict})"


def run(rounds: int = ROUNDS, calls: int = CALLS) -> str:
    bench = measure(rounds, calls)
    one, five, fifteen = os.getloadavg()
    lines = [
        "## A unit test's answer: the emulator against mocks (issues 20 and 28)",
        "",
        f"`python bench/bench_mocks.py`: one pytest session (`-p no:cacheprovider`), "
        f"{rounds} interleaved rounds of {calls} calls per side, the sides' order rotated each "
        "round, after a warm-up round; each batch is one test, timed inside it. The mocks "
        "answer the spec's example meeting; the emulator sides are reset before each batch, "
        "as the plugin resets before each test, and hold a long-lasting meeting for `get`. "
        "Every call checks the parsed meeting's id. µs per call: median wall time (CPU: the "
        "whole process's, the emulator's server thread included). A ratio is the median of "
        "each round's ratio of wall times. Goals: the plugin's defaults at most 1.0x respx and "
        "1.0x pytest-httpx, on the wire at most 2.0x respx. "
        f"Load average at the end: {one:.2f}, {five:.2f}, {fifteen:.2f} ({os.cpu_count()} CPUs).",
        "",
        "| call | way a unit test gets its answer | µs per call | CPU µs per call "
        "| against respx | against pytest-httpx |",
        "|---|---|---|---|---|---|",
    ]
    for mode, op in CALLS_OF:
        call = f"{mode} `{'await ' if mode == 'async' else ''}client.meetings.{op}`"
        for side in SIDES:
            wall = statistics.median(bench.wall[(mode, op, side)])
            cpu = statistics.median(bench.cpu[(mode, op, side)])
            goals = GOALS.get(side, (None, None))
            respx = _cell(bench.ratio(mode, op, side, "respx"), goals[0])
            httpx_mock = _cell(bench.ratio(mode, op, side, "pytest-httpx"), goals[1])
            lines.append(
                f"| {call} | {LABEL[side]} | {wall:.0f} | {cpu:.0f} | {respx} | {httpx_mock} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--calls", type=int, default=CALLS)
    options = parser.parse_args()
    print(run(options.rounds, options.calls))


if __name__ == "__main__":
    main()
