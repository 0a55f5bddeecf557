"""The tests' hold on a served emulator, through the public testing kit
(``meedio_emulator.testing.MeedioEmulator`` and its typed control client, ``.control``), never
raw control-plane URLs: the toolkit is its own first user. Each call opens the handle for one
step, since a test's client and the emulator's process outlive no ``with`` of the test's own."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from meedio_emulator.testing import MeedioEmulator, Participant
from meedio_emulator_control.api.control import clear_faults as clear
from meedio_emulator_control.api.control import set_faults as put
from meedio_emulator_control.models import Faults
from meedio_emulator_control.types import UNSET


def reset(root: str) -> None:
    """Forget every meeting, room, queue, rate-limit count, fault and journal entry."""
    with MeedioEmulator(root) as emulator:
        emulator.reset()


@contextlib.contextmanager
def fresh(root: str) -> Iterator[str]:
    """The emulator reset for the block, and its faults cleared after it."""
    reset(root)
    try:
        yield root
    finally:
        clear_faults(root)


def set_faults(
    root: str, *, error_rate: float | None = None, maintenance: bool | None = None
) -> None:
    """Faults in force until ``clear_faults`` (or the next reset)."""
    body = Faults(
        error_rate=UNSET if error_rate is None else error_rate,
        maintenance=UNSET if maintenance is None else maintenance,
    )
    with MeedioEmulator(root) as emulator:
        assert put.sync_detailed(client=emulator.control, body=body).status_code == 200


def clear_faults(root: str) -> None:
    with MeedioEmulator(root) as emulator:
        assert clear.sync_detailed(client=emulator.control).status_code == 204


def advance(root: str, seconds: float) -> None:
    """Move the emulator's clock (a rate-limit window, a closing rule)."""
    with MeedioEmulator(root) as emulator:
        emulator.advance(seconds)


def join(root: str, meeting_or_room: object) -> Participant:
    """Someone joins a meeting or a room, as the meeting page would seat them."""
    with MeedioEmulator(root) as emulator:
        return emulator.join(meeting_or_room)


def leave(root: str, participant: Participant) -> None:
    with MeedioEmulator(root) as emulator:
        emulator.leave(participant)


def state(root: str) -> dict[str, Any]:
    """Everything the emulator holds."""
    with MeedioEmulator(root) as emulator:
        return emulator.state()


def journal(root: str, operation_id: str | None = None) -> list[dict[str, Any]]:
    """What the emulator received, oldest first (only ``operation_id``'s requests if given)."""
    with MeedioEmulator(root) as emulator:
        return [entry.to_dict() for entry in emulator.requests(operation_id)]
