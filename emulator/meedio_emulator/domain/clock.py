"""Clocks the domain reads time from, so tests and the control plane can move it."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol

# The clock never passes the start of year 9999: every instant it can show, plus the
# 15-minute closing rule and real time passing, stays writable as an ISO 8601 date.
CEILING = datetime(9999, 1, 1, tzinfo=UTC).timestamp()


class Clock(Protocol):
    """Seconds since the epoch, as a float."""

    def now(self) -> float: ...

    def advance(self, seconds: float) -> None: ...

    def rewind(self) -> None:
        """Back to where the clock started (the control plane's reset)."""


class OffsetClock:
    """Wall-clock time plus an offset that ``advance`` grows: the server's clock."""

    def __init__(self, offset: float = 0.0) -> None:
        self.offset = offset

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds

    def rewind(self) -> None:
        self.offset = 0.0


class ManualClock:
    """A clock that moves only when told: for deterministic tests."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self._start = start
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += seconds

    def rewind(self) -> None:
        self._now = self._start
