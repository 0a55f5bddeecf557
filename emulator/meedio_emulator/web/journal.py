"""The request journal: what the emulator received on Meedio's routes, for tests to read.

A ring buffer of the last ``capacity`` answered requests (memory stays bounded, the oldest
go first). An entry holds what a test asserts on (method, path, status, operation,
organization, when and how long) and nothing a request could carry secretly: no headers,
no query string, no body. With ``access_log`` each entry is also logged as one line.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from ..domain.clock import Clock
from ..domain.fault_rules import FaultRule
from . import views

DEFAULT_CAPACITY = 10_000
MAX_PATH = 2_000  # characters of a path kept: uvicorn accepts request lines of 100s of KB

access_log = logging.getLogger("meedio_emulator.access")


@dataclass(slots=True)
class Entry:
    seq: int
    received_at: float  # the emulator's clock (moved by /_emulator/clock/advance)
    monotonic: float  # real seconds since the emulator started: gaps between attempts
    method: str
    path: str
    operation_id: str | None = None
    organization_id: str | None = None
    status: int | None = None  # None: the client went away before the answer
    duration_ms: float = 0.0
    fault: FaultRule | None = None  # the fault rule that hit it (issue 31)

    def view(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "receivedAt": views.timestamp(self.received_at),
            "monotonicSeconds": round(self.monotonic, 6),
            "method": self.method,
            "path": self.path,
            "operationId": self.operation_id,
            "organizationId": self.organization_id,
            "status": self.status,
            "durationMs": round(self.duration_ms, 3),
            "faultRule": None if self.fault is None else self.fault.id,
        }


class RequestJournal:
    """The last ``capacity`` requests (0 keeps none), oldest first."""

    def __init__(
        self, clock: Clock, capacity: int = DEFAULT_CAPACITY, *, log: bool = False
    ) -> None:
        self._clock = clock
        self.capacity = capacity
        self.log = log
        self._entries: deque[Entry] = deque(maxlen=capacity)
        self._started = time.monotonic()
        self._seq = 0
        self.recorded = 0

    def start(self, method: str, path: str) -> Entry:
        self._seq += 1
        if len(path) > MAX_PATH:
            path = f"{path[:MAX_PATH]}...({len(path)} characters)"
        return Entry(self._seq, self._clock.now(), time.monotonic() - self._started, method, path)

    def finish(self, entry: Entry, status: int | None) -> None:
        entry.status = status
        entry.duration_ms = (time.monotonic() - self._started - entry.monotonic) * 1000
        if self.capacity:
            self._entries.append(entry)
            self.recorded += 1
        if self.log:
            access_log.info(
                "%s %s %s %s %s org=%s %.2fms",
                views.timestamp(entry.received_at),
                entry.status if entry.status is not None else "---",
                entry.method,
                entry.path.encode("unicode_escape").decode("ascii"),  # one line, always
                entry.operation_id or "-",
                entry.organization_id or "-",
                entry.duration_ms,
            )

    def view(
        self,
        operation_id: str | None = None,
        status: int | None = None,
        method: str | None = None,
    ) -> dict[str, Any]:
        """Entries matching every filter given, oldest first, with the journal's counters."""
        wanted = [
            e.view()
            for e in self._entries
            if (operation_id is None or e.operation_id == operation_id)
            and (status is None or e.status == status)
            and (method is None or e.method == method.upper())
        ]
        return {
            "requests": wanted,
            "recorded": self.recorded,
            "dropped": self.recorded - len(self._entries),
            "capacity": self.capacity,
        }

    def clear(self) -> None:
        self._entries.clear()
        self.recorded = 0
