"""The served emulator the wire tests share: ``meedio-emulator serve`` in a process and the
pytest plugin's thread, each on a free loopback port, stopped at the module's end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from wire_helpers import SERVERS


@pytest.fixture(scope="module", params=sorted(SERVERS))
def root(request: pytest.FixtureRequest) -> Iterator[str]:
    """The root URL of a served emulator, shared by a module's tests (each compares its own
    before and after)."""
    with SERVERS[request.param]() as url:
        yield url
