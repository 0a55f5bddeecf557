"""Wire faults in process: what a client sees of a fault rule's broken connection when there
is no connection (issue 31).

Served, a fault rule resets, closes, garbles, cuts or trickles a real socket, and httpx (through
httpcore) raises its own exception for each. In process the same rule reaches the transport as
a ``WireFault``; this module raises the exception httpx raises for it on the wire (the same
class, so the same ``meedio_client`` error and the same retry decision) after the time the
client would have waited on the wire: its read timeout for a hang or a trickle too slow for
it, the trickle's duration otherwise. ``emulator/tests/test_fault_parity.py`` holds the two
modes to each other, fault by fault.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator

import httpx

try:  # meedio-client is the user's to install: without it there is no call's deadline to keep
    from meedio_client.deadline import remaining
except ModuleNotFoundError:

    def remaining() -> float | None:
        """No Meedio client, so no deadline in force (``meedio_client.deadline``)."""
        return None


from ..web.fault_actions import WireFault, split_pieces

# httpcore's own messages for these faults (what a served emulator's client reads).
CLOSED = "Server disconnected without sending a response."
RESET = "[Errno 104] Connection reset by peer"


def read_timeout(request: httpx.Request) -> float | None:
    """The client's per-read timeout for this request (None: it waits for ever)."""
    timeouts = request.extensions.get("timeout") or {}
    value = timeouts.get("read")
    return None if value is None else float(value)


def _limit(read: float | None) -> float | None:
    """What the client waits at most from now: its read timeout, or what is left of its
    call's deadline when that comes first (``meedio_client.deadline``), as on the wire."""
    left = remaining()
    if left is None:
        return read
    return left if read is None else min(read, left)


def _timed_out(request: httpx.Request) -> httpx.ReadTimeout:
    return httpx.ReadTimeout("timed out", request=request)


def _cut(request: httpx.Request, received: int, expected: int) -> httpx.RemoteProtocolError:
    message = (
        "peer closed connection without sending complete message body "
        f"(received {received} bytes, expected {expected})"
    )
    return httpx.RemoteProtocolError(message, request=request)


class Outcome:
    """What the client gets for ``fault``: ``wait`` seconds first, then ``error`` raised or
    ``response()`` (whose body may wait and fail as it is read)."""

    def __init__(self, fault: WireFault, request: httpx.Request) -> None:
        self.fault, self.request = fault, request
        self.read = read_timeout(request)
        self.wait = 0.0
        self.error: httpx.TransportError | None = None
        kind = fault.kind
        if kind == "reset":
            self.error = httpx.ReadError(RESET, request=request)
        elif kind in ("close", "garbage"):
            self.error = httpx.RemoteProtocolError(
                CLOSED if kind == "close" else "illegal request line", request=request
            )
        elif kind == "hang":
            limit = _limit(self.read)
            if limit is not None and limit < fault.seconds:
                self.wait, self.error = limit, _timed_out(request)
            else:  # the emulator closes first
                self.wait = fault.seconds
                self.error = httpx.RemoteProtocolError(CLOSED, request=request)
        elif kind == "trickle-headers":
            pieces = len(split_pieces(fault.head(), fault.chunks))
            gap, limit = fault.seconds / pieces, _limit(self.read)
            if self.read is not None and gap > self.read:
                self.wait, self.error = self.read, _timed_out(request)
            elif limit is not None and fault.seconds > limit:  # the call's deadline comes first
                self.wait, self.error = limit, _timed_out(request)
            else:
                self.wait = fault.seconds

    def _gap(self) -> tuple[list[bytes], float]:
        pieces = split_pieces(self.fault.body, self.fault.chunks)
        return pieces, self.fault.seconds / max(1, len(pieces))

    def response(self, sync: bool) -> httpx.Response:
        fault = self.fault
        headers = [*fault.headers, (b"connection", b"close")]
        stream: httpx.SyncByteStream | httpx.AsyncByteStream
        if fault.kind == "truncate":
            stream = _Stream(self, [fault.body[: len(fault.body) // 2]], 0.0, cut=True)
        elif fault.kind == "trickle-body":
            pieces, gap = self._gap()
            stream = _Stream(self, pieces, gap, cut=False)
        else:
            stream = _Stream(self, [fault.body], 0.0, cut=False)
        if not sync:
            stream = _AsyncStream(stream)
        return httpx.Response(fault.status, headers=headers, stream=stream, request=self.request)


class _Stream(httpx.SyncByteStream):
    """A body as the wire would deliver it: pieces ``gap`` seconds apart, a read timeout
    if a gap is longer than the client's, a protocol error where the body is cut short."""

    def __init__(self, outcome: Outcome, pieces: list[bytes], gap: float, *, cut: bool) -> None:
        self.outcome, self.pieces, self.gap, self.cut = outcome, pieces, gap, cut

    def steps(self) -> Iterator[tuple[float, bytes | httpx.TransportError]]:
        """(seconds to wait, then a piece or the error to raise)."""
        read, request = self.outcome.read, self.outcome.request
        for piece in self.pieces:
            if read is not None and self.gap > read:
                yield read, _timed_out(request)
                return
            limit = _limit(read)  # the call's deadline, as it stands before each piece
            if limit is not None and self.gap > limit:
                yield limit, _timed_out(request)
                return
            yield self.gap, piece
        if self.cut:
            received = sum(len(piece) for piece in self.pieces)
            yield 0.0, _cut(request, received, len(self.outcome.fault.body))

    def __iter__(self) -> Iterator[bytes]:
        for wait, step in self.steps():
            if wait:
                time.sleep(wait)
            if isinstance(step, Exception):
                raise step
            yield step


class _AsyncStream(httpx.AsyncByteStream):
    def __init__(self, stream: _Stream) -> None:
        self.stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for wait, step in self.stream.steps():
            if wait:
                await asyncio.sleep(wait)
            if isinstance(step, Exception):
                raise step
            yield step
