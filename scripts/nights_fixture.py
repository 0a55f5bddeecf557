"""Write the 60-night history fixture (``contract_tests/tests/fixtures/nights-60.jsonl``) by running
the real nightly runner night after night against the drifting stand-in, a day apart:

    .venv/bin/python scripts/nights_fixture.py [--nights 60] [--out PATH]

Nights 1-14 quiet; 15-19 queues come without ``redirectUrl`` (new drift, then persisting);
from 20 the spec carries the patch the drift nights proposed (the spec changes, the drift is
fixed) while the API still leaves the field out, then sends it again (optional now: no
drift); 30-36 a throttled week (real limits of 200 to 350 requests per 5 s: the suite
sends about 30 a second, so the 200 night is throttled hard, 429s with Retry-After, and the
looser nights barely or not at all); 45 an outage; 50-53 a slow, flaky API (gateway 502s
and slow answers); the rest quiet. Slow (half a minute or so a night on a shared machine):
the output is committed, and the tests read it.
Nights' dates are set to consecutive days at the end (the runs themselves take seconds).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from meedio_emulator.launch import served  # noqa: E402

from meedio_contract.night import history  # noqa: E402
from tests.support.nightly_world import apply_patch, seeded_world  # noqa: E402

OUT = ROOT / "contract_tests" / "tests" / "fixtures" / "nights-60.jsonl"
FIRST = datetime(2026, 10, 1, 3, 17, tzinfo=UTC)
THROTTLED = {30: 300, 31: 250, 32: 200, 33: 250, 34: 300, 35: 350, 36: 300}


def schedule(night: int) -> tuple[str, dict[str, Any]]:
    """The stand-in's mode and options for a night (1-based)."""
    if 15 <= night <= 24:
        return "missing", {}
    if night in THROTTLED:
        return "throttled", {"limit": THROTTLED[night], "window": 5.0}
    if night == 45:
        return "outage", {"after": 100, "length": 80}
    if 50 <= night <= 53:
        return "flaky", {"rate": 0.02, "delay": 0.15, "seed": night}
    return "none", {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nights", type=int, default=60)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch, served("--rate-limit", "0") as emulator:
        tmp = Path(scratch)
        worlds = seeded_world(emulator, tmp, "none")
        world = next(worlds)
        spec: Path | None = None
        last_date = ""
        for night in range(1, args.nights + 1):
            mode, options = schedule(night)
            world.proxy.set_mode(mode, **options)
            started = time.monotonic()
            done = world.run(spec=spec)
            if done.report["run"]["date"] == last_date:  # the reports are the night before's
                raise SystemExit(f"night {night} did not run:\n{done.output}")
            last_date = done.report["run"]["date"]
            print(
                f"night {night:2}: {mode:12} exit {done.code} ({time.monotonic() - started:.0f} s)",
                flush=True,
            )
            if spec is None and done.report.get("patch") and night >= 19:
                spec = apply_patch(done.report["patch"], tmp)  # the team applies the patch
            world.proxy.set_mode("none")
            world.a_day_passes()
        next(worlds, None)
        records = history.load(tmp / "state" / history.FILE).nights
    for index, record in enumerate(records):
        record["date"] = (FIRST + timedelta(days=index)).strftime("%Y-%m-%dT%H:%M:%SZ")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        "".join(json.dumps(r, separators=(",", ":"), sort_keys=True) + "\n" for r in records),
        encoding="utf-8",
    )
    print(f"{args.out}: {len(records)} nights")


if __name__ == "__main__":
    main()
