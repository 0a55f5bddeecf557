"""Known drift (the baseline, in the repository) and the nights before (the history file the
nightly workflow keeps between runs).

A baseline entry must name the operation, the check and at least one detail (the answer's
status and/or the JSON pointer into the spec), so accepting one drift never excuses another
of the same check; each has a reason and an expiry date.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from meedio_contract.findings.drift import Finding

EXPIRY_WARNING = timedelta(days=7)
HISTORY_NIGHTS = 30


@dataclass(frozen=True)
class BaselineEntry:
    operation: str
    check: str
    reason: str
    expires: date
    status: int | None = None
    pointer: str | None = None

    def covers(self, finding: Finding, today: date) -> bool:
        return (
            today <= self.expires
            and (finding.operation, finding.check) == (self.operation, self.check)
            and (self.status is None or finding.status == self.status)
            and (self.pointer is None or finding.where == self.pointer)
        )

    def describe(self) -> str:
        detail = ", ".join(
            part
            for part in (
                f"status {self.status}" if self.status is not None else "",
                f"at {self.pointer}" if self.pointer else "",
            )
            if part
        )
        return f"{self.operation}: {self.check} ({detail}): {self.reason} (until {self.expires})"


def load_baseline(path: Path) -> list[BaselineEntry]:
    """Entries from YAML: {operation, check, status and/or pointer, reason, expires}."""
    if not path.exists():
        return []
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    entries = []
    for i, item in enumerate(raw):
        missing = {"operation", "check", "reason", "expires"} - set(item)
        if missing:
            raise ValueError(f"{path}: entry {i} lacks {sorted(missing)}")
        if item.get("status") is None and item.get("pointer") is None:
            raise ValueError(f"{path}: entry {i} must be narrowed by status and/or pointer")
        expires = item["expires"]
        expires = expires if isinstance(expires, date) else date.fromisoformat(str(expires))
        entries.append(
            BaselineEntry(
                item["operation"],
                item["check"],
                item["reason"],
                expires,
                item.get("status"),
                item.get("pointer"),
            )
        )
    return entries


@dataclass
class Split:
    new: list[Finding]
    known: list[tuple[Finding, BaselineEntry]]
    unmatched: list[BaselineEntry]
    expiring: list[BaselineEntry]
    expired: list[BaselineEntry]


def split(findings: list[Finding], baseline: list[BaselineEntry], today: date) -> Split:
    """New findings, known ones with their entry, and the baseline's upkeep."""
    new, known, used = [], [], set()
    for finding in findings:
        entry = next((e for e in baseline if e.covers(finding, today)), None)
        if entry is None:
            new.append(finding)
        else:
            known.append((finding, entry))
            used.add(entry)
    live = [e for e in baseline if e.expires >= today]
    return Split(
        new,
        known,
        [e for e in live if e not in used],
        [e for e in live if e.expires - today <= EXPIRY_WARNING],
        [e for e in baseline if e.expires < today],
    )


@dataclass(frozen=True)
class History:
    """Findings of earlier nights: ``{"nights": [{"date", "keys": {key: first_seen}}]}``."""

    path: Path

    def nights(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except ValueError:
            return []
        return list(loaded.get("nights", [])) if isinstance(loaded, dict) else []

    def compare(self, keys: list[str], today: str) -> dict[str, Any]:
        """New, persisting and fixed since the last night, and when each was first seen."""
        nights = self.nights()
        last: dict[str, str] = nights[-1]["keys"] if nights else {}
        first_seen = {key: last.get(key, today) for key in keys}
        return {
            "previousNight": nights[-1]["date"] if nights else None,
            "new": sorted(k for k in keys if k not in last),
            "persisting": sorted(k for k in keys if k in last),
            "fixed": sorted(k for k in last if k not in keys),
            "firstSeen": first_seen,
        }

    def record(self, first_seen: dict[str, str], today: str) -> None:
        nights = [n for n in self.nights() if n.get("date") != today]
        nights.append({"date": today, "keys": first_seen})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(
            json.dumps({"nights": nights[-HISTORY_NIGHTS:]}, indent=1), encoding="utf-8"
        )
