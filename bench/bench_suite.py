"""Issues 20 (goal 4) and 28 (goal 4): a whole test suite's cost with the emulator against the
same suite mocked (part of ``make bench``).

The clinic example's tests (``examples/clinic-app/tests``, with the plugin) and the same tests
written with respx (``bench/suite/mocked``: one for each, same names, fixed answers from the
spec's examples, answers in sequence where the emulator's clock or state would change them),
each repeated to 200 tests by ``bench/suite/suite_repeat.py`` (the whole suite again and again,
cut at 200). Each run is a fresh ``pytest -q -p no:cacheprovider`` subprocess with plugin
autoloading off and the plugins that suite needs loaded by name (the toolkit's environment has
more, schemathesis and hypothesis among them, that a user's would not: they cost every run
seconds of start-up). The emulator with the plugin's defaults (served in a thread, the
fixtures' calls in process) and on the wire (``--meedio-wire``, the default before issue 28)
against respx, in rounds alternating the three, order rotated; median wall time, the ratio
the median of each round's ratio. Goal: at most 1.5x respx.

Alone (the section on stdout; fewer rounds or tests while iterating):

    .venv/bin/python bench/bench_suite.py
    .venv/bin/python bench/bench_suite.py --rounds 1 --tests 48
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EMULATOR_SUITE = ROOT / "examples" / "clinic-app"
MOCKED_SUITE = ROOT / "bench" / "suite" / "mocked"
ROUNDS, TESTS = 5, 200
GOAL = 1.5
SLOW_TEST, SLOW_SECONDS = "test_faults_error_rate_and_latency", 0.3  # a 300 ms answer, both
PYTEST = ["-m", "pytest", "-q", "-p", "no:cacheprovider"]
PLUGINS = {
    "emulator": ["-p", "meedio_emulator.pytest_plugin", "-p", "anyio.pytest_plugin"],
    "respx": ["-p", "respx.plugin", "-p", "anyio.pytest_plugin"],
}
# The clinic's fault recipes (issue 31) wait on purpose (a hang until the client's timeout)
# and have no respx twin: the suite compared is the rest.
RECIPES = "--ignore=tests/test_faults.py"
SIDES = {  # name: (folder, plugins, options)
    "respx": (MOCKED_SUITE, PLUGINS["respx"], []),
    "defaults": (EMULATOR_SUITE, PLUGINS["emulator"], [RECIPES]),
    "wire": (EMULATOR_SUITE, PLUGINS["emulator"], [RECIPES, "--meedio-wire"]),
}
LABEL = {
    "respx": "the same tests with respx mocks",
    "defaults": "emulator, the plugin's defaults (served in a thread, the fixtures' calls in"
    " process)",
    "wire": "emulator in a thread, every call on loopback (`--meedio-wire`)",
}


def _pytest(side: str, *options: str) -> subprocess.CompletedProcess[str]:
    folder, plugins, extra = SIDES[side]
    env = {
        **os.environ,
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "PYTHONPATH": str(ROOT / "bench" / "suite"),
    }
    return subprocess.run(  # noqa: S603 - our own suites
        [sys.executable, *PYTEST, *plugins, *extra, *options],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def command(side: str, rounds: int, tests: int) -> str:
    folder, plugins, extra = SIDES[side]
    return (
        f"cd {folder.relative_to(ROOT)} && PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 "
        f"PYTHONPATH={'..' if side == 'respx' else '../../bench/suite'} "
        f"pytest {' '.join(PYTEST[2:] + plugins + extra)} -p suite_repeat "
        f"--suite-rounds {rounds} --suite-tests {tests}"
    )


def collected(side: str, *options: str) -> list[str]:
    """The test ids the side's suite collects (after any ``-p suite_repeat`` cut)."""
    done = _pytest(side, "--collect-only", *options)
    if done.returncode != 0:
        raise SystemExit(f"{side}: collection failed\n{done.stdout}{done.stderr}")
    return [line for line in done.stdout.splitlines() if "::" in line]


