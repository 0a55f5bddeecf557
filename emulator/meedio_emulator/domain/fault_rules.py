"""Fault rules: which requests a test breaks and what it breaks them with (issue 31).

Pure bookkeeping, no HTTP: a rule matches on the operation (an operationId of the spec or
a page route), optionally an API key and request headers, and which of those calls (the
first N, after N, every Kth, with a probability); it counts what it saw and what it hit, and
expires after ``times`` hits. A ``throttle`` rule hits only the requests over its ``limit`` a
window (sliding, on the clock ``FaultRules`` is given: the emulator's). ``FaultRules.pick``
walks the rules in order and the first that hits wins (LocalStack's chaos model). What a
hit does on the wire is the web layer's (``web.fault_actions``); the shape of a rule is the
control plane's spec (``FaultRule`` in ``openapi/emulator-control.yaml``), which validates
it before it gets here.
"""

from __future__ import annotations

import math
import random
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

# Kinds that answer (HTTP), that only delay, and that break the wire.
ANSWER_KINDS = frozenset({"status", "maintenance", "gateway"})
WIRE_BEFORE = frozenset({"reset", "close", "garbage", "hang"})  # the API never sees the request
WIRE_AFTER = frozenset({"truncate", "trickle-headers", "trickle-body"})  # the real answer, broken
# ``throttle``: a real limit, ``limit`` requests a ``windowMs``, a 429 with Retry-After beyond.
KINDS = ANSWER_KINDS | WIRE_BEFORE | WIRE_AFTER | {"latency", "throttle"}
# Routes that are not operations of the spec but can be aimed at: the pages people open.
PAGE_ROUTES = frozenset({"meetingPage", "roomPage", "queuePage"})
DEFAULT_HANG_MS = 300_000  # a hang with no durationMs: 5 minutes, then the connection closes
DEFAULT_TRICKLE_MS = 2_000
DEFAULT_CHUNKS = 10
DEFAULT_CAP_MS = 60_000
DEFAULT_WINDOW_MS = 60_000


