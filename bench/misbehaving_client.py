"""One call with ``MeedioClient(timeout=3)`` against each misbehaving server of
``tests.support.misbehaving`` (issue 32): wall time, memory taken and the error raised, sync
and async.

Each call runs in its own process (memory figures of one call, not the sum of all) and is
killed after ``--cap`` seconds, reported as ``>cap s, still running``.

    .venv/bin/python bench/misbehaving_client.py [--cap 20] [--size-mib 200] [WAY ...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from meedio_client import AsyncMeedioClient, MeedioClient

from tests.support.misbehaving import MIB, WAYS, misbehaving

TIMEOUT = 3.0
INTERVAL = 0.3  # a trickled byte every 0.3 s: each read well within the 3 s read timeout


def _rss_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def one(way: str, flavour: str, size: int) -> dict[str, object]:
    """One call in this process; its figures."""
    with misbehaving(way, interval=INTERVAL, size=size) as server:
        rss_before = _rss_peak_mib()
        tracemalloc.start()
        wall = 0.0
        outcome = "returned"
        try:
            if flavour == "sync":
                with MeedioClient("k", "s", server.url, timeout=TIMEOUT) as client:
                    start = time.monotonic()  # the call alone (its first builds the pool)
                    try:
                        client.organization.get()
                    finally:
                        wall = time.monotonic() - start
            else:

                async def call() -> float:
                    async with AsyncMeedioClient("k", "s", server.url, timeout=TIMEOUT) as client:
                        start = time.monotonic()
                        try:
                            await client.organization.get()
                        finally:
                            nonlocal wall
                            wall = time.monotonic() - start
                    return wall

                asyncio.run(call())
        except Exception as exc:
            outcome = f"{type(exc).__name__}: {str(exc)[:90]}"
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return {
            "way": way,
            "flavour": flavour,
            "wall_s": round(wall, 2),
            "traced_peak_mib": round(peak / MIB, 1),
            "rss_growth_mib": round(_rss_peak_mib() - rss_before, 1),
            "outcome": outcome,
            "attempts_seen": server.accepted,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ways", nargs="*", default=list(WAYS))
    parser.add_argument("--cap", type=float, default=20.0)
    parser.add_argument("--size-mib", type=int, default=200)
    parser.add_argument("--child", nargs=2, metavar=("WAY", "FLAVOUR"))
    args = parser.parse_args()
    size = args.size_mib * MIB
    if args.child:
        way, flavour = args.child
        print(json.dumps(one(way, flavour, size)))
        return
    for way in args.ways:
        for flavour in ("sync", "async"):
            command = [sys.executable, __file__, "--child", way, flavour]
            command += ["--size-mib", str(args.size_mib)]
            try:
                done = subprocess.run(  # noqa: S603 - this script, again
                    command, capture_output=True, text=True, timeout=args.cap, check=False
                )
            except subprocess.TimeoutExpired:
                print(f"| {way} | {flavour} | >{args.cap:g} s, still running | | | killed |")
                continue
            if done.returncode:
                print(f"| {way} | {flavour} | child failed: {done.stderr.strip()[-300:]} |")
                continue
            row = json.loads(done.stdout)
            print(
                f"| {way} | {flavour} | {row['wall_s']} s | {row['traced_peak_mib']} MiB"
                f" | {row['rss_growth_mib']} MiB | {row['outcome']} (connections:"
                f" {row['attempts_seen']}) |",
                flush=True,
            )


if __name__ == "__main__":
    main()
