"""schemathesis hooks of the contract suite (CLI: ``SCHEMATHESIS_HOOKS=contract_tests.hooks``).

- ``map_case``: referential integrity only, no check loosened. The docs say "You need to fetch
  the organization you belong to first if you want to create a meeting", so a schema-valid
  ``createMeeting`` body gets the email of a real user of the caller's organization
  (``MEEDIO_OWNER_EMAIL``, read by the runner from ``GET /v3/organizations``). A random email
  is nobody in the organization (403) and a medical organization must send one (400), so
  without this the fuzzer would mostly test "owner not in organization". Negative cases are
  untouched.
- ``after_call``: with ``MEEDIO_CONTRACT_LEDGER`` set, records every resource the run creates
  or deletes, for the guard and for the cleanup.
- ``before_call``: with ``MEEDIO_CONTRACT_GUARD=1`` (the live run), an update or delete aimed
  at a well-formed id the run did not create is re-aimed at an id that cannot exist, so a run
  against a real account never touches what it did not make.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import schemathesis
from schemathesis import Case

from contract_tests.ledger import CREATES, DELETES, DESTRUCTIVE, Ledger

# Well-formed ids that no resource has: the guard's target.
SENTINELS = {"meeting": "00000000-0000-4000-8000-000000000000", "queue": "000000000000000000000000"}
WELL_FORMED = {
    "meeting": re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"),
    "queue": re.compile(r"^[0-9a-f]{24}$"),
}
_ledger: Ledger | None = None


def ledger() -> Ledger | None:
    """The run's ledger, when the runner asked for one."""
    global _ledger
    path = os.environ.get("MEEDIO_CONTRACT_LEDGER")
    if path and (_ledger is None or _ledger.path != Path(path)):
        _ledger = Ledger.load(Path(path))
    return _ledger if path else None


def _operation_id(case: Case[Any]) -> str:
    return str(case.operation.definition.raw.get("operationId", ""))


@schemathesis.hook
def map_case(context: schemathesis.HookContext, case: Case[Any]) -> Case[Any]:
    owner = os.environ.get("MEEDIO_OWNER_EMAIL")
    meta = case.meta
    positive = meta is None or meta.generation.mode.is_positive
    if (
        owner
        and positive
        and _operation_id(case) == "createMeeting"
        and isinstance(case.body, dict)
    ):
        case.body = {**case.body, "ownerEmail": owner}
    return case


@schemathesis.hook
def before_call(context: schemathesis.HookContext, case: Case[Any], kwargs: dict[str, Any]) -> None:
    kind = DESTRUCTIVE.get(_operation_id(case))
    if kind is None or os.environ.get("MEEDIO_CONTRACT_GUARD") != "1":
        return
    runs = ledger()
    value = (case.path_parameters or {}).get("id")
    if not isinstance(value, str) or not WELL_FORMED[kind].match(value):
        return  # a malformed id names no resource: safe to send as drawn
    if runs is None or not runs.owns(kind, value):
        assert case.path_parameters is not None
        case.path_parameters["id"] = SENTINELS[kind]


@schemathesis.hook
def after_call(context: schemathesis.HookContext, case: Case[Any], response: Any) -> None:
    runs = ledger()
    if runs is None or not 200 <= response.status_code < 300:
        return
    operation = _operation_id(case)
    if operation in CREATES:
        kind, field = CREATES[operation]
        try:
            body = response.json()
        except ValueError:
            return
        if isinstance(body, dict) and isinstance(body.get(field), str):
            consultation = operation == "createMeeting" and "isInfinite" not in body
            runs.record("created", kind, body[field], consultation=consultation)
    elif operation in DELETES:
        key = (case.path_parameters or {}).get("id")
        if isinstance(key, str):
            runs.record("deleted", DELETES[operation], key)
