"""Timeouts: seconds or an ``httpx.Timeout`` per attempt, and the deadline of a whole call
(the largest of them, or a separate ``deadline=``).

Its own module because both the client's options (``meedio``) and each call (``send``) need
it, and ``send`` needs the client: the two would otherwise import each other.
"""

from __future__ import annotations

import httpx

Timeout = httpx.Timeout | float | None


def as_timeout(timeout: Timeout) -> httpx.Timeout:
    """Seconds (or None: no limit) as an ``httpx.Timeout``; a Timeout as it is."""
    return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)


def call_budget(limits: httpx.Timeout) -> float | None:
    """Seconds a whole call may take, retries and waits included: the largest of its
    per-attempt timeouts (None: no limit)."""
    phases = [v for v in (limits.connect, limits.read, limits.write, limits.pool) if v is not None]
    return max(phases) if phases else None


def within(limits: httpx.Timeout, deadline: float | None) -> httpx.Timeout:
    """``limits`` with no phase longer than ``deadline`` (a separate, shorter deadline)."""
    if deadline is None:
        return limits

    def cut(value: float | None) -> float:
        return deadline if value is None else min(value, deadline)

    cuts = (cut(limits.connect), cut(limits.read), cut(limits.write), cut(limits.pool))
    current = (limits.connect, limits.read, limits.write, limits.pool)
    if cuts == current:
        return limits
    return httpx.Timeout(connect=cuts[0], read=cuts[1], write=cuts[2], pool=cuts[3])