def timed(side: str, options: list[str], tests: int) -> tuple[float, float]:
    """Wall and CPU seconds of one run of the side's suite; it must pass every test."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = _pytest(side, *options)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0 or f"{tests} passed" not in done.stdout:
        raise SystemExit(f"{side}: the suite did not pass\n{done.stdout[-3000:]}{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def run(rounds: int = ROUNDS, tests: int = TESTS) -> str:
    ours, theirs = collected("defaults"), collected("respx")
    if ours != theirs:  # one mocked test for each of the emulator's, same names, same order
        raise SystemExit(f"the suites differ:\n{sorted(set(ours) ^ set(theirs))}")
    suite_rounds = math.ceil(tests / len(ours))
    options = ["-p", "suite_repeat", f"--suite-rounds={suite_rounds}", f"--suite-tests={tests}"]
    selected = collected("respx", *options)
    assert len(selected) == tests, len(selected)
    waits = sum(SLOW_TEST in test for test in selected) * SLOW_SECONDS
    for side in SIDES:  # warm-up: the interpreter's and the page cache's first run
        timed(side, options, tests)
    walls: dict[str, list[float]] = {side: [] for side in SIDES}
    cpus: dict[str, list[float]] = {side: [] for side in SIDES}
    order = list(SIDES)
    for round_ in range(rounds):
        shift = round_ % len(order)
        for side in order[shift:] + order[:shift]:
            wall, cpu = timed(side, options, tests)
            walls[side].append(wall)
            cpus[side].append(cpu)

    def ratio(side: str, less: float = 0.0) -> float:
        pairs = zip(walls[side], walls["respx"], strict=True)
        return statistics.median((mine - less) / (base - less) for mine, base in pairs)

    one, five, fifteen = os.getloadavg()
    lines = [
        "## A test suite's whole cost: the emulator against respx mocks (issues 20 and 28)",
        "",
        f"`python bench/bench_suite.py`: {len(ours)} tests (the clinic example's, and "
        f"`bench/suite/mocked`: the same tests with respx, same names) repeated to {tests} "
        f"({suite_rounds} rounds of the suite, cut at {tests}); {rounds} rounds alternating "
        "the three runs (order rotated) after a warm-up run of each; each run a fresh "
        "pytest process, its wall time from start to exit (start-up and collection included) "
        "and its CPU time. Both suites include "
        f"{waits:.1f} s of deliberate waiting: `{SLOW_TEST}` asks for a 300 ms answer "
        "(the emulator's `faults(latency_ms=300)`, a sleeping respx side effect); the last "
        "column leaves it out of both. "
        f"Load average at the end: {one:.2f}, {five:.2f}, {fifteen:.2f} ({os.cpu_count()} CPUs).",
        "",
        "| suite | median wall s | median CPU s | against respx (goal <= 1.5x) "
        "| against respx, the waits left out |",
        "|---|---|---|---|---|",
    ]
    for side in SIDES:
        wall, cpu = statistics.median(walls[side]), statistics.median(cpus[side])
        share, without = ratio(side), ratio(side, waits)
        cell = f"{share:.2f}x" if side == "respx" else f"**{share:.2f}x** ({_verdict(share)})"
        lines.append(f"| {LABEL[side]} | {wall:.2f} | {cpu:.2f} | {cell} | {without:.2f}x |")
    lines += ["", "Commands (from the repository's root, in the toolkit's venv):", ""]
    lines += [f"- {LABEL[side]}: `{command(side, suite_rounds, tests)}`" for side in SIDES]
    return "\n".join(lines) + "\n"


def _verdict(ratio: float) -> str:
    return "met" if ratio <= GOAL else "not met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--tests", type=int, default=TESTS)
    options = parser.parse_args()
    print(run(options.rounds, options.tests))


if __name__ == "__main__":
    main()
