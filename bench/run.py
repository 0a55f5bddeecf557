"""``make bench``: every benchmark, written with its commands to bench/results.md.

Each module's section sits between ``<!-- bench:NAME -->`` markers. ``--only NAME,...``
(``make bench ONLY=NAME,...``) runs those sections alone and replaces just them in
bench/results.md (appended when not there yet), each marked with the date of its run; the
others keep the figures of their last run. Names: client, emulator, plugin, mocks, served, suite.
"""

from __future__ import annotations

import argparse
import platform
import re
import time
from collections.abc import Callable
from pathlib import Path

import bench_client
import bench_emulator
import bench_mocks
import bench_plugin
import bench_served
import bench_suite

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
SECTIONS: dict[str, Callable[[], str]] = {
    "client": bench_client.run,
    "emulator": bench_emulator.run,
    "plugin": bench_plugin.run,
    "mocks": bench_mocks.run,
    "served": bench_served.run,
    "suite": bench_suite.run,
}


def _marked(name: str, text: str, note: str = "") -> str:
    return f"<!-- bench:{name} -->\n{note}{text.rstrip()}\n<!-- /bench:{name} -->\n"


def _replace(report: str, name: str, section: str) -> str:
    pattern = re.compile(rf"<!-- bench:{name} -->\n.*?<!-- /bench:{name} -->\n", re.DOTALL)
    if pattern.search(report):
        return pattern.sub(lambda _: section, report)
    return report.rstrip() + "\n\n" + section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated sections: " + ", ".join(SECTIONS))
    options = parser.parse_args()
    if options.only:
        names = options.only.split(",")
        unknown = set(names) - set(SECTIONS)
        if unknown:
            parser.error(f"unknown sections {sorted(unknown)}; known: {', '.join(SECTIONS)}")
        report = RESULTS.read_text(encoding="utf-8")
        for name in names:
            note = (
                f"_Run alone on {time.strftime('%Y-%m-%d')}: "
                f"`python bench/run.py --only {name}`._\n\n"
            )
            report = _replace(report, name, _marked(name, SECTIONS[name](), note))
            RESULTS.write_text(report, encoding="utf-8")  # each section kept as it completes
        print(report)
        return
    header = (
        "# Benchmarks\n\n"
        f"Command: `make bench` (`python bench/run.py`); Python {platform.python_version()}, "
        f"{platform.machine()}, {time.strftime('%Y-%m-%d')}, on the 2-core machine CI uses.\n\n"
    )
    report = header + "\n".join(_marked(name, run()) for name, run in SECTIONS.items())
    RESULTS.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
