"""A latency profile from the nights' history: per operation, how slowly the real API answered
over the last N nights, in a file the emulator's latency rules can apply (issue 29, point 5:
the export side; applying it waits for the faults issue's rules).

    python -m meedio_contract.night.latency_profile [--history .contract-state/nights.jsonl]
                                                    [--nights 7] [--out reports/latency-profile.json]

The history keeps each night's median, p95 and maximum per operation (not every sample), so
the profile gives, per operation, the median over the nights of each figure and a log-normal
fitted to them: ``medianMs`` and ``sigma = ln(p95 / median) / 1.645`` (the 95th percentile of a
log-normal lies 1.645 sigma above its median), capped at ``maxMs``, the slowest answer seen.
A log-normal is what WireMock offers for realistic delays (``median``, ``sigma``). Nights that
did not answer an operation do not count for it. The file holds operation ids and figures
only (format in contract/README.md, "The nights' history").
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
from pathlib import Path
from typing import Any

from meedio_contract.core.config import ROOT
from meedio_contract.night import history

FORMAT = "meedio-latency-profile/1"
Z95 = 1.6449  # the standard normal's 95th percentile


def profile(records: list[dict[str, Any]], nights: int) -> dict[str, Any]:
    """The profile of the last ``nights`` records."""
    recent = records[-nights:] if nights > 0 else []
    operations: dict[str, Any] = {}
    names = sorted({op for r in recent for op in (r.get("operations") or {})} - {history.UNMATCHED})
    for name in names:
        measured = [
            (r["operations"][name]["latencyMs"], int(r["operations"][name].get("calls", 0)))
            for r in recent
            if (r.get("operations") or {}).get(name, {}).get("latencyMs")
        ]
        if not measured:
            continue
        median = statistics.median(m["median"] for m, _ in measured)
        p95 = statistics.median(m["p95"] for m, _ in measured)
        sigma = math.log(p95 / median) / Z95 if median > 0 and p95 > median else 0.0
        operations[name] = {
            "nights": len(measured),
            "calls": sum(calls for _, calls in measured),
            "medianMs": round(median, 1),
            "p95Ms": round(p95, 1),
            "maxMs": max(m["max"] for m, _ in measured),
            "distribution": {
                "kind": "lognormal",
                "medianMs": round(median, 1),
                "sigma": round(sigma, 4),
            },
            # The same as a fault rule of the emulator's control plane (the faults issue's
            # ``latency`` kind: ``ms`` the median, ``sigma``, ``capMs``), ready to add.
            "rule": {
                "kind": "latency",
                "operationIds": [name],
                "delay": {
                    "distribution": "lognormal",
                    "ms": round(median, 1),
                    "sigma": round(sigma, 4),
                    "capMs": max(m["max"] for m, _ in measured),
                },
            },
        }
    return {
        "format": FORMAT,
        "nights": len(recent),
        "from": recent[0]["date"] if recent else None,
        "to": recent[-1]["date"] if recent else None,
        "operations": operations,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--history", type=Path, default=ROOT / ".contract-state" / history.FILE)
    parser.add_argument("--nights", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "latency-profile.json")
    args = parser.parse_args()
    loaded = history.load(args.history)
    for warning in loaded.warnings:
        print(f"warning: {warning}")
    made = profile(loaded.nights, args.nights)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(made, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(made['operations'])} operations over {made['nights']} nights")


if __name__ == "__main__":
    main()
