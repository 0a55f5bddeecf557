"""``make contract`` / ``make contract-live``: the schemathesis CLI over real HTTP, plus reports.

``--target emulator`` starts the emulator on a free loopback port, waits for its health,
runs the suite, stops it. ``--target live`` runs against ``MEEDIO_BASE_URL`` with
``MEEDIO_API_KEY``/``MEEDIO_API_SECRET`` under a request budget and deletes what it created.
Reports go to ``reports/``: JUnit XML, schemathesis' JSON, ``summary.md`` and ``drift.md``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import httpx
from meedio_emulator.domain.seed import DOCS_API_KEY, DOCS_API_SECRET
from meedio_emulator.launch import EmulatorProcess

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "meedio-v3.yaml"
DEFAULT_SEED = 20261123
DOCS_KEY = "41394730-be53-4e6c-aab7-e38242cad81b"
DOCS_SECRET = "cbT75ovrVxVBzweSI7Pll0wbM23yZ4RW"
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
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
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
        "junit,json",
        "--report-junit-path",
        str(reports / "junit.xml"),
        "--report-json-path",
        str(reports / "schemathesis.json"),
        "--no-color",
    ]
    if live:
        command += ["--max-examples", "5", "--rate-limit", "300/m", "--workers", "1"]
    else:
        # One worker: CPython 3.11's ast.parse is not thread-safe, and hypothesis calls it
        # while describing filters in the coverage phase (SystemError "AST constructor
        # recursion depth mismatch" with --workers 2).
        command += ["--max-examples", "40", "--workers", "1"]
    print(f"$ schemathesis run ... --seed {seed} (seed overridable with --seed)", flush=True)
    return subprocess.run(command, env=env, cwd=ROOT, check=False).returncode


def summarize(reports: Path, target: str, seed: int, code: int) -> str:
    """A short Markdown summary from the JUnit report: operations, cases, failures by check."""
    junit = reports / "junit.xml"
    operations, failures_by_check = 0, Counter[str]()
    if junit.exists():
        tree = ET.parse(junit)
        for case in tree.iter("testcase"):
            operations += 1
            for failure in case.findall("failure"):
                text = failure.get("message", "") + (failure.text or "")
                for line in text.splitlines():
                    line = line.strip()
                    if line.startswith("- "):
                        failures_by_check[line[2:].strip()] += 1
    lines = [
        f"# Contract run against {target}",
        "",
        f"- seed: {seed}",
        f"- JUnit test cases (operations and stateful run): {operations}",
        f"- schemathesis exit code: {code} ({'passed' if code == 0 else 'FAILED'})",
    ]
    if failures_by_check:
        lines += ["", "| failure | count |", "|---|---|"]
        lines += [f"| {name} | {count} |" for name, count in failures_by_check.most_common()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--target", choices=("emulator", "live"), default="emulator")
    parser.add_argument(
        "--seed", type=int, default=int(os.environ.get("MEEDIO_CONTRACT_SEED", DEFAULT_SEED))
    )
    parser.add_argument("--reports", type=Path, default=ROOT / "reports")
    args = parser.parse_args()
    args.reports.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "contract_tests.hooks", "PYTHONPATH": str(ROOT)}
    emulator = None
    try:
        if args.target == "emulator":
            emulator = EmulatorProcess("--rate-limit", "0")
            emulator.wait_healthy()
            base_url = f"{emulator.root}/api"
            env.update(MEEDIO_API_KEY=DOCS_API_KEY, MEEDIO_API_SECRET=DOCS_API_SECRET)
        else:
            key, secret = os.environ.get("MEEDIO_API_KEY"), os.environ.get("MEEDIO_API_SECRET")
            if not key or not secret:
                raise SystemExit(
                    "make contract-live needs MEEDIO_API_KEY and MEEDIO_API_SECRET "
                    "(and optionally MEEDIO_BASE_URL); nothing was sent."
                )
            base_url = os.environ.get("MEEDIO_BASE_URL", "https://api.meedio.me/api").rstrip("/")
        env["MEEDIO_OWNER_EMAIL"] = owner_email(
            base_url, env["MEEDIO_API_KEY"], env["MEEDIO_API_SECRET"]
        )
        code = run_schemathesis(base_url, env, args.seed, args.target == "live", args.reports)
    finally:
        if emulator is not None:
            emulator.stop()
    summary = summarize(args.reports, args.target, args.seed, code)
    (args.reports / "summary.md").write_text(summary, encoding="utf-8")
    print(summary)
    sys.exit(code)


if __name__ == "__main__":
    main()
