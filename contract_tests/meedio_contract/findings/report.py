"""The morning-after report: ``drift.md`` (the GitHub job summary), ``drift.json`` (for tools)
and ``summary.md``, written from whatever the run got to, as many times as the run needs
(before the suite, before cleanup, after cleanup, after a crash)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from meedio_contract.core.exits import Exit
from meedio_contract.findings.baseline import Split
from meedio_contract.findings.drift import API_FAILING, SPEC_DRIFT, Finding
from meedio_contract.findings.health import Health
from meedio_contract.findings.leftovers import CleanupReport
from meedio_contract.findings.shapes import Observed


@dataclass
class RunState:
    """Everything the reports show; filled in as the run goes."""

    details: dict[str, Any]
    stage: str = "starting"
    code: Exit | None = None
    cause: str = ""
    health: Health | None = None
    findings: list[Finding] = field(default_factory=list)
    split: Split | None = None
    observed: Observed | None = None
    probes: list[dict[str, Any]] = field(default_factory=list)
    patch: str = ""
    history: dict[str, Any] = field(default_factory=dict)
    replays: dict[str, str] = field(default_factory=dict)
    precleaned: CleanupReport | None = None
    cleanup: CleanupReport | None = None
    errors: list[str] = field(default_factory=list)
    # The emulator against tonight's API (the night's parity check): data and its section.
    parity: dict[str, Any] | None = None
    parity_markdown: list[str] = field(default_factory=list)
    # What the proposed patch breaks for the client's callers (meedio_release), rendered.
    patch_impact: list[str] = field(default_factory=list)

    def information(self) -> list[dict[str, Any]]:
        if self.observed is None:
            return []
        return [
            {
                "operation": d.operation,
                "status": d.status,
                "field": d.name,
                "type": d.observed,
                "pointer": d.where,
                "count": self.observed.count[k],
            }
            for k, d in self.observed.drifts.items()
            if d.kind == "extra"
        ]

    def _drifts(self) -> list[dict[str, Any]]:
        seen = self.observed
        if seen is None:
            return []
        return [
            {**d.__dict__, "count": seen.count[k], "example": seen.example[k][:300]}
            for k, d in seen.drifts.items()
        ]

    def as_json(self) -> dict[str, Any]:
        new = {f.key for f in self.split.new} if self.split else set()
        first = self.history.get("firstSeen", {})
        return {
            "run": {
                **self.details,
                "stage": self.stage,
                "exitCode": self.code,
                "verdict": Exit(self.code).verdict if self.code is not None else "running",
                "cause": self.cause,
            },
            "health": self.health.as_dict() if self.health else None,
            "findings": [
                {
                    **f.as_dict(),
                    "new": f.key in new,
                    "firstSeen": first.get(f.key),
                    "decision": f.decision or _decision(f, self.probes),
                    "replay": self.replays.get(f.key, ""),
                }
                for f in self.findings
            ],
            "drifts": self._drifts(),
            "information": self.information(),
            "probes": self.probes,
            "patch": self.patch,
            "history": self.history,
            "baseline": {
                "known": [{"finding": f.key, "entry": e.describe()} for f, e in self.split.known],
                "unmatched": [e.describe() for e in self.split.unmatched],
                "expiringWithin7Days": [e.describe() for e in self.split.expiring],
                "expired": [e.describe() for e in self.split.expired],
            }
            if self.split
            else None,
            "cleanup": {
                "beforeRun": self.precleaned.as_dict() if self.precleaned else None,
                "afterRun": self.cleanup.as_dict() if self.cleanup else None,
                "possiblyLeftInAccount": self.cleanup.possibly_left if self.cleanup else [],
            },
            "parity": self.parity,
            "patchImpact": "\n".join(self.patch_impact),
            "errors": self.errors,
        }


def _decision(finding: Finding, probes: list[dict[str, Any]]) -> str:
    """The DECISIONS entry a finding refutes: the probe that watches the same place."""
    for probe in probes:
        if probe.get("result") == "refuted" and finding.operation in probe.get("operations", []):
            return str(probe.get("decision", ""))
    return ""


def _finding_md(f: Finding, data: dict[str, Any]) -> list[str]:
    lines = [
        f"#### {f.operation} — {f.check}: {f.title}",
        "",
        f"- root cause: {f.root}",
        f"- answer: {f.status or 'none'} `{f.content_type or '-'}`, seen {f.count}x, "
        f"first seen {data.get('firstSeen') or 'tonight'}{' (new)' if data.get('new') else ''}",
        f"- change: `openapi/meedio-v3.yaml#{f.where}`",
    ]
    if data.get("decision"):
        lines.append(f"- refutes: {data['decision']}")
    if f.recheck:
        lines.append(f"- re-check: {f.recheck}")
    if f.snippet:
        lines += ["", "```", f.snippet.strip(), "```"]
    if data.get("replay"):
        lines += [
            "",
            "<details><summary>replay</summary>",
            "",
            "```bash",
            data["replay"],
            "```",
            "</details>",
        ]
    return [*lines, ""]


def markdown(state: RunState) -> str:
    data = state.as_json()
    run = data["run"]
    lines = [
        f"# Nightly contract run: {run['verdict']}",
        "",
        f"Exit code **{run['exitCode']}**"
        + (f": {run['cause']}" if run["cause"] else "")
        + f" (stage reached: {run['stage']}).",
        "",
        "## Run",
        "",
        *[f"- {name}: {value}" for name, value in state.details.items()],
        "",
    ]
    if state.health:
        h = data["health"]
        lines += [
            f"## Run health: {h['verdict']}",
            "",
            *[f"- **{reason}**" for reason in h["reasons"]],
            f"- requests: {h['requests']} (peak {h['peakPerSecond']}/s; by source {h['bySource']})",
            f"- by status: {h['byStatus']}",
            f"- shares: {h['shares']}",
            f"- stateful link coverage: {h['linkCoverage']:.0%} "
            f"({len(h['linksFollowed'])} of {len(h['linksDeclared'])} links)",
            f"- schemathesis warnings: {h['warnings'] or 'none'}",
            "",
        ]
    left = data["cleanup"]["possiblyLeftInAccount"]
    if state.cleanup or state.precleaned:
        lines += ["## Cleanup", ""]
        for name, report in (
            ("before the run (earlier runs' leftovers)", state.precleaned),
            ("after the run", state.cleanup),
        ):
            if report:
                lines.append(
                    f"- {name}: {len(report.deleted)} deleted, {len(report.expiring)} closing by "
                    f"themselves, {len(report.failed)} failed, {len(report.unfindable)} unfindable"
                )
        lines += [f"- **possibly left in the account: {item}**" for item in left]
        lines.append("")
    by_id = {d["key"]: d for d in data["findings"]}
    for category in (SPEC_DRIFT, API_FAILING):
        chosen = [f for f in state.findings if f.category == category]
        lines += [f"## {category[0].upper()}{category[1:]} ({len(chosen)})", ""]
        for root in dict.fromkeys(f.root for f in chosen):
            lines += [f"### {root}", ""]
            for f in chosen:
                if f.root == root:
                    lines += _finding_md(f, by_id[f.key])
    if data["information"]:
        lines += ["## Information: undocumented response fields", ""]
        lines += [
            f"- {i['operation']} {i['status']}: `{i['field']}` ({i['type']}, {i['count']}x) "
            f"— add at `{i['pointer']}`"
            for i in data["information"]
        ]
        lines.append("")
    if state.probes:
        lines += [
            "## Decisions (openapi/DECISIONS.md) checked against the API",
            "",
            "| probe | decision | result | what came back |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| `{p['id']}` | {p['decision']} | {p['result']} | {p['observed']} |"
            for p in state.probes
        ]
        lines.append("")
    lines += state.parity_markdown
    if state.history:
        hist = state.history
        lines += [
            f"## Since the previous night ({hist.get('previousNight') or 'none recorded'})",
            "",
            f"- new: {len(hist['new'])}, persisting: {len(hist['persisting'])}, fixed: {len(hist['fixed'])}",
        ]
        lines += [f"- fixed: `{key}`" for key in hist["fixed"]]
        lines.append("")
    if data["baseline"]:
        b = data["baseline"]
        lines += ["## Baseline upkeep", ""]
        lines += [f"- known: {k['entry']}" for k in b["known"]]
        lines += [f"- **expires within 7 days**: {e}" for e in b["expiringWithin7Days"]]
        lines += [f"- **matched nothing tonight** (remove it?): {e}" for e in b["unmatched"]]
        lines += [f"- **expired** (excuses nothing): {e}" for e in b["expired"]]
        if not any(b.values()):
            lines.append("- the baseline is empty")
        lines.append("")
    if state.patch:
        lines += [
            "## Proposed spec patch",
            "",
            "Review, then `git apply` it and run `make gen`.",
            "",
            "```diff",
            state.patch.rstrip(),
            "```",
            "",
            *state.patch_impact,
        ]
    if state.errors:
        lines += ["## Errors of the run itself", "", *[f"- {e}" for e in state.errors], ""]
    return "\n".join(lines)


def summary(state: RunState) -> str:
    data = state.as_json()
    run, health = data["run"], data["health"] or {}
    spec = sum(1 for f in state.findings if f.category == SPEC_DRIFT)
    failing = len(state.findings) - spec
    return "\n".join(
        [
            f"# Contract run: exit {run['exitCode']} — {run['verdict']}",
            "",
            f"- cause: {run['cause'] or '-'}; stage reached: {run['stage']}",
            f"- requests: {health.get('requests', 0)}, peak {health.get('peakPerSecond', 0)}/s; "
            f"health: {health.get('verdict', 'not assessed')}",
            f"- findings: {spec} spec drift, {failing} API failing, "
            f"{len(state.split.new) if state.split else 0} new",
            f"- possibly left in the account: {len(data['cleanup']['possiblyLeftInAccount'])}",
            "",
        ]
    )


def write(state: RunState, reports: Path) -> None:
    """Write the three reports; never raises (a report that cannot be written is printed)."""
    reports.mkdir(parents=True, exist_ok=True)
    try:
        (reports / "drift.json").write_text(
            json.dumps(state.as_json(), indent=1, default=str), encoding="utf-8"
        )
        (reports / "drift.md").write_text(markdown(state), encoding="utf-8")
        (reports / "summary.md").write_text(summary(state), encoding="utf-8")
    except Exception as exc:
        # Last resort: say so in the summary, and let the error reach the runner's log.
        (reports / "summary.md").write_text(
            f"# Contract run: the report failed: {exc!r}\n", encoding="utf-8"
        )
        raise
