"""Drawing ids that are free."""

from __future__ import annotations

from collections.abc import Callable, Mapping


def unused(draw: Callable[[], str], taken: Mapping[str, object]) -> str:
    """Draw ids until one is free: a restart with ``--db`` and a fixed seed redraws old ids."""
    candidate = draw()
    while candidate in taken:
        candidate = draw()
    return candidate
