"""One GitHub issue for drift (label ``nightly-drift``): opened, or commented on, when a night
finds spec drift the night before did not have; closed when a healthy night finds none.

Run by the nightly workflow after ``make contract-live``:
``python3 contract_tests/meedio_contract/night/drift_issue.py reports/drift.json RUN_URL [PAGE_URL]``
(PAGE_URL: the uploaded reports, whose ``nights.html`` draws every night kept). Uses the ``gh`` CLI
(on every GitHub runner) with the job's token. Standard library only: it runs before any
virtual environment exists when the run itself failed early.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

LABEL = "nightly-drift"
TITLE = "Nightly contract run: the Meedio API and openapi/meedio-v3.yaml have parted"
SPEC_DRIFT = "the spec is wrong or out of date"


def decide(report: dict[str, Any], open_issue: int | None) -> str:
    """ "open", "comment", "close" or "none"."""
    drift = [f for f in report.get("findings", []) if f.get("category") == SPEC_DRIFT]
    new = [
        f for f in drift if f.get("new") and f["key"] in report.get("history", {}).get("new", [])
    ]
    if new:
        return "comment" if open_issue else "open"
    healthy = (report.get("health") or {}).get("verdict") == "healthy"
    if not drift and healthy and open_issue:
        return "close"
    return "none"


def body(report: dict[str, Any], run_url: str, page_url: str = "") -> str:
    run = report.get("run", {})
    lines = [f"Night of {run.get('date')}: exit {run.get('exitCode')} ({run.get('verdict')}).", ""]
    for finding in report.get("findings", []):
        if finding.get("category") == SPEC_DRIFT and finding.get("new"):
            lines.append(
                f"- **new** {finding['operation']}: {finding['rootCause']} (`{finding['pointer']}`)"
            )
    lines += ["", f"The full report, with the proposed spec patch: {run_url}"]
    lines.append(
        "The nights at a glance (latency, 429s, findings, parity and probes over every night "
        f"kept): `nights.html` in the reports: {page_url or run_url}"
    )
    return "\n".join(lines)


def gh(*args: str) -> str:
    return subprocess.run(["gh", *args], capture_output=True, text=True, check=True).stdout.strip()


def main(report_path: str, run_url: str, page_url: str = "") -> None:
    path = Path(report_path)
    if not path.exists():
        print("no drift.json: nothing to tell the issue tracker")
        return
    report = json.loads(path.read_text(encoding="utf-8"))
    found = gh(
        "issue",
        "list",
        "--label",
        LABEL,
        "--state",
        "open",
        "--json",
        "number",
        "--jq",
        ".[0].number",
    )
    issue = int(found) if found else None
    action = decide(report, issue)
    text = body(report, run_url, page_url)
    if action == "open":
        gh(
            "label",
            "create",
            LABEL,
            "--force",
            "--description",
            "drift found by the nightly contract run",
        )
        gh("issue", "create", "--title", TITLE, "--label", LABEL, "--body", text)
    elif action == "comment":
        gh("issue", "comment", str(issue), "--body", text)
    elif action == "close":
        gh("issue", "close", str(issue), "--comment", f"A healthy night found no drift: {run_url}")
    print(f"drift issue: {action}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
