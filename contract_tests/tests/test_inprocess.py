"""Every change is fuzzed: schemathesis' pytest integration against the in-process emulator.

The operations' tests come from a fixture (``schemathesis.pytest.from_fixture``): one test whose
operations are subtests, built when it runs. ``schema.parametrize()`` on a module-level schema
built every operation's test while collecting (its coverage cases: about 2 s of CPU), and every
xdist worker collects every module: each paid that for tests only one of them runs."""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from meedio_emulator.server import create_app

from meedio_contract.suite import hooks  # noqa: F401  (registers the suite's hooks)
from tests.support import DOCS_KEY, DOCS_SECRET, ROOT

os.environ.setdefault("MEEDIO_API_KEY", DOCS_KEY)
os.environ.setdefault("MEEDIO_API_SECRET", DOCS_SECRET)
os.environ.setdefault("MEEDIO_OWNER_EMAIL", "john@meedio.me")

APP = create_app(rate_limit=None)
schema = schemathesis.openapi.from_path(ROOT / "openapi" / "meedio-v3.yaml")
schema.app = APP


@pytest.fixture(autouse=True)
def _fresh_state(request: pytest.FixtureRequest) -> None:
    APP.backend.reset()
    # schemathesis 4.32's lazy schema reads and renames ``node._nodeid``, which pytest 9.2 no
    # longer has (it names the subtests by it; pytest reads ``nodeid``): give it one to read.
    request.node._nodeid = request.node.nodeid


@pytest.fixture
def api_schema() -> schemathesis.BaseSchema:
    """The module's schema, handed to schemathesis when the test runs (not when collected)."""
    return schema


@schemathesis.pytest.from_fixture("api_schema").parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate()


class Workflow(schema.as_state_machine()):  # type: ignore[misc]
    """Stateful phase: chains create -> get/update/delete through the spec's links."""

    def setup(self) -> None:
        APP.backend.reset()


Workflow.TestCase.settings = settings(
    max_examples=25, stateful_step_count=6, deadline=None, suppress_health_check=list(HealthCheck)
)
TestStateful = Workflow.TestCase
