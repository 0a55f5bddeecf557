"""The domain's own fixtures: a ``MeedioBackend`` on a ``ManualClock``, with no HTTP at all.

Wired as ``server.create_app`` wires it (the default seed, an in-memory store, 1000 requests
a minute), minus the web layer. Tests call the operations inside ``backend.transaction()``,
as the web layer does once per request.
"""

from __future__ import annotations

import pytest
from meedio_emulator.domain.backend import MeedioBackend
from meedio_emulator.domain.clock import ManualClock
from meedio_emulator.domain.models import Organization
from meedio_emulator.domain.seed import DEFAULT_CONFIG, build_seed

# The two organizations of DEFAULT_CONFIG, by id.
CLINIC_ID = "cb386a76-448d-47b0-a19a-607c5ae68f93"
BASIC_ID = "5b7d2e1f-0c3a-4e8b-9d6f-1a2b3c4d5e6f"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def backend(clock: ManualClock) -> MeedioBackend:
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
