"""The night closes the loop: tonight's recording of the API judged against the emulator of
the same revision, each difference classified against the committed snapshots.

- **the API changed since the snapshots were committed**: the committed snapshot and tonight's
  recording differ at that path (the snapshot diff says how); refresh the snapshots (the
  nightly pull request) and, once reviewed, change the emulator.
- **the emulator differs from the API**: the snapshots already recorded what the API does
  tonight, and the emulator still answers otherwise: change the emulator's behaviour at that
  path (with the DECISIONS entry whose probe watches that operation, if one does).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from meedio_contract.parity.scenarios import Scenario
from meedio_contract.parity.verify import judge, load_allowances

API_CHANGED = "the API changed since the snapshots were committed"
# Answers that say nothing about how the API behaves: the API did not let the scenario through.
NOT_ABOUT_THE_API = "a 429, a 5xx, a gateway page, no answer, or a 401 to the run's own keys"


def unusable(snapshot: dict[str, Any]) -> str | None:
    """Why tonight's recording of a scenario says nothing about the API, or None."""
    for exchange in snapshot["exchanges"]:
        if "error" in exchange:
            return f"{exchange['step']}: {exchange['error']}"
        if "response" not in exchange:
            continue
        status = exchange["response"]["status"]
        kind = str(exchange["response"]["headers"].get("content-type", ""))
        own_keys = exchange["request"]["auth"] == "the run's keys"
        if (
            status == 429
            or status >= 500
            or kind.startswith("text/html")
            or (status == 401 and own_keys)
        ):
            return f"{exchange['step']}: {status} {kind.split(';')[0] or '(no content type)'}"
    return None


EMULATOR_DIFFERS = "the emulator differs from the API"


def against_tonight(
    scenarios: list[Scenario],
    committed: dict[str, dict[str, Any]],
    tonight: dict[str, dict[str, Any]],
    emulator: dict[str, dict[str, Any]],
    decisions: dict[str, list[str]],
    today: date,
) -> dict[str, Any]:
    """The report's section: parity of the emulator with tonight's API, each difference
    classified; ``decisions`` maps an operationId to the DECISIONS entries that watch it."""
    unmeasured = {name: why for name, snap in tonight.items() if (why := unusable(snap))}
    scenarios = [s for s in scenarios if s.name not in unmeasured]
    verdict = judge(scenarios, tonight, emulator, load_allowances(), today)
    since = judge(scenarios, committed, tonight, [], today)
    changed = {(d.scenario, d.path): d for d in since.differences}
    differences = []
    for index, difference in enumerate(verdict.differences):
        earlier = changed.get((difference.scenario, difference.path))
        differences.append(
            {
                "scenario": difference.scenario,
                "path": difference.path,
                "operation": difference.operation,
                "api": difference.recorded,
                "emulator": difference.observed,
                "class": API_CHANGED if earlier else EMULATOR_DIFFERS,
                "snapshotDiff": f"{earlier.recorded} -> {earlier.observed}" if earlier else "",
                "decisions": decisions.get(difference.operation or "", []),
                "excused": verdict.excused.get(index),
            }
        )
    return {
        "parity": round(verdict.parity, 4),
        "operations": verdict.as_dict()["operations"],
        "differences": differences,
        "snapshotsChanged": snapshots_changed(
            committed, {k: v for k, v in tonight.items() if k not in unmeasured}
        ),
        "notMeasured": unmeasured,
    }


def _comparable(snapshot: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in snapshot.items() if k != "source"}, sort_keys=True)


def snapshots_changed(committed: dict[str, Any], tonight: dict[str, Any]) -> list[str]:
    """The scenarios whose snapshot tonight differs from the committed one (the source aside);
    a scenario not measured tonight is no change."""
    names = sorted(tonight.keys())
    return [
        name
        for name in names
        if name not in committed
        or name not in tonight
        or _comparable(committed[name]) != _comparable(tonight[name])
    ]


def markdown(section: dict[str, Any]) -> list[str]:
    """The drift report's section "The emulator against tonight's API"."""
    lines = [
        "## The emulator against tonight's API",
        "",
        f"Parity **{section['parity']:.1%}** over the parity scenarios (`make parity`). "
        f"Snapshots that changed tonight: {', '.join(section['snapshotsChanged']) or 'none'}"
        + (" (the nightly pull request refreshes them)." if section["snapshotsChanged"] else "."),
        "",
    ]
    lines += [
        f"- not measured tonight: {name} ({why}: {NOT_ABOUT_THE_API})"
        for name, why in sorted(section["notMeasured"].items())
    ]
    if section["notMeasured"]:
        lines.append("")
    if not section["differences"]:
        return [*lines, "The emulator answers every measured scenario as the API did tonight.", ""]
    lines += [
        "| scenario | path | API tonight | emulator | class | snapshot diff | decision |",
        "|---|---|---|---|---|---|---|",
    ]
    for d in section["differences"]:
        cls = d["class"] + (f" (excused: {d['excused']})" if d["excused"] else "")
        decision = "; ".join(d["decisions"]) or "-"
        lines.append(
            f"| {d['scenario']} | `{d['path']}` | `{d['api']}` | `{d['emulator']}` | {cls} "
            f"| {d['snapshotDiff'] or '-'} | {decision} |"
        )
    return [*lines, ""]


def not_reached(cause: str) -> list[str]:
    """The section when the recording could not start."""
    return ["## The emulator against tonight's API", "", f"Not measured: {cause}.", ""]
