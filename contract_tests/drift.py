"""The drift report: each failure of a contract run classed, with the request to replay it,
and held against a baseline of known drift (each entry with a reason and an expiry date).

Built from schemathesis' NDJSON event stream (``--report ndjson``) and its JSON report.
"""

from __future__ import annotations

import base64
import json
import shlex
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

SPEC_DRIFT = "the spec is wrong or out of date"
API_FAILING = "the API is failing"
# Checks that fail when the API answers with a 5xx: the API's fault, not the spec's.
API_CHECKS = {"not_a_server_error"}


@dataclass(frozen=True)
class Finding:
    category: str
    operation: str
    check: str
    title: str
    message: str
    replay: str

    @property
    def key(self) -> tuple[str, str]:
        return self.operation, self.check


@dataclass(frozen=True)
class BaselineEntry:
    operation: str
    check: str
    reason: str
    expires: date

    def covers(self, finding: Finding, today: date) -> bool:
        return today <= self.expires and (finding.operation, finding.check) == (
            self.operation,
            self.check,
        )


def _decode(body: Any) -> str | None:
    if isinstance(body, dict) and "$base64" in body:
        return base64.b64decode(body["$base64"]).decode("utf-8", errors="replace")
    if isinstance(body, dict) and "string" in body:
        return str(body["string"])
    return None


def replay_command(request: dict[str, Any]) -> str:
    """A curl line that sends the request again; the credentials come from the environment."""
    parts = ["curl", "-X", request["method"], shlex.quote(request["uri"])]
    for name, values in request.get("headers", {}).items():
        for value in values if isinstance(values, list) else [values]:
            if name.upper() in ("API_KEY", "API_SECRET"):
                value = f"${{MEEDIO_{name.upper()}}}"
                parts += ["-H", f'"{name}: {value}"']
            else:
                parts += ["-H", shlex.quote(f"{name}: {value}")]
    body = _decode(request.get("body"))
    if body:
        parts += ["--data-raw", shlex.quote(body)]
    return " ".join(parts)


def collect(events: Path, report: Path | None = None) -> list[Finding]:
    """Every distinct (operation, check, title) failure of the run, and its transport errors."""
    findings: dict[tuple[str, str, str], Finding] = {}
    if events.exists():
        for line in events.read_text(encoding="utf-8").splitlines():
            event = json.loads(line)
            scenario = event.get("ScenarioFinished")
            if not scenario:
                continue
            recorder = scenario["recorder"]
            for case_id, checks in recorder.get("checks", {}).items():
                for check in checks:
                    if check.get("status") != "failure":
                        continue
                    failure = check["failure_info"]["failure"]
                    operation = failure.get("operation") or recorder.get("label", "?")
                    key = (operation, check["name"], failure["title"])
                    if key in findings:
                        continue
                    interaction = recorder.get("interactions", {}).get(case_id)
                    replay = replay_command(interaction["request"]) if interaction else ""
                    findings[key] = Finding(
                        category=API_FAILING if check["name"] in API_CHECKS else SPEC_DRIFT,
                        operation=operation,
                        check=check["name"],
                        title=failure["title"],
                        message=failure.get("message", ""),
                        replay=replay,
                    )
    if report is not None and report.exists():
        for error in json.loads(report.read_text(encoding="utf-8")).get("errors", []):
            label = error.get("label") or error.get("operation") or "?"
            text = json.dumps(error)[:300]
            findings[(label, "network", text)] = Finding(
                API_FAILING, label, "network", "Transport error or timeout", text, ""
            )
    return list(findings.values())


def load_baseline(path: Path) -> list[BaselineEntry]:
    """Known drift, from YAML: a list of {operation, check, reason, expires}."""
    if not path.exists():
        return []
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    entries = []
    for i, item in enumerate(raw):
        missing = {"operation", "check", "reason", "expires"} - set(item)
        if missing:
            raise ValueError(f"{path}: entry {i} lacks {sorted(missing)}")
        expires = item["expires"]
        expires = expires if isinstance(expires, date) else date.fromisoformat(str(expires))
        entries.append(BaselineEntry(item["operation"], item["check"], item["reason"], expires))
    return entries


def split(
    findings: list[Finding], baseline: list[BaselineEntry], today: date
) -> tuple[list[Finding], list[tuple[Finding, BaselineEntry]]]:
    """(new findings, known findings with the baseline entry that covers each)."""
    new, known = [], []
    for finding in findings:
        entry = next((e for e in baseline if e.covers(finding, today)), None)
        if entry is None:
            new.append(finding)
        else:
            known.append((finding, entry))
    return new, known


def render(
    target: str,
    new: list[Finding],
    known: list[tuple[Finding, BaselineEntry]],
    baseline: list[BaselineEntry],
    today: date,
) -> str:
    lines = [
        f"# Drift report: {target}",
        "",
        f"New drift: {len(new)}; known drift: {len(known)}.",
        "",
    ]
    for category in (SPEC_DRIFT, API_FAILING):
        chosen = [f for f in new if f.category == category]
        lines += [f"## New: {category} ({len(chosen)})", ""]
        for f in chosen:
            lines += [
                f"### {f.operation}: {f.check} ({f.title})",
                "",
                "```",
                f.message.strip(),
                "```",
            ]
            if f.replay:
                lines += ["Replay:", "", "```bash", f.replay, "```"]
            lines.append("")
    if known:
        lines += ["## Known (in the baseline)", ""]
        lines += [f"- {f.operation}: {f.check}: {e.reason} (until {e.expires})" for f, e in known]
        lines.append("")
    expired = [e for e in baseline if e.expires < today]
    if expired:
        lines += ["## Expired baseline entries (no longer excuse anything)", ""]
        lines += [f"- {e.operation}: {e.check}: {e.reason} (expired {e.expires})" for e in expired]
        lines.append("")
    return "\n".join(lines)
