"""The emulator's test fixtures: the domain alone (``backend`` and its organizations, no HTTP at
all), and the in-process app on the same manual clock with every answer checked against the
spec (``app``, ``api``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from meedio_emulator.domain.backend import MeedioBackend
from meedio_emulator.domain.clock import ManualClock
from meedio_emulator.domain.models import Organization
from meedio_emulator.domain.seed import DEFAULT_CONFIG, build_seed
from meedio_emulator.server import create_app
from meedio_emulator.web.app import EmulatorApp
from starlette.testclient import TestClient

from tests.support import MEDICAL, assert_conforms
from tests.support.wire import SERVERS


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


# The two organizations of DEFAULT_CONFIG, by id.
CLINIC_ID = "cb386a76-448d-47b0-a19a-607c5ae68f93"
BASIC_ID = "5b7d2e1f-0c3a-4e8b-9d6f-1a2b3c4d5e6f"


@pytest.fixture
def backend(clock: ManualClock) -> MeedioBackend:
    """Wired as ``server.create_app`` wires it (the default seed, an in-memory store, 1000
    requests a minute), minus the web layer: call operations inside ``backend.transaction()``
    as the web layer does once per request."""
    return MeedioBackend(build_seed(DEFAULT_CONFIG), clock, rate_limit=1000)


@pytest.fixture
def clinic(backend: MeedioBackend) -> Organization:
    """The medical organization (John Meedio, ADMIN; Jane Doctor, USER)."""
    org = backend.organizations[CLINIC_ID]
    assert org.kind == "medical"
    return org


@pytest.fixture
def basic(backend: MeedioBackend) -> Organization:
    """The basic organization (Anna Basic, ADMIN)."""
    org = backend.organizations[BASIC_ID]
    assert org.kind == "basic"
    return org


@pytest.fixture
def app(clock: ManualClock) -> EmulatorApp:
    return create_app(clock=clock)


@pytest.fixture
def api(app: EmulatorApp) -> Iterator[TestClient]:
    """Requests to the emulator with the docs' key pair; each Meedio answer must conform."""
    client = TestClient(app, base_url="http://emulator.localhost", raise_server_exceptions=True)
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


@pytest.fixture(scope="module", params=sorted(SERVERS))
def root(request: pytest.FixtureRequest) -> Iterator[str]:
    """The wire tests' emulator, served each way (``meedio-emulator serve`` in a process and
    the pytest plugin's thread) on a free loopback port, shared by a module's tests (each
    compares its own before and after). A module with a ``root`` of its own uses that."""
    with SERVERS[request.param]() as url:
        yield url
