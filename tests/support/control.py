"""The client tests' hold on a served emulator, through the public testing kit
(``meedio_emulator.testing.MeedioEmulator`` and its typed control client, ``.control``), never
raw control-plane URLs."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from meedio_emulator.testing import MeedioEmulator
from meedio_emulator_control.api.control import clear_faults as clear
from meedio_emulator_control.api.control import set_faults as put
from meedio_emulator_control.models import Faults
from meedio_emulator_control.types import UNSET


@contextlib.contextmanager
def fresh(root: str) -> Iterator[str]:
    """The emulator reset (state, journal and faults) for the block, and its faults cleared
    after it."""
    with MeedioEmulator(root) as emulator:
        emulator.reset()
        try:
            yield root
        finally:
            clear.sync_detailed(client=emulator.control)


def set_faults(root: str, *, error_rate: float | None = None) -> None:
    """Faults in force until ``clear_faults`` (or the next reset)."""
    body = Faults(error_rate=UNSET if error_rate is None else error_rate)
    with MeedioEmulator(root) as emulator:
        assert put.sync_detailed(client=emulator.control, body=body).status_code == 200


def clear_faults(root: str) -> None:
    with MeedioEmulator(root) as emulator:
        assert clear.sync_detailed(client=emulator.control).status_code in (200, 204)


def journal(root: str, operation_id: str | None = None) -> list[dict[str, Any]]:
    """What the emulator received, oldest first (only ``operation_id``'s requests if given)."""
    with MeedioEmulator(root) as emulator:
        return [entry.to_dict() for entry in emulator.requests(operation_id)]
