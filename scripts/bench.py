"""``make bench``: every benchmark, written with its commands to bench/results.md."""

from __future__ import annotations

import platform
import time
from pathlib import Path

import bench_client
import bench_emulator
import bench_plugin

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    header = (
        "# Benchmarks\n\n"
        f"Command: `make bench` (`python scripts/bench.py`); Python {platform.python_version()}, "
        f"{platform.machine()}, {time.strftime('%Y-%m-%d')}, on the 2-core machine CI uses.\n\n"
    )
    report = header + bench_client.run() + "\n" + bench_emulator.run() + "\n" + bench_plugin.run()
    (ROOT / "bench" / "results.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
