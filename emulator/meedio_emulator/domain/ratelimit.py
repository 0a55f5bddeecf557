"""Meedio's limit of 1000 requests a minute per key, as a sliding window on the domain clock."""

from __future__ import annotations

import math
from collections import deque

from .clock import Clock
from .errors import RateLimited

WINDOW_SECONDS = 60.0


class RateLimiter:
    """Counts each key's requests of the last minute; ``limit`` None or 0 turns it off."""

    def __init__(self, clock: Clock, limit: int | None = 1000) -> None:
        self._clock = clock
        self.limit = limit
        self._hits: dict[str, deque[float]] = {}

    def hit(self, key: str) -> None:
        """Count one request for ``key``, or raise ``RateLimited`` if the window is full."""
        if not self.limit:
            return
        now = self._clock.now()
        hits = self._hits.get(key)
        if hits is None:  # not setdefault: that builds a deque on every request
            hits = self._hits[key] = deque()
        while hits and hits[0] <= now - WINDOW_SECONDS:
            hits.popleft()
        if len(hits) >= self.limit:
            retry_after = max(1, math.ceil(hits[0] + WINDOW_SECONDS - now))
            raise RateLimited(
                f"Too Many Requests: over {self.limit} requests in a minute for this key",
                retry_after,
            )
        hits.append(now)

    def reset(self) -> None:
        self._hits.clear()
