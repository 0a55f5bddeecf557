"""A deadline on the wire for an httpx transport of one's own: what the client does for each of
its calls (``_deadline``), offered to code that sends with httpx directly (the contract
suite's nightly runner holds its own requests to ``request_timeout`` with it).

    transport = on_the_wire(httpx.HTTPTransport())
    with deadline(30.0):
        response = transport.handle_request(request)
        response.read()  # connect, send, headers and body all end within 30 s

Outside a ``deadline`` block the transport behaves as httpx's own.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from ._deadline import DEADLINE, on_the_wire, on_the_wire_async

__all__ = ["deadline", "on_the_wire", "on_the_wire_async", "remaining"]


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Network operations in this block (this thread, or this task) end ``seconds`` from now
    at the latest, with httpx's timeout errors; None: no deadline."""
    token = DEADLINE.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        DEADLINE.reset(token)


def remaining() -> float | None:
    """Seconds left of the deadline in force here (0 once it passed), None outside one: what a
    transport that is no socket (the emulator's in-process one) waits at most, as the wire
    would."""
    ends = DEADLINE.get()
    return None if ends is None else max(0.0, ends - time.monotonic())
