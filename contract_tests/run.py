"""``make contract`` / ``make contract-live``: the schemathesis CLI over real HTTP, plus reports.

``--target emulator`` starts the emulator on a free loopback port, waits for its health,
runs the suite with ``schemathesis.toml``, stops it; any failure fails the run.

``--target live`` runs against ``MEEDIO_BASE_URL`` (default the production API) with
``MEEDIO_API_KEY``/``MEEDIO_API_SECRET`` and ``contract_tests/schemathesis-live.toml``: few
examples, a request budget (``MEEDIO_CONTRACT_RATE_LIMIT``, default 300/m, cleanup paced to
the same), OPTIONS as the only undeclared method, no cache, a guard so no update or delete
touches what the run did not create, and a cleanup of what it created, even when it fails.
Only drift not excused by ``contract_tests/drift-baseline.yaml`` fails it.

Reports in ``reports/`` (``--reports``): ``junit.xml``, ``schemathesis.json``,
``events.ndjson``, ``summary.md``, ``drift.md``, and ``created.jsonl`` (the ledger).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx
from meedio_emulator.domain.seed import DOCS_API_KEY, DOCS_API_SECRET
from meedio_emulator.launch import EmulatorProcess

from contract_tests import drift
from contract_tests.cleanup import CleanupReport, clean
from contract_tests.ledger import Ledger

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "meedio-v3.yaml"
BASELINE = ROOT / "contract_tests" / "drift-baseline.yaml"
DEFAULT_SEED = 20261123
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_headers_conformance,response_schema_conformance,negative_data_rejection,"
    "positive_data_acceptance,missing_required_header,unsupported_method,"
    "allow_header_conformance,use_after_free,ensure_resource_availability,ignored_auth"
)


def owner_email(base_url: str, key: str, secret: str) -> str:
    """A user of the caller's organization, as the docs say to fetch before creating meetings."""
    response = httpx.get(
        f"{base_url}/v3/organizations", headers={"API_KEY": key, "API_SECRET": secret}, timeout=30
    )
    response.raise_for_status()
    users = response.json().get("users", [])
    if not users:
        raise SystemExit("the organization has no users: createMeeting cannot be tested")
    return str(users[0]["email"])


def run_schemathesis(
    base_url: str, env: dict[str, str], seed: int, live: bool, reports: Path
) -> int:
    config = (
        ROOT / "contract_tests" / "schemathesis-live.toml" if live else ROOT / "schemathesis.toml"
    )
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "--config-file",
        str(config),
        "run",
        str(SPEC),
        "--url",
        base_url,
        "--checks",
        CHECKS,
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--seed",
        str(seed),
        "--report",
        "junit,json,ndjson",
        "--report-junit-path",
        str(reports / "junit.xml"),
        "--report-json-path",
        str(reports / "schemathesis.json"),
        "--report-ndjson-path",
        str(reports / "events.ndjson"),
        "--no-color",
        # One worker: CPython 3.11's ast.parse is not thread-safe, and hypothesis calls it
        # while describing filters in the coverage phase (SystemError "AST constructor
        # recursion depth mismatch" with --workers 2); the live budget wants one anyway.
        "--workers",
        "1",
    ]
    if live:
        command += ["--rate-limit", env.get("MEEDIO_CONTRACT_RATE_LIMIT", "300/m")]
    print(f"$ schemathesis run {SPEC.name} --url {base_url} --seed {seed}", flush=True)
    return subprocess.run(command, env=env, cwd=ROOT, check=False).returncode


def summarize(
    reports: Path,
    target: str,
    seed: int,
    code: int,
    findings: list[drift.Finding],
    new: list[drift.Finding],
    cleanup: CleanupReport | None,
) -> str:
    """Operations, cases and failures by check, from the JSON report and the findings."""
    report_path = reports / "schemathesis.json"
    report = json.loads(report_path.read_text()) if report_path.exists() else {}
    operations = report.get("operations", {})
    cases = report.get("test_cases", {})
    lines = [
        f"# Contract run against {target}",
        "",
        f"- seed: {seed} (rerun with `--seed {seed}`)",
        f"- operations tested: {operations.get('tested', 0)} of {operations.get('total', 0)}",
        f"- test cases generated: {cases.get('generated', 0)}, with failures: "
        f"{cases.get('with_failures', 0)}",
        f"- schemathesis exit code: {code}",
        f"- distinct failures: {len(findings)}, new drift: {len(new)}",
    ]
    by_check = Counter(f.check for f in findings)
    if by_check:
        lines += ["", "| check | failures |", "|---|---|"]
        lines += [f"| {name} | {count} |" for name, count in by_check.most_common()]
    if cleanup is not None:
        lines += ["", cleanup.markdown()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--target", choices=("emulator", "live"), default="emulator")
    parser.add_argument(
        "--seed", type=int, default=int(os.environ.get("MEEDIO_CONTRACT_SEED", DEFAULT_SEED))
    )
    parser.add_argument("--reports", type=Path, default=ROOT / "reports")
    parser.add_argument("--baseline", type=Path, default=BASELINE)
    args = parser.parse_args()
    live = args.target == "live"
    if live and not (os.environ.get("MEEDIO_API_KEY") and os.environ.get("MEEDIO_API_SECRET")):
        raise SystemExit(
            "make contract-live needs MEEDIO_API_KEY and MEEDIO_API_SECRET "
            "(and optionally MEEDIO_BASE_URL); nothing was sent."
        )
    baseline = drift.load_baseline(args.baseline) if live else []
    args.reports.mkdir(parents=True, exist_ok=True)
    ledger_path = args.reports / "created.jsonl"
    ledger_path.unlink(missing_ok=True)
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "contract_tests.hooks",
        "PYTHONPATH": str(ROOT),
        "MEEDIO_CONTRACT_LEDGER": str(ledger_path),
        "MEEDIO_CONTRACT_GUARD": "1" if live else "0",
    }
    emulator = None
    cleanup = None
    code = 2
    try:
        if live:
            base_url = os.environ.get("MEEDIO_BASE_URL", "https://api.meedio.me/api").rstrip("/")
        else:
            emulator = EmulatorProcess("--rate-limit", "0")
            emulator.wait_healthy()
            base_url = f"{emulator.root}/api"
            env.update(MEEDIO_API_KEY=DOCS_API_KEY, MEEDIO_API_SECRET=DOCS_API_SECRET)
        env["MEEDIO_OWNER_EMAIL"] = owner_email(
            base_url, env["MEEDIO_API_KEY"], env["MEEDIO_API_SECRET"]
        )
        code = run_schemathesis(base_url, env, args.seed, live, args.reports)
    finally:
        if live:
            cleanup = clean(
                Ledger.load(ledger_path), base_url, env["MEEDIO_API_KEY"], env["MEEDIO_API_SECRET"]
            )
        if emulator is not None:
            emulator.stop()
    today = datetime.now(UTC).date()
    findings = drift.collect(args.reports / "events.ndjson", args.reports / "schemathesis.json")
    new, known = drift.split(findings, baseline, today)
    (args.reports / "drift.md").write_text(
        drift.render(args.target, new, known, baseline, today), encoding="utf-8"
    )
    summary = summarize(args.reports, args.target, args.seed, code, findings, new, cleanup)
    (args.reports / "summary.md").write_text(summary, encoding="utf-8")
    print(summary)
    if live:
        # Known drift passes; new drift, a failed cleanup or a run that tested nothing fails.
        failed = bool(new) or code == 2 or bool(cleanup and cleanup.failed)
        sys.exit(1 if failed else 0)
    sys.exit(code)


if __name__ == "__main__":
    main()
