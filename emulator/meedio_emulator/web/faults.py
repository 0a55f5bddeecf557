"""Injected faults (maintenance 503, a 500 error rate, added latency): HTTP-level, not domain."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Faults:
    maintenance: bool = False
    error_rate: float = 0.0
    latency_ms: int = 0
    _random: random.Random = field(default_factory=random.Random, repr=False, compare=False)

    def fail_now(self) -> bool:
        """Whether this request draws an injected 500."""
        return self.error_rate > 0 and self._random.random() < self.error_rate

    def update(self, body: dict[str, Any]) -> None:
        self.maintenance = bool(body.get("maintenance", self.maintenance))
        self.error_rate = float(body.get("errorRate", self.error_rate))
        self.latency_ms = int(body.get("latencyMs", self.latency_ms))

    def clear(self) -> None:
        self.maintenance, self.error_rate, self.latency_ms = False, 0.0, 0

    def view(self) -> dict[str, Any]:
        return {
            "maintenance": self.maintenance,
            "errorRate": self.error_rate,
            "latencyMs": self.latency_ms,
        }
