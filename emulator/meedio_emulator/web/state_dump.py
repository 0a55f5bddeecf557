"""``GET /_emulator/state``, streamed: one consistent moment, written in pieces.

The tables hold frozen objects (a change replaces one), so shallow copies of their values
taken at once are a consistent snapshot. The dump is then encoded ``CHUNK`` objects at a
time with the event loop free in between: 200,000 meetings take seconds to encode, and
other clients are served meanwhile instead of waiting for all of it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

from ..domain.backend import MeedioBackend
from ..domain.models import Meeting, Presence, Queue, Room
from .answers import encode

CHUNK = 100


def _closes_at(presence: Presence, never: bool = False) -> float | None:
    """When it closes on the emulator clock; None while someone is in, or never."""
    return None if never or presence.participants else presence.closes_at()


def _meeting(backend: MeedioBackend, now: float) -> Callable[[Meeting], dict[str, Any]]:
    return lambda m: {
        **m.to_document(),
        "open": m.is_open(now),
        "closesAt": _closes_at(m.presence, m.never_closes()),
        "redirectUrl": backend.meeting_url(m.id),
    }


def _room(backend: MeedioBackend, now: float) -> Callable[[Room], dict[str, Any]]:
    return lambda r: {
        **r.to_document(),
        "open": r.presence.is_open(now),
        "closesAt": _closes_at(r.presence),
        "redirectUrl": backend.room_url(r.slug),
    }


def _queue(backend: MeedioBackend) -> Callable[[Queue], dict[str, Any]]:
    return lambda q: {**q.to_document(), "redirectUrl": backend.queue_url(q.slug)}


async def _pieces(
    backend: MeedioBackend, parts: dict[str, Any], faults: dict[str, Any]
) -> AsyncIterator[bytes]:
    now = parts["clock"]
    yield b'{"clock":' + encode(now) + b',"organizations":' + encode(parts["organizations"])
    yield b',"faults":' + encode(faults)
    views: dict[str, Callable[[Any], dict[str, Any]]] = {
        "meetings": _meeting(backend, now),
        "rooms": _room(backend, now),
        "queues": _queue(backend),
    }
    for name, view in views.items():
        items = parts[name]
        yield b',"' + name.encode("ascii") + b'":['
        for start in range(0, len(items), CHUNK):
            piece = encode([view(item) for item in items[start : start + CHUNK]])[1:-1]
            yield (b"," + piece) if start else piece
            await asyncio.sleep(0)  # let other requests in between pieces
        yield b"]"
    yield b"}"


def stream(backend: MeedioBackend, faults: dict[str, Any]) -> AsyncIterator[bytes]:
    """The dump's bytes, from a snapshot taken now (before the first byte is sent)."""
    return _pieces(backend, backend.snapshot_parts(), faults)
