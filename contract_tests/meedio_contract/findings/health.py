"""The run-health gate: was the API exercised, or were the answers mostly about something else?

A night whose answers were mostly 401 (a revoked key), 429 (a lower real limit) or 5xx and
gateway pages (an outage) passes every check, since those statuses are documented; so does
a night whose creates stopped answering as the links say, leaving the stateful phase with
nothing to chain. This gate fails those nights, on thresholds from ``nightly.toml``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from meedio_contract.core.config import Health as Thresholds
from meedio_contract.core.specindex import Spec
from meedio_contract.findings.shapes import is_gateway_page

TRANSITION = re.compile(r"^(?P<source>\S+ \S+) -> \[(?P<status>\d+)\] (?P<link>\S+) -> ")


@dataclass
class Health:
    requests: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    shares: dict[str, float] = field(default_factory=dict)
    links_declared: list[str] = field(default_factory=list)
    links_followed: list[str] = field(default_factory=list)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    peak_per_second: int = 0
    reasons: list[str] = field(default_factory=list)
    assessed: bool = False  # False: only counted (the suite never ran)

    @property
    def link_coverage(self) -> float:
        if not self.links_declared:
            return 1.0
        return len(set(self.links_followed) & set(self.links_declared)) / len(self.links_declared)

    @property
    def healthy(self) -> bool:
        return not self.reasons

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": ("healthy" if self.healthy else "unhealthy")
            if self.assessed
            else "not assessed",
            "reasons": self.reasons,
            "requests": self.requests,
            "peakPerSecond": self.peak_per_second,
            "byStatus": self.by_status,
            "bySource": self.by_source,
            "shares": self.shares,
            "linkCoverage": round(self.link_coverage, 3),
            "linksDeclared": self.links_declared,
            "linksFollowed": sorted(set(self.links_followed)),
            "warnings": self.warnings,
        }


def declared_links(spec: Spec) -> list[str]:
    """Every link of the spec as ``METHOD /path Name`` (a link declared on both 200 and 201 of
    a create is one link: either status chains it)."""
    found = []
    for op in spec.operations:
        responses = op.raw.get("responses", {})
        for response in responses.values():
            resolved, _ = spec.resolve(response)
            found += [f"{op.label} {name}" for name in (resolved.get("links") or {})]
    return sorted(set(found))


def followed_links(events: Path) -> list[str]:
    """Links the stateful phase chained (declared ones, not schemathesis' inferred ones)."""
    followed: list[str] = []
    if not events.exists():
        return followed
    for line in events.read_text(encoding="utf-8").splitlines():
        if '"transition"' not in line:
            continue
        try:
            recorder = json.loads(line)["ScenarioFinished"]["recorder"]
        except (ValueError, KeyError):
            continue
        for case in recorder.get("cases", {}).values():
            transition = case.get("transition") or {}
            matched = TRANSITION.match(str(transition.get("id", "")))
            if matched and not transition.get("is_inferred"):
                followed.append(f"{matched['source']} {matched['link']}")
    return followed


def outcome(entry: dict[str, Any]) -> str:
    """A journal entry's outcome for counting: the status, or why there was none."""
    if entry.get("status") is None:
        return "no answer"
    if is_gateway_page(entry.get("contentType") or ""):
        return f"{entry['status']} (gateway page)"
    return str(entry["status"])


def count(journal: list[dict[str, Any]], into: Health | None = None) -> Health:
    """Requests by status, by source and per second (the whole run's, cleanup included)."""
    health = into or Health()
    health.requests = len(journal)
    health.by_status = dict(Counter(outcome(e) for e in journal).most_common())
    health.by_source = dict(Counter(str(e.get("source")) for e in journal))
    per_second = Counter(int(e["t"]) for e in journal if "t" in e)
    health.peak_per_second = max(per_second.values(), default=0)
    return health


def too_slow(entry: dict[str, Any], request_timeout: float | None) -> bool:
    """An answer that came after the request's timeout: a timeout, though every read was
    quicker (a trickled answer), and whether or not something cut it at the deadline."""
    elapsed = entry.get("elapsed")
    return (
        request_timeout is not None
        and isinstance(elapsed, int | float)
        and (elapsed > request_timeout)
    )


def assess(
    journal: list[dict[str, Any]],
    spec: Spec,
    events: Path,
    report: dict[str, Any],
    limits: Thresholds,
    request_timeout: float | None = None,
) -> Health:
    health = count(journal)
    health.assessed = True
    total = max(1, len(journal))
    unauthorized = sum(1 for e in journal if e.get("status") == 401 and e.get("authed"))
    throttled = sum(1 for e in journal if e.get("status") == 429)
    failing = sum(
        1
        for e in journal
        if e.get("status") is None
        or e["status"] >= 500
        or is_gateway_page(e.get("contentType") or "")
        or too_slow(e, request_timeout)
    )
    health.shares = {
        "unauthorized": round(unauthorized / total, 3),
        "throttled": round(throttled / total, 3),
        "failing": round(failing / total, 3),
    }
    health.links_declared = declared_links(spec)
    health.links_followed = followed_links(events)
    health.warnings = {
        name: sorted(map(str, items))
        for name, items in (report.get("warnings") or {}).items()
        if items
    }
    checks = [
        ("unauthorized", limits.max_unauthorized_share, "401 to the run's own keys"),
        ("throttled", limits.max_throttled_share, "429"),
        ("failing", limits.max_failing_share, "5xx, gateway pages, no answer or too slow"),
    ]
    for name, limit, what in checks:
        if health.shares[name] > limit:
            health.reasons.append(
                f"{health.shares[name]:.0%} of answers were {what} (limit {limit:.0%})"
            )
    if health.link_coverage < limits.min_link_coverage:
        health.reasons.append(
            f"the stateful phase chained {health.link_coverage:.0%} of the spec's links "
            f"(minimum {limits.min_link_coverage:.0%})"
        )
    for name in limits.failing_warnings:
        if name in health.warnings:
            health.reasons.append(f"schemathesis warned {name}: {', '.join(health.warnings[name])}")
    return health
