"""``make contract`` / ``make contract-live``: the schemathesis CLI over real HTTP, plus reports.

``--target emulator`` starts the emulator on a free loopback port, runs the suite with
``schemathesis.toml`` and stops it; any failure fails the run.

``--target live`` is the nightly run against ``MEEDIO_BASE_URL`` (default the production
API) with ``MEEDIO_API_KEY``/``MEEDIO_API_SECRET``, settings from ``contract_tests/nightly.toml``:
preflight, leftovers of earlier runs cleaned, the suite under one paced budget and a
wall-clock cap, the decisions' probes, re-checks, reports, cleanup, reports again. Exit codes
are ``meedio_contract.core.exits.Exit`` (and the README's table "Exit codes").

Reports in ``--reports`` (``reports/``): ``summary.md``, ``drift.md``, ``drift.json``, and
schemathesis' ``junit.xml``, ``schemathesis.json``, ``events.ndjson``. State kept between
nights in ``--state`` (``.contract-state/``): the ledger, the journal, the history.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from meedio_emulator.launch import DOCS_API_KEY, DOCS_API_SECRET, EmulatorProcess

from meedio_contract.core.config import DEFAULT, ROOT, Config
from meedio_contract.core.exits import Exit
from meedio_contract.night.night import Night
from meedio_contract.parity.scenarios import SNAPSHOTS
from meedio_contract.suite.command import DEFAULT_SEED, run_suite, schemathesis_command

SPEC = ROOT / "openapi" / "meedio-v3.yaml"


def emulator_run(args: argparse.Namespace) -> int:
    args.reports.mkdir(parents=True, exist_ok=True)
    emulator = EmulatorProcess("--rate-limit", "0")
    try:
        emulator.wait_healthy()
        env = {
            **os.environ,
            "SCHEMATHESIS_HOOKS": "meedio_contract.suite.hooks",
            "PYTHONPATH": str(ROOT),
            "MEEDIO_API_KEY": DOCS_API_KEY,
            "MEEDIO_API_SECRET": DOCS_API_SECRET,
            "MEEDIO_OWNER_EMAIL": "john@meedio.me",
        }
        command = schemathesis_command(
            args.spec,
            f"{emulator.root}/api",
            ROOT / "schemathesis.toml",
            args.seed,
            args.reports,
            None,
        )
        code = run_suite(command, env, None)
    finally:
        emulator.stop()
    summary = args.reports / "summary.md"
    try:
        report = json.loads((args.reports / "schemathesis.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        report = {}
    operations, cases = report.get("operations", {}), report.get("test_cases", {})
    summary.write_text(
        f"# Contract run against the emulator: exit {code}\n\n"
        f"- seed: {args.seed} (rerun with `--seed {args.seed}`)\n"
        f"- operations tested: {operations.get('tested', 0)} of {operations.get('total', 0)}\n"
        f"- test cases: {cases.get('generated', 0)}, with failures: {cases.get('with_failures', 0)}\n",
        encoding="utf-8",
    )
    print(summary.read_text(encoding="utf-8"))
    return 1 if code is None else code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=("emulator", "live"), default="emulator")
    parser.add_argument(
        "--seed", type=int, default=int(os.environ.get("MEEDIO_CONTRACT_SEED", DEFAULT_SEED))
    )
    parser.add_argument("--reports", type=Path, default=ROOT / "reports")
    parser.add_argument("--state", type=Path, default=ROOT / ".contract-state")
    parser.add_argument("--config", type=Path, default=DEFAULT)
    parser.add_argument("--spec", type=Path, default=SPEC, help="the spec to test (a patched copy)")
    parser.add_argument(
        "--cleanup-only", action="store_true", help="only clean what earlier live runs left"
    )
    parser.add_argument(
        "--parity-snapshots",
        type=Path,
        default=SNAPSHOTS,
        help="the committed parity snapshots tonight's recording is classified against",
    )
    args = parser.parse_args()
    if args.target == "emulator":
        sys.exit(emulator_run(args))
    key, secret = os.environ.get("MEEDIO_API_KEY"), os.environ.get("MEEDIO_API_SECRET")
    if not (key and secret):
        print(
            "make contract-live needs MEEDIO_API_KEY and MEEDIO_API_SECRET "
            "(and optionally MEEDIO_BASE_URL); nothing was sent.",
            file=sys.stderr,
        )
        sys.exit(Exit.NOT_RUN)
    base_url = os.environ.get("MEEDIO_BASE_URL") or "https://api.meedio.me/api"
    night = Night(
        Config.load(args.config),
        args.spec,
        base_url.rstrip("/"),
        (key, secret),
        args.seed,
        args.reports,
        args.state,
        time.monotonic(),
        args.parity_snapshots,
    )
    code = night.cleanup_only() if args.cleanup_only else night.run()
    print((args.reports / "summary.md").read_text(encoding="utf-8"))
    sys.exit(code)


if __name__ == "__main__":
    main()