class FaultRuleError(ValueError):
    """A rule the engine refuses; ``field`` is its JSON pointer within the rule."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(eq=False)
class FaultRule:
    """One rule, as given (``spec``), with its counters."""

    id: str
    spec: dict[str, Any]
    kind: str
    operations: frozenset[str] | None
    api_key: str | None
    headers: dict[str, str] | None = None  # lower-case names: the values they must have
    seen: int = 0  # requests its operation and key matched
    hits: int = 0  # of those, the ones it broke
    wait: int = 0  # throttle: whole seconds until its window lets the last one hit through
    _random: random.Random = field(default_factory=random.Random, repr=False)
    _window: deque[float] = field(default_factory=deque, repr=False)  # throttle: let through

    @property
    def expired(self) -> bool:
        times = self.spec.get("times")
        return times is not None and self.hits >= times

    def consider(
        self,
        operation: str | None,
        api_key: str | None,
        headers: Mapping[str, str] | None = None,
        now: float = 0.0,
    ) -> bool:
        """Whether this rule hits this request (counting it either way); ``headers`` by
        lower-case name, ``now`` in seconds (a throttle's window)."""
        if self.operations is not None and operation not in self.operations:
            return False
        if self.api_key is not None and api_key != self.api_key:
            return False
        if self.headers is not None:
            given = headers or {}
            if any(given.get(name) != value for name, value in self.headers.items()):
                return False
        self.seen += 1
        spec, number = self.spec, self.seen
        if "first" in spec and number > spec["first"]:
            return False
        if "after" in spec and number <= spec["after"]:
            return False
        if "every" in spec and number % spec["every"]:
            return False
        if "probability" in spec and self._random.random() >= spec["probability"]:
            return False
        if self.kind == "throttle" and not self._over_limit(now):
            return False
        self.hits += 1
        return True

    def _over_limit(self, now: float) -> bool:
        """A sliding window of the requests let through (the emulator's own limiter's way):
        full, this one is over and ``wait`` says when the oldest leaves; else it counts."""
        window = self.spec.get("windowMs", DEFAULT_WINDOW_MS) / 1000
        while self._window and self._window[0] <= now - window:
            self._window.popleft()
        if len(self._window) >= self.spec["limit"]:
            self.wait = max(1, math.ceil(self._window[0] + window - now))
            return True
        self._window.append(now)
        return False

    def delay_seconds(self) -> float:
        """The delay this hit waits before anything else: fixed, uniform or lognormal, capped."""
        delay = self.spec.get("delay")
        if not delay:
            return 0.0
        ms = float(delay.get("ms", 0))
        distribution = delay.get("distribution", "fixed")
        if distribution == "uniform":
            ms = self._random.uniform(ms, float(delay.get("maxMs", ms)))
        elif distribution == "lognormal":  # ``ms`` is the median, ``sigma`` the spread
            ms = ms * math.exp(self._random.gauss(0.0, float(delay.get("sigma", 0.5))))
        return min(ms, float(delay.get("capMs", DEFAULT_CAP_MS))) / 1000

    def garbage(self, size: int = 64) -> bytes:
        """Bytes no HTTP parser takes for a status line (seeded like the rule's draws)."""
        return b"\x00" + self._random.randbytes(size - 1)

    def view(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rule": self.spec,
            "seen": self.seen,
            "hits": self.hits,
            "expired": self.expired,
        }


def check(spec: Mapping[str, Any], known_operations: Iterable[str]) -> None:
    """What a schema cannot say about a rule: ``FaultRuleError`` naming the field."""
    kind = spec.get("kind")
    if kind not in KINDS:
        raise FaultRuleError("/kind", f"unknown kind {kind!r}; kinds: {', '.join(sorted(KINDS))}")
    known = set(known_operations) | PAGE_ROUTES
    for index, operation in enumerate(spec.get("operationIds") or ()):
        if operation not in known:
            raise FaultRuleError(f"/operationIds/{index}", f"unknown operationId {operation!r}")
    if "status" in spec and kind not in ("status", "gateway"):
        raise FaultRuleError("/status", f"a {kind} rule answers no status of its own")
    if kind == "throttle":
        if "limit" not in spec:
            raise FaultRuleError("/limit", "a throttle rule needs its limit (requests a window)")
        if "retryAfter" in spec:
            raise FaultRuleError("/retryAfter", "a throttle's Retry-After comes from its window")
    else:
        for name in ("limit", "windowMs"):
            if name in spec:
                raise FaultRuleError(f"/{name}", f"only a throttle rule has a {name}")
    delay = spec.get("delay") or {}
    if delay.get("distribution") == "uniform" and delay.get("maxMs", 0) < delay.get("ms", 0):
        raise FaultRuleError("/delay/maxMs", "must be at least ms")
    if "first" in spec and "after" in spec and spec["first"] <= spec["after"]:
        raise FaultRuleError("/first", "with after, first must be greater: no call would be hit")


class Background(Protocol):
    """A delay beside the rules, drawn when none hits (``latency_profile.LatencyProfile``)."""

    @property
    def rules(self) -> Mapping[str, FaultRule]: ...

    def delay_seconds(self, operation: str) -> float: ...

    def view(self) -> dict[str, Any]: ...


class FaultRules:
    """The rules in force, in order; ``pick`` finds the one that hits a request."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock  # a throttle's window moves with it (the emulator's: its clock)
        self.rules: list[FaultRule] = []
        self._next = 1
        # The rules each operation could hit, in order (``_index``), and those for an
        # operation no rule names (``_any``): a request tries only those, so rules aimed at
        # other operations cost it one dict lookup (issue 31's point 7).
        self._index: dict[str, list[FaultRule]] = {}
        self._any: list[FaultRule] = []
        # A latency profile (issue 29): drawn only when no rule hits, kept by ``clear``.
        self.profile: Background | None = None

    def _reindex(self) -> None:
        named = {op for rule in self.rules for op in rule.operations or ()}
        self._any = [rule for rule in self.rules if rule.operations is None]
        self._index = {
            op: [r for r in self.rules if r.operations is None or op in r.operations]
            for op in named
        }

    def add(self, spec: Mapping[str, Any], known_operations: Iterable[str]) -> FaultRule:
        """Check ``spec`` (``FaultRuleError``), then append it as the last rule."""
        check(spec, known_operations)
        operations = spec.get("operationIds")
        seed = spec.get("seed")
        rule = FaultRule(
            id=f"rule-{self._next}",
            spec=dict(spec),
            kind=spec["kind"],
            operations=frozenset(operations) if operations else None,
            api_key=spec.get("apiKey"),
            headers={k.lower(): v for k, v in spec["headers"].items()}
            if spec.get("headers")
            else None,
            _random=random.Random(seed),  # noqa: S311 - chaos, not cryptography
        )
        self._next += 1
        self.rules.append(rule)
        self._reindex()
        return rule

    def pick(
        self,
        operation: str | None,
        api_key: str | None,
        headers: Mapping[str, str] | None = None,
    ) -> FaultRule | None:
        """The first live rule that hits this request, or None (and at once when none is set);
        ``headers`` by lower-case name, for the rules that name some."""
        if not self.rules:
            return None
        candidates = self._any if operation is None else self._index.get(operation, self._any)
        now = self.clock()
        for rule in candidates:
            if not rule.expired and rule.consider(operation, api_key, headers, now):
                return rule
        return None

    def get(self, rule_id: str) -> FaultRule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    def remove(self, rule_id: str) -> bool:
        rule = self.get(rule_id)
        if rule is not None:
            self.rules.remove(rule)
            self._reindex()
        return rule is not None

    def background_delay(self, operation: str) -> float:
        """The profile's delay for a request no rule hit (0 without a profile)."""
        return 0.0 if self.profile is None else self.profile.delay_seconds(operation)

    def clear(self) -> None:
        """Remove every rule; the latency profile stays (it lasts the session)."""
        self.rules.clear()
        self._next = 1
        self._reindex()

    def view(self) -> dict[str, Any]:
        listing: dict[str, Any] = {"rules": [rule.view() for rule in self.rules]}
        if self.profile is not None:
            listing["latencyProfile"] = self.profile.view()
        return listing
