"""The emulator's test fixtures: the domain alone (``backend`` and its organizations, no HTTP at
all), and the in-process app on the same manual clock with every answer checked against the
spec (``app``, ``api``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from meedio_emulator.domain.backend import MeedioBackend
from meedio_emulator.domain.clock import ManualClock
from meedio_emulator.domain.models import Organization
from meedio_emulator.domain.seed import DEFAULT_CONFIG, build_seed
from meedio_emulator.server import create_app
from meedio_emulator.testing._transports import InProcessTransport
from meedio_emulator.web.app import EmulatorApp

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


def in_process_client(app: Any, headers: dict[str, str] | None = None) -> httpx.Client:
    """A client calling ``app`` in the calling thread, through the transport of the plugin's
    in-process mode (``InProcessTransport``: the app's answer, its checks and its exceptions
    as served, no wire). starlette's ``TestClient`` runs each request through an anyio portal
    on another thread: about 1.6 ms of CPU a request, 30 s of CPU for the hostile module's 21
    tests against 6 s this way. Redirects are followed, as ``TestClient`` does. No lifespan
    is run: an in-memory store has nothing to close (a test with a ``db`` keeps
    ``TestClient``), and a test of the app without a wire (no wire faults) keeps it too."""
    return httpx.Client(
        transport=InProcessTransport(app),
        base_url="http://emulator.localhost",
        headers=headers,
        follow_redirects=True,
    )


@pytest.fixture(scope="session")
def app_client() -> Callable[..., httpx.Client]:
    """``in_process_client``, for tests that build an app of their own."""
    return in_process_client


@pytest.fixture
def app(clock: ManualClock) -> EmulatorApp:
    return create_app(clock=clock)


@pytest.fixture
def api(app: EmulatorApp) -> Iterator[httpx.Client]:
    """Requests to the emulator with the docs' key pair, in process; each Meedio answer must
    conform."""
    client = in_process_client(app, headers=MEDICAL)

    def check(response: httpx.Response) -> None:
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
