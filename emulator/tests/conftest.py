"""Shared fixtures: an in-process emulator on a manual clock, every answer checked against the spec."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from meedio_emulator.domain.clock import ManualClock
from meedio_emulator.server import create_app
from meedio_emulator.web.app import EmulatorApp
from starlette.testclient import TestClient

from tests.support import MEDICAL, assert_conforms


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def app(clock: ManualClock) -> EmulatorApp:
    return create_app(clock=clock)


@pytest.fixture
def api(app: EmulatorApp) -> Iterator[TestClient]:
    """Requests to the emulator with the docs' key pair; each Meedio answer must conform."""
    client = TestClient(app, base_url="http://emulator", raise_server_exceptions=True)
    client.headers.update(MEDICAL)

    def check(response: object) -> None:
        import httpx

        assert isinstance(response, httpx.Response)
        if response.request.url.path.startswith("/api"):
            response.read()
            assert_conforms(response)

    client.event_hooks["response"].append(check)
    with client:
        yield client
