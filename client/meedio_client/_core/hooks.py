"""What the runtime takes from the generated layer, handed over once at import.

The runtime (this folder) imports no generated module: the generated package imports it and,
in its ``__init__``, gives it the facts of the spec it needs with ``bind``: the version (the
User-Agent), the URL parameter table (``embed.customize_url``) and the status errors' factory
(``meedio_client.errors.from_response``, whose classes carry the spec's ``Error`` body).
ARCHITECTURE.md, "The client", says why the imports run this one way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import httpx

from .errors import MeedioError


class StatusErrorFactory(Protocol):
    """``errors.from_response``: the typed error for an answer's 4xx/5xx status."""

    def __call__(self, response: httpx.Response, *, attempts: int) -> MeedioError: ...


@dataclass(frozen=True)
class Generated:
    """The generated package's part of the runtime."""

    version: str
    url_parameters: Mapping[str, tuple[str, ...] | None]
    status_error: StatusErrorFactory


_bound: list[Generated] = []


def bind(generated: Generated) -> None:
    """Called by ``meedio_client/__init__`` (generated) before anything else runs; again (a
    reload) replaces it."""
    _bound[:] = [generated]


def bound() -> Generated:
    """What ``bind`` was given; the runtime never runs without its generated package."""
    if not _bound:
        raise RuntimeError("meedio_client._core runs inside meedio_client, which binds it")
    return _bound[0]
