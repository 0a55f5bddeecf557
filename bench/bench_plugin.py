"""The pytest plugin's costs (issue 12): the ``meedio_emulator`` fixture's start-up and the
reset before each test, median of 20, for each way the emulator can run.

Start-up is measured in a fresh interpreter each time, from before the first import of the
emulator to its first answered health check: what a pytest session pays once. The thread,
the fixtures' calls in process, is the plugin's default; a subprocess (``meedio-emulator
serve``, as ``--meedio-url`` users run it) is measured beside it because it was the
alternative. Reset is the helper's
``POST /_emulator/reset`` round trip, paid by every test that uses the fixture.
Goals: start-up at most 0.5 s, reset at most 5 ms.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from meedio_emulator.launch import served
from meedio_emulator.testing import MeedioEmulator, in_process, served_in_thread

# The wheels come from make dist's own builder (scripts/dist.py), not a copy of it.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import dist

RUNS = 20
START_UP = """
import time
started, cpu = time.perf_counter(), time.process_time()
from meedio_emulator.testing import {mode}
with {mode}({arguments}) as emulator:
    emulator.health()
    print(time.perf_counter() - started, time.process_time() - cpu)
"""


def _startup_in_fresh_interpreter(
    mode: str, python: str = sys.executable, arguments: str = ""
) -> tuple[float, float]:
    """Wall and CPU seconds (the CPU figure hardly moves with the machine's load)."""
    code = START_UP.format(mode=mode, arguments=arguments)
    printed = subprocess.run(  # noqa: S603 - our own code, fixed
        [python, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    wall, cpu = printed.split()
    return float(wall), float(cpu)


def _startup_of_a_subprocess() -> float:
    started = time.perf_counter()
    with served():
        return time.perf_counter() - started


def _reset_cost(emulator: MeedioEmulator) -> float:
    emulator.reset()  # a warm connection, as every test but the first has
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        emulator.reset()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _medians(mode: str, python: str = sys.executable, arguments: str = "") -> tuple[float, float]:
    runs = (_startup_in_fresh_interpreter(mode, python, arguments) for _ in range(RUNS))
    walls, cpus = zip(*runs, strict=True)
    return statistics.median(walls), statistics.median(cpus)


def _users_venv(folder: Path) -> str:
    """A virtual environment with the built wheels and their dependencies only, as a user's
    (the toolkit's own has more installed, which httpx's import picks up: rich, pygments)."""
    wheels = dist.build(folder / "dist")
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)  # noqa: S603
    python = str(venv / "bin" / "python")
    install = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet"]
    subprocess.run([*install, *map(str, wheels)], check=True)  # noqa: S603
    return python


def run() -> str:
    defaults = "clients_in_process=True"  # the plugin's defaults (issue 28)
    thread, thread_cpu = _medians("served_in_thread", arguments=defaults)
    with tempfile.TemporaryDirectory() as scratch:
        users, users_cpu = _medians("served_in_thread", _users_venv(Path(scratch)), defaults)
    wire, wire_cpu = _medians("served_in_thread")
    local, local_cpu = _medians("in_process")
    process = statistics.median(_startup_of_a_subprocess() for _ in range(RUNS))
    with served_in_thread(clients_in_process=True) as emulator:
        reset_thread = _reset_cost(emulator)
    with served_in_thread() as emulator:
        reset_wire = _reset_cost(emulator)
    with in_process() as emulator:
        reset_local = _reset_cost(emulator)
    with served() as server, MeedioEmulator(server.root) as emulator:
        reset_process = _reset_cost(emulator)
    lines = [
        "## The pytest plugin's fixture (issue 12)",
        "",
        f"`python bench/bench_plugin.py`; median of {RUNS}. Start-up: a fresh interpreter "
        "from the first import of the emulator to its first health answer (for the subprocess: "
        "`meedio-emulator serve` started and healthy). Reset: `meedio_emulator.reset()`, the "
        "`POST /_emulator/reset` paid before each test. Goals: start-up <= 0.5 s, reset <= 5 ms.",
        "",
        "| emulator runs | start-up s | start-up CPU s | reset ms |",
        "|---|---|---|---|",
        f"| in a thread, the fixtures' calls in process (the default) | {thread:.3f} | "
        f"{thread_cpu:.3f} | {reset_thread * 1000:.2f} |",
        f"| in a thread, in a venv holding only the wheels | {users:.3f} | {users_cpu:.3f} | "
        "(as above) |",
        f"| in a thread, every call on loopback (`--meedio-wire`) | {wire:.3f} | {wire_cpu:.3f} "
        f"| {reset_wire * 1000:.2f} |",
        f"| in process (`--meedio-in-process`) | {local:.3f} | {local_cpu:.3f} | "
        f"{reset_local * 1000:.2f} |",
        f"| in a subprocess (`--meedio-url`) | {process:.3f} | (another process) | "
        f"{reset_process * 1000:.2f} |",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())
