"""Verification: the scenarios replayed against an emulator, compared with recorded snapshots,
and the verdict: ``reports/parity.md`` and ``parity.json``, a parity figure per operation and
overall, and an exit code (1 on a difference no entry of ``allow.yaml`` excuses)."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from meedio_client.tls import default_context

from meedio_contract.parity.compare import Difference, compare
from meedio_contract.parity.record import load_snapshots, record
from meedio_contract.parity.scenarios import ALLOW, Scenario
from meedio_spec.document import load_document


@dataclass(frozen=True)
class Allowance:
    scenario: str
    path: str
    reason: str
    expires: date

    def excuses(self, difference: Difference, today: date) -> bool:
        return (
            today <= self.expires
            and difference.scenario == self.scenario
            and difference.path == self.path
        )


def load_allowances(path: Path = ALLOW) -> list[Allowance]:
    entries: Any = load_document(path) or []  # a list of entries
    return [
        Allowance(str(e["scenario"]), str(e["path"]), str(e["reason"]), _date(e["expires"]))
        for e in entries
    ]


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@dataclass
class Verdict:
    """The comparison of one recording (``observed``) with the reference snapshots."""

    differences: list[Difference] = field(default_factory=list)
    excused: dict[int, str] = field(default_factory=dict)  # index -> why (skip or allow)
    exchanges: Counter[str] = field(default_factory=Counter)  # operation -> exchanges
    matching: Counter[str] = field(default_factory=Counter)  # operation -> without difference
    unused: list[Allowance] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def unexcused(self) -> list[Difference]:
        return [d for i, d in enumerate(self.differences) if i not in self.excused]

    @property
    def parity(self) -> float:
        total = sum(self.exchanges.values())
        return sum(self.matching.values()) / total if total else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "parity": round(self.parity, 4),
            "sources": self.sources,
            "operations": {
                op: {"exchanges": n, "matching": self.matching[op], "parity": self.matching[op] / n}
                for op, n in sorted(self.exchanges.items())
            },
            "differences": [
                {**d.as_dict(), "excused": self.excused.get(i)}
                for i, d in enumerate(self.differences)
            ],
            "allowListUnused": [a.__dict__ | {"expires": str(a.expires)} for a in self.unused],
        }


def judge(
    scenarios: list[Scenario],
    reference: dict[str, dict[str, Any]],
    observed: dict[str, dict[str, Any]],
    allowances: list[Allowance],
    today: date,
) -> Verdict:
    """Compare ``observed`` with ``reference``, scenario by scenario, and excuse what the
    scenario's skip paths or the allow-list excuse."""
    verdict = Verdict()
    used: set[int] = set()
    for scenario in scenarios:
        want, got = reference.get(scenario.name), observed.get(scenario.name)
        if want is None or got is None:
            missing = "(no snapshot)" if want is None else "recorded"
            verdict.differences.append(
                Difference(scenario.name, "snapshot", missing, "(none)" if got is None else "sent")
            )
            continue
        verdict.sources[scenario.name] = str(want.get("source", ""))
        found = compare(want, got)
        for exchange in want["exchanges"]:
            operation = exchange.get("operation") or "(no operation)"
            verdict.exchanges[operation] += 1
        for difference in found:
            index = len(verdict.differences)
            verdict.differences.append(difference)
            if difference.path in scenario.skip:
                verdict.excused[index] = f"skip path: {scenario.skip[difference.path]}"
                continue
            for number, allowance in enumerate(allowances):
                if allowance.excuses(difference, today):
                    verdict.excused[index] = f"allow-list: {allowance.reason}"
                    used.add(number)
                    break
        unexcused_steps = {
            d.path.split(".")[0]
            for i, d in enumerate(verdict.differences)
            if d.scenario == scenario.name and i not in verdict.excused
        }
        for exchange in want["exchanges"]:
            if exchange["step"] not in unexcused_steps:
                verdict.matching[exchange.get("operation") or "(no operation)"] += 1
    verdict.unused = [a for i, a in enumerate(allowances) if i not in used]
    return verdict


def replay_against(
    base_url: str, credentials: tuple[str, str], scenarios: list[Scenario], source: str
) -> dict[str, dict[str, Any]]:
    """The scenarios recorded against ``base_url`` into a scratch folder."""
    headers = {"API_KEY": credentials[0], "API_SECRET": credentials[1]}
    with (
        httpx.Client(
            base_url=base_url,
            headers=headers,
            timeout=30,
            trust_env=False,
            verify=default_context(trust_env=False),
        ) as client,
        tempfile.TemporaryDirectory() as scratch,
    ):
        return record(client, scenarios, Path(scratch), source)


def write_report(verdict: Verdict, reports: Path, title: str) -> None:
    """``parity.md`` and ``parity.json`` in ``reports``."""
    reports.mkdir(parents=True, exist_ok=True)
    (reports / "parity.json").write_text(json.dumps(verdict.as_dict(), indent=2) + "\n")
    (reports / "parity.md").write_text(markdown(verdict, title))


def markdown(verdict: Verdict, title: str) -> str:
    total, matching = sum(verdict.exchanges.values()), sum(verdict.matching.values())
    sources = sorted(set(verdict.sources.values())) or ["(none)"]
    lines = [
        f"# {title}",
        "",
        f"Snapshots recorded from: {', '.join(sources)}.",
        f"**Parity {verdict.parity:.1%}**: {matching} of {total} exchanges match; "
        f"{len(verdict.unexcused)} unexcused difference(s), "
        f"{len(verdict.excused)} excused.",
        "",
        "| operation | exchanges | matching | parity |",
        "|---|---|---|---|",
    ]
    for op, count in sorted(verdict.exchanges.items()):
        lines.append(
            f"| {op} | {count} | {verdict.matching[op]} | {verdict.matching[op] / count:.0%} |"
        )
    lines += ["", "## Differences", ""]
    if not verdict.differences:
        lines.append("None: every exchange matches.")
    else:
        lines += ["| scenario | path | recorded | emulator | excused |", "|---|---|---|---|---|"]
        for i, d in enumerate(verdict.differences):
            why = verdict.excused.get(i, "**no**")
            lines.append(f"| {d.scenario} | `{d.path}` | `{d.recorded}` | `{d.observed}` | {why} |")
    if verdict.unused:
        lines += ["", "## Allow-list entries that matched nothing (remove them)", ""]
        lines += [
            f"- {a.scenario} `{a.path}` (expires {a.expires}): {a.reason}" for a in verdict.unused
        ]
    return "\n".join(lines) + "\n"


def verify(
    scenarios: list[Scenario],
    snapshots: Path,
    base_url: str,
    credentials: tuple[str, str],
    reports: Path,
    today: date | None = None,
) -> Verdict:
    """``make parity``: the committed snapshots against the emulator at ``base_url``."""
    observed = replay_against(base_url, credentials, scenarios, "the emulator")
    verdict = judge(
        scenarios, load_snapshots(snapshots), observed, load_allowances(), today or date.today()
    )
    write_report(verdict, reports, "Parity: the emulator against the recorded API")
    return verdict
