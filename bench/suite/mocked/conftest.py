"""The clients the tests get, as the emulator's plugin names them, on respx's mocks: no waits
between retries (``sleep=``), as the client's docs advise for tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from meedio_client import AsyncMeedioClient, MeedioClient
from meedio_mocks import no_wait, no_wait_async


@pytest.fixture
def meedio() -> Iterator[MeedioClient]:
    with MeedioClient("key", "secret", sleep=no_wait) as client:
        yield client


@pytest.fixture
def async_meedio() -> Iterator[AsyncMeedioClient]:
    client = AsyncMeedioClient("key", "secret", async_sleep=no_wait_async)
    yield client
    client.close()
