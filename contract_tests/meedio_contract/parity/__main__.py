"""``python -m meedio_contract.parity record|verify``.

``record --base-url URL`` plays the scenarios against an API (keys from ``MEEDIO_API_KEY`` and
``MEEDIO_API_SECRET``) and writes the snapshots (default ``contract_tests/parity/snapshots``).
``verify`` (``make parity``) replays them against an emulator (the embedded one, started on a
free loopback port, unless ``--base-url`` names another) and compares with the snapshots;
exit 1 on a difference that ``contract_tests/parity/allow.yaml`` does not excuse.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import httpx
from meedio_emulator.launch import DOCS_API_KEY, DOCS_API_SECRET, served

from meedio_contract.core.config import ROOT
from meedio_contract.parity.record import record
from meedio_contract.parity.scenarios import SNAPSHOTS, load_scenarios
from meedio_contract.parity.verify import verify


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m meedio_contract.parity")
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("record", help="play the scenarios against an API")
    rec.add_argument("--base-url", required=True)
    rec.add_argument("--out", type=Path, default=SNAPSHOTS)
    rec.add_argument("--source", help="what the snapshots say they were recorded from")
    ver = commands.add_parser("verify", help="the snapshots against an emulator")
    ver.add_argument("--snapshots", type=Path, default=SNAPSHOTS)
    ver.add_argument("--base-url", help="an emulator already running (default: start one)")
    ver.add_argument("--reports", type=Path, default=ROOT / "reports")
    args = parser.parse_args(argv)
    scenarios = load_scenarios()
    if args.command == "record":
        key, secret = os.environ.get("MEEDIO_API_KEY"), os.environ.get("MEEDIO_API_SECRET")
        if not (key and secret):
            print("record needs MEEDIO_API_KEY and MEEDIO_API_SECRET", file=sys.stderr)
            return 2
        headers = {"API_KEY": key, "API_SECRET": secret}
        with httpx.Client(base_url=args.base_url.rstrip("/"), headers=headers, timeout=30) as c:
            record(c, scenarios, args.out, args.source or args.base_url)
        print(f"{len(scenarios)} scenarios recorded into {args.out}")
        return 0
    credentials = (DOCS_API_KEY, DOCS_API_SECRET)
    if args.base_url:
        verdict = verify(scenarios, args.snapshots, args.base_url, credentials, args.reports)
    else:
        with served("--rate-limit", "0") as emulator:
            api = f"{emulator.root}/api"
            verdict = verify(scenarios, args.snapshots, api, credentials, args.reports)
    print((args.reports / "parity.md").read_text(encoding="utf-8"))
    return 1 if verdict.unexcused else 0


if __name__ == "__main__":
    sys.exit(main())
