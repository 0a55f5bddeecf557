"""Every change is fuzzed: schemathesis' pytest integration against the in-process emulator."""

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
def _fresh_state() -> None:
    APP.backend.reset()


@schema.parametrize()
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
