"""The nights in the job summary: tonight's headline figures and two small Mermaid charts
(GitHub renders ``xychart-beta`` blocks in Markdown), written to ``reports/nights-summary.md``
beside ``nights.html``; the workflow appends it to ``$GITHUB_STEP_SUMMARY``."""

from __future__ import annotations

from typing import Any

from meedio_contract.night.history import UNMATCHED
from meedio_contract.night.nights_figures import MIN_TREND, Nights

FILE = "nights-summary.md"
# The charts show the last nights only: a summary is read at a glance.
CHART_NIGHTS = 30


def _worst_p95(record: dict[str, Any]) -> tuple[str, int] | None:
    ops: dict[str, Any] = record.get("operations") or {}
    measured = [
        (str(name), int(op["latencyMs"]["p95"]))
        for name, op in ops.items()
        if isinstance(op, dict) and op.get("latencyMs") and name != UNMATCHED
    ]
    return max(measured, key=lambda item: item[1], default=None)


def headline(nights: Nights) -> dict[str, str]:
    """Tonight's figures, as the page's first row and the summary's table show them."""
    last = nights.records[-1]
    budget = last.get("budget") or {}
    found = last.get("findings") or {}
    parity = (last.get("parity") or {}).get("overall")
    share_429 = nights.shares("429")[-1]
    share_5xx = nights.shares("5xx")[-1]
    worst = _worst_p95(last)
    return {
        "night": nights.labels[-1],
        "exit code": str(last.get("exitCode")),
        "requests": f"{budget.get('requests', 0)} ({100 * float(budget.get('share') or 0):.0f}% of the budget)",
        "duration": f"{last.get('durationSeconds', 0)} s",
        "429s / 5xx": f"{share_429 if share_429 is not None else '-'}% / {share_5xx if share_5xx is not None else '-'}%",
        "slowest p95": f"{worst[0]} {worst[1]} ms" if worst else "-",
        "findings": f"{found.get('total', 0)} ({found.get('new', 0)} new, {found.get('fixed', 0)} fixed)",
        "parity": "not measured" if parity is None else f"{100 * float(parity):.1f}%",
    }


def _axis(labels: list[str]) -> str:
    return (
        "[" + ", ".join(f'"{label[5:] if len(label) == 10 else label}"' for label in labels) + "]"
    )


def markdown(nights: Nights) -> str:
    """The summary's section: a table of tonight's figures and two charts (when it has nights)."""
    lines = ["## The nights at a glance", ""]
    if not len(nights):
        return "\n".join([*lines, "No night in the history yet.", ""])
    figures = headline(nights)
    lines += ["| " + " | ".join(figures) + " |", "|" + "---|" * len(figures)]
    lines += ["| " + " | ".join(v.replace("|", "/") for v in figures.values()) + " |", ""]
    if len(nights) < MIN_TREND:
        lines += [
            f"Too few nights to show a trend: {len(nights)} so far (a trend needs {MIN_TREND}).",
            "",
        ]
    recent = Nights(nights.records[-CHART_NIGHTS:])
    worst = [_worst_p95(r) for r in recent.records]
    p95 = [w[1] if w else 0 for w in worst]
    findings = [v or 0 for v in recent.findings("total")]
    lines += [
        "```mermaid",
        "xychart-beta",
        f'    title "Slowest operation p95, ms (last {len(recent)} nights)"',
        f"    x-axis {_axis(recent.labels)}",
        '    y-axis "ms"',
        f"    line {p95}",
        "```",
        "",
        "```mermaid",
        "xychart-beta",
        f'    title "Findings (last {len(recent)} nights)"',
        f"    x-axis {_axis(recent.labels)}",
        '    y-axis "findings"',
        f"    bar {findings}",
        "```",
        "",
        "Every night kept, in pictures: `nights.html` in the `contract-reports` artifact.",
        "",
    ]
    return "\n".join(lines)
