"""The figures the nights page and the job summary draw, computed once from the history's
records (``history.py``): labels, shares over all operations, spec changes, series per
operation. Plain data, no drawing: the charts (pygal) and the Markdown read the same."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from meedio_contract.night.history import UNMATCHED

# Fewer nights than this and the page says plainly that it shows no trend yet.
MIN_TREND = 7
VERDICT_ORDER = (
    "green", "drift", "failing", "unhealthy", "leftovers", "stalled", "crashed",
    "not-run", "unreachable", "keys-rejected", "no-user", "unknown",
)  # fmt: skip


@dataclass(frozen=True)
class Nights:
    """The records, oldest first, with what every view needs from them."""

    records: list[dict[str, Any]]

    def __len__(self) -> int:
        return len(self.records)

    @property
    def labels(self) -> list[str]:
        """A night's date; with two runs on one day, its time too."""
        days = Counter(str(r["date"])[:10] for r in self.records)
        return [
            str(r["date"])[:10] if days[str(r["date"])[:10]] == 1 else str(r["date"])[:16]
            for r in self.records
        ]

    @property
    def operations(self) -> list[str]:
        found = {op for r in self.records for op in (r.get("operations") or {})}
        return sorted(found - {UNMATCHED})

    @property
    def probes(self) -> list[str]:
        return sorted({p for r in self.records for p in (r.get("probes") or {})})

    @property
    def spec_changes(self) -> list[int]:
        """Indexes of the nights whose spec revision differs from the night before."""
        specs = [r.get("spec") for r in self.records]
        return [i for i in range(1, len(specs)) if specs[i] != specs[i - 1]]

    def latency(self, operation: str, which: str) -> list[int | None]:
        """One operation's median, p95 or max (ms) per night; None where it was not answered."""
        values: list[int | None] = []
        for r in self.records:
            measured = ((r.get("operations") or {}).get(operation) or {}).get("latencyMs")
            values.append(int(measured[which]) if measured else None)
        return values

    def shares(self, which: str) -> list[float | None]:
        """Per night, over every call: the share of 429s, of 5xx, of timeouts or of other
        lost answers (``noAnswer``), in percent."""
        result: list[float | None] = []
        for r in self.records:
            ops = list((r.get("operations") or {}).values())
            calls = sum(int(op.get("calls", 0)) for op in ops)
            if not calls:
                result.append(None)
                continue
            part: float
            if which == "429":
                part = sum(int(op.get("429", 0)) for op in ops)
            elif which in ("timeouts", "noAnswer"):
                part = sum(int(op.get(which, 0)) for op in ops)
            else:
                part = sum(
                    float((op.get("classes") or {}).get(which, 0.0)) * int(op.get("calls", 0))
                    for op in ops
                )
            result.append(round(100 * part / calls, 1))
        return result

    def findings(self, which: str) -> list[int | None]:
        return [
            int(r["findings"][which]) if isinstance(r.get("findings"), dict) else None
            for r in self.records
        ]

    def parity(self, operation: str | None = None) -> list[float | None]:
        """Parity in percent per night (overall, or of one operation); None: not measured."""
        result: list[float | None] = []
        for r in self.records:
            parity = r.get("parity") or {}
            value = (
                parity.get("overall")
                if operation is None
                else (parity.get("operations") or {}).get(operation)
            )
            result.append(None if value is None else round(100 * float(value), 1))
        return result

    @property
    def parity_operations(self) -> list[str]:
        return sorted(
            {op for r in self.records for op in ((r.get("parity") or {}).get("operations") or {})}
        )

    def probe(self, probe_id: str) -> list[str]:
        """One probe's result per night: confirmed, refuted, or not measured."""
        return [
            str((r.get("probes") or {}).get(probe_id) or "not measured").replace(
                "not reached", "not measured"
            )
            for r in self.records
        ]

    def verdicts(self) -> Counter[str]:
        return Counter(str(r.get("verdict", "unknown")) for r in self.records)
