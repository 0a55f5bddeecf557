"""The client tests' calls to a served emulator's control plane and request journal."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import httpx


def control(method: str, url: str, **kwargs: object) -> httpx.Response:
    """A control-plane call: never through a proxy, one connection each (the emulator's 204
    answers carry a stray body that breaks a reused connection)."""
    return httpx.request(method, url, trust_env=False, timeout=10, **kwargs)  # type: ignore[arg-type]


@contextlib.contextmanager
def fresh(root: str) -> Iterator[str]:
    """The emulator reset and its journal empty; faults cleared afterwards."""
    control("POST", f"{root}/_emulator/reset")
    control("DELETE", f"{root}/_emulator/requests")
    try:
        yield root
    finally:
        control("DELETE", f"{root}/_emulator/faults")


def journal(root: str, **filters: str) -> list[dict[str, object]]:
    """What the emulator received (``operationId=``, ``status=``, ``method=`` filter it)."""
    entries: list[dict[str, object]] = control(
        "GET", f"{root}/_emulator/requests", params=filters
    ).json()["requests"]
    return entries
