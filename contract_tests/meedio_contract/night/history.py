"""The nights' history that lasts: one compact record a night in ``.contract-state/nights.jsonl``
(JSON lines, the newest last, the last ``MAX_NIGHTS`` kept), carried between nights by the
workflow with the rest of ``.contract-state``. ``reports/nights.html`` is drawn from it.

A record holds figures only: counts, shares, latencies, verdicts, operation ids, probe ids and
the spec's revision. No key, secret, resource id, URL or body is ever copied into it (the
journal's entries are reduced to their operation, status, ``Retry-After``, error class and
time). A missing file starts a history; a corrupt line is skipped with a warning: the night
is never failed by its history. Format (``FORMAT`` is its version) in contract/README.md.
"""

from __future__ import annotations

import json
import os
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from meedio_contract.core.exits import Exit
from meedio_contract.core.specindex import Spec

FORMAT = 1
MAX_NIGHTS = 400
FILE = "nights.jsonl"
# Retry-After values kept per operation: the most frequent ones (a storm repeats a few values).
MAX_RETRY_AFTER_VALUES = 8
UNMATCHED = "(no operation)"


@dataclass
class Loaded:
    """The records read back, and what was wrong with the file (one line each)."""

    nights: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def load(path: Path) -> Loaded:
    """Every readable record, oldest first; a corrupt line is skipped and said."""
    loaded = Loaded()
    if not path.exists():
        loaded.warnings.append(f"{path.name}: no history yet, a new one starts tonight")
        return loaded
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        loaded.warnings.append(f"{path.name}: unreadable ({exc}), a new one starts tonight")
        return loaded
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if not isinstance(record, dict) or not isinstance(record.get("date"), str):
            loaded.warnings.append(f"{path.name}: line {number} is not a night's record, skipped")
            continue
        loaded.nights.append(record)
    return loaded


def append(path: Path, record: dict[str, Any]) -> list[str]:
    """Add tonight's record (replacing one of the same date), keep the last ``MAX_NIGHTS``,
    write atomically; the warnings of reading the old file are returned."""
    loaded = load(path)
    nights = [n for n in loaded.nights if n.get("date") != record["date"]]
    nights.append(record)
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(path.name + ".tmp")
    scratch.write_text(
        "".join(
            json.dumps(n, separators=(",", ":"), sort_keys=True) + "\n"
            for n in nights[-MAX_NIGHTS:]
        ),
        encoding="utf-8",
    )
    os.replace(scratch, path)
    return [w for w in loaded.warnings if "no history yet" not in w]


def latency(seconds: list[float]) -> dict[str, int] | None:
    """Median, 95th percentile and maximum in whole milliseconds (None without answers)."""
    if not seconds:
        return None
    ordered = sorted(seconds)
    p95 = (
        statistics.quantiles(ordered, n=20, method="inclusive")[-1]
        if len(ordered) > 1
        else ordered[0]
    )
    return {
        "median": round(statistics.median(ordered) * 1000),
        "p95": round(p95 * 1000),
        "max": round(ordered[-1] * 1000),
    }


def _status_class(entry: dict[str, Any]) -> str:
    status = entry.get("status")
    return f"{str(status)[0]}xx" if isinstance(status, int) else "none"


def operations(journal: list[dict[str, Any]], spec: Spec) -> dict[str, dict[str, Any]]:
    """Per operationId: calls, status-class shares, 429s and their Retry-After values,
    timeouts and other lost answers, latency of the answered calls."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in journal:
        operation = spec.match(str(entry.get("method", "")), str(entry.get("path", "")))
        grouped[operation.operation_id if operation else UNMATCHED].append(entry)
    result = {}
    for name, entries in sorted(grouped.items()):
        classes = Counter(_status_class(e) for e in entries)
        throttled = [e for e in entries if e.get("status") == 429]
        waits = Counter(str(e.get("retryAfter")) for e in throttled if e.get("retryAfter"))
        errors = [str(e.get("error", "")) for e in entries if e.get("status") is None]
        timeouts = sum("Timeout" in error for error in errors)
        result[name] = {
            "calls": len(entries),
            "classes": {k: round(v / len(entries), 4) for k, v in sorted(classes.items())},
            "429": len(throttled),
            "retryAfter": dict(waits.most_common(MAX_RETRY_AFTER_VALUES)),
            "timeouts": timeouts,
            "noAnswer": len(errors) - timeouts,
            "latencyMs": latency(
                [
                    float(e["elapsed"])
                    for e in entries
                    if e.get("status") is not None and "elapsed" in e
                ]
            ),
        }
    return result


def _findings(report: dict[str, Any]) -> dict[str, int]:
    history = report.get("history") or {}
    found = report.get("findings") or []
    categories = Counter(str(f.get("category", "")) for f in found)
    return {
        "total": len(found),
        "new": len(history.get("new", [])),
        "persisting": len(history.get("persisting", [])),
        "fixed": len(history.get("fixed", [])),
        "specDrift": categories.get("the spec is wrong or out of date", 0),
        "apiFailing": categories.get("the API is failing", 0),
    }


def _parity(report: dict[str, Any]) -> dict[str, Any] | None:
    parity = report.get("parity")
    if not parity or "parity" not in parity:
        return None
    return {
        "overall": parity["parity"],
        "operations": {
            str(op): round(float(v.get("parity", 0.0)), 4)
            for op, v in (parity.get("operations") or {}).items()
        },
    }


def record(
    report: dict[str, Any],
    journal: list[dict[str, Any]],
    spec: Spec,
    duration: float,
    allowed_requests: float,
) -> dict[str, Any]:
    """Tonight's record from the finished report (``drift.json``'s dict) and the journal."""
    run = report.get("run") or {}
    code = run.get("exitCode")
    requests = len(journal)
    return {
        "format": FORMAT,
        "date": str(run.get("date", "")),
        "exitCode": code,
        "verdict": _verdict(code),
        "spec": _revision(str(run.get("spec", ""))),
        "durationSeconds": round(duration, 1),
        "budget": {
            "requests": requests,
            "allowed": round(allowed_requests),
            "share": round(requests / allowed_requests, 4) if allowed_requests > 0 else None,
        },
        "operations": operations(journal, spec),
        "findings": _findings(report),
        "probes": {str(p.get("id")): str(p.get("result")) for p in report.get("probes") or []},
        "parity": _parity(report),
    }


def _verdict(code: Any) -> str:
    """The exit code's short name (``green``, ``drift``, ...), as the page colours it."""
    try:
        return Exit(code).name.lower().replace("_", "-")
    except ValueError:
        return "unknown"


def _revision(spec: str) -> str:
    """``meedio-v3.yaml at abc1234 (spec sha256 0123456789ab)`` -> ``abc1234/0123456789ab``."""
    head = spec.split(" at ", 1)[-1].split(" ", 1)[0]
    digest = spec.rsplit("sha256 ", 1)[-1].rstrip(")") if "sha256 " in spec else ""
    return f"{head}/{digest}" if digest else head
