"""A latency profile: per operation, how slowly the real API answered (issue 29, point 5).

The nightly runner's ``make latency-profile`` writes it (``"format":
"meedio-latency-profile/1"``, contract_tests/README.md); ``serve --latency-profile FILE`` and
the plugin's ``--meedio-latency-profile`` apply it. It is a background effect beside the
fault rules, not rules of its own: an operation's delay is drawn only when no rule hits the
request (a test's own rule still wins), and a reset or ``DELETE /_emulator/faults`` leaves it
in force (it lasts the session, as the process's options do). Pure: parsing, checking, drawing.

The file is checked whole before anything is applied, and it may hold only operation ids,
numbers and the format's few fixed words (``lognormal``, ``latency``...): any other string is
refused, so a profile cannot carry a key, a secret, an id or a URL into a repository.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from .fault_rules import FaultRule, FaultRuleError

FORMAT = "meedio-latency-profile/1"
MAX_MS = 600_000  # the control spec's bound on a delay's ms, maxMs and capMs
MAX_SIGMA = 5.0
# What an entry may hold besides ``rule`` and ``distribution``: the exporter's figures.
FIGURES = frozenset({"nights", "calls", "medianMs", "p95Ms", "maxMs"})
TOP_LEVEL = frozenset({"format", "nights", "from", "to", "operations"})
DELAY_FIELDS = frozenset({"distribution", "ms", "sigma", "capMs", "maxMs"})
DISTRIBUTIONS = frozenset({"fixed", "uniform", "lognormal"})


class ProfileError(FaultRuleError):
    """A profile the emulator refuses: ``field`` is the JSON pointer of what is wrong."""


def _number(value: Any, where: str, *, most: float = MAX_MS) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProfileError(where, f"expected a number, got {type(value).__name__}")
    if not 0 <= value <= most:
        raise ProfileError(where, f"must be between 0 and {most:g}, got {value!r}")
    return float(value)


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ProfileError(where or "/", f"expected an object, got {type(value).__name__}")
    return value


def _only(value: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    for key in value:
        if key not in allowed:
            raise ProfileError(
                f"{where}/{key}", f"unknown field; allowed: {', '.join(sorted(allowed))}"
            )


def _delay(raw: Any, where: str) -> dict[str, Any]:
    """A rule's ``delay`` in the control spec's shape (ms rounded to whole milliseconds)."""
    raw = _mapping(raw, where)
    _only(raw, DELAY_FIELDS, where)
    distribution = raw.get("distribution", "fixed")
    if distribution not in DISTRIBUTIONS:
        raise ProfileError(f"{where}/distribution", f"one of {', '.join(sorted(DISTRIBUTIONS))}")
    if "ms" not in raw:
        raise ProfileError(f"{where}/ms", "required: the wait (lognormal: the median)")
    delay: dict[str, Any] = {"distribution": distribution}
    for name in ("ms", "maxMs", "capMs"):
        if name in raw:
            delay[name] = round(_number(raw[name], f"{where}/{name}"))
    if "sigma" in raw:
        delay["sigma"] = _number(raw["sigma"], f"{where}/sigma", most=MAX_SIGMA)
    if distribution == "uniform" and delay.get("maxMs", delay["ms"]) < delay["ms"]:
        raise ProfileError(f"{where}/maxMs", "must be at least ms")
    return delay


def _entry_delay(operation: str, entry: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The delay one operation's entry asks for: its ready-made ``rule``, or else its fitted
    ``distribution`` capped at ``maxMs``, or else a fixed ``medianMs``."""
    _only(entry, FIGURES | {"rule", "distribution"}, where)
    for name in FIGURES & set(entry):
        _number(entry[name], f"{where}/{name}", most=float("inf"))
    if "rule" in entry:
        rule = _mapping(entry["rule"], f"{where}/rule")
        _only(rule, frozenset({"kind", "operationIds", "delay"}), f"{where}/rule")
        if rule.get("kind") != "latency":
            raise ProfileError(f"{where}/rule/kind", "a profile's rule is a latency rule")
        if rule.get("operationIds", [operation]) != [operation]:
            raise ProfileError(f"{where}/rule/operationIds", f"must be [{operation!r}]")
        return _delay(rule.get("delay"), f"{where}/rule/delay")
    if "distribution" in entry:
        fitted = _mapping(entry["distribution"], f"{where}/distribution")
        _only(fitted, frozenset({"kind", "medianMs", "sigma"}), f"{where}/distribution")
        if fitted.get("kind") != "lognormal":
            raise ProfileError(f"{where}/distribution/kind", "must be 'lognormal'")
        if "medianMs" not in fitted:
            raise ProfileError(f"{where}/distribution/medianMs", "required: the median")
        delay = {"distribution": "lognormal", "ms": fitted["medianMs"]}
        delay["sigma"] = fitted.get("sigma", 0.0)
        if "maxMs" in entry:
            delay["capMs"] = min(entry["maxMs"], MAX_MS)
        return _delay(delay, f"{where}/distribution")
    if "medianMs" in entry:
        return _delay({"ms": entry["medianMs"]}, where)
    raise ProfileError(where, "no delay: give rule, distribution or medianMs")


class LatencyProfile:
    """The delays of a profile, one per operation, each drawn by a latency ``FaultRule``
    (the same draws as the rules engine's), which also counts the requests it slowed."""

    def __init__(self, delays: Mapping[str, dict[str, Any]], nights: int | None = None) -> None:
        self.nights = nights
        self.rules = {
            operation: FaultRule(
                id=f"profile:{operation}",
                spec={"kind": "latency", "operationIds": [operation], "delay": delay},
                kind="latency",
                operations=frozenset({operation}),
                api_key=None,
                _random=random.Random(),  # noqa: S311 - a delay's draw, not cryptography
            )
            for operation, delay in delays.items()
        }

    @classmethod
    def parse(cls, data: Any, known_operations: Iterable[str]) -> LatencyProfile:
        """Check a loaded profile whole (``ProfileError`` naming the field) and build it."""
        data = _mapping(data, "")
        _only(data, TOP_LEVEL, "")
        if data.get("format") != FORMAT:
            raise ProfileError("/format", f"expected {FORMAT!r}, got {data.get('format')!r}")
        nights = data.get("nights")
        if nights is not None:
            nights = int(_number(nights, "/nights", most=float("inf")))
        for name in ("from", "to"):  # the exporter's dates; nothing else may be a string
            value = data.get(name)
            if value is not None and not _is_date(value):
                raise ProfileError(f"/{name}", "expected an ISO date or null")
        known = set(known_operations)
        delays: dict[str, dict[str, Any]] = {}
        for operation, entry in _mapping(data.get("operations"), "/operations").items():
            where = f"/operations/{operation}"
            if operation not in known:
                raise ProfileError(where, "not an operationId of the Meedio spec")
            delays[operation] = _entry_delay(operation, _mapping(entry, where), where)
        return cls(delays, nights)

    def delay_seconds(self, operation: str) -> float:
        """A draw of ``operation``'s delay, 0 for one the profile does not name."""
        rule = self.rules.get(operation)
        if rule is None or not rule.consider(operation, None):
            return 0.0
        return rule.delay_seconds()

    def view(self) -> dict[str, Any]:
        """What the control plane shows (``listFaultRules``' ``latencyProfile``)."""
        return {
            "nights": self.nights,
            "operations": {
                operation: {"delay": rule.spec["delay"], "slowed": rule.hits}
                for operation, rule in sorted(self.rules.items())
            },
        }


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or len(value) > 40:
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True
