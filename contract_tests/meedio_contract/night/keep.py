"""The night's last act: its record appended to the history, and the nights page drawn.

Neither may fail the night: whatever goes wrong becomes a warning line in the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from meedio_contract.core.specindex import Spec
from meedio_contract.night import history, nights_page


def keep(
    state_dir: Path,
    reports: Path,
    report: dict[str, Any],
    journal: list[dict[str, Any]],
    spec: Path,
    duration: float,
    allowed_requests: float,
) -> list[str]:
    """Append tonight's record, write ``nights.html`` and ``nights-summary.md``; the warnings."""
    warnings: list[str] = []
    path = state_dir / history.FILE
    try:
        record = history.record(report, journal, Spec.load(spec), duration, allowed_requests)
        warnings += history.append(path, record)
    except Exception as exc:  # the history is a convenience; the night's verdict is not
        warnings.append(f"history: tonight's record was not kept ({type(exc).__name__}: {exc})")
    try:
        nights_page.write(path, reports)
    except Exception as exc:
        warnings.append(f"nights page: not drawn ({type(exc).__name__}: {exc})")
    return [f"warning: {w}" for w in warnings]
