"""schemathesis hooks of the contract suite (CLI: ``SCHEMATHESIS_HOOKS=contract_tests.hooks``).

Only referential integrity, no check loosened: the docs say "You need to fetch the
organization you belong to first if you want to create a meeting", so a schema-valid
``createMeeting`` body gets the email of a real user of the caller's organization
(``MEEDIO_OWNER_EMAIL``, which the runner reads from ``GET /v3/organizations``). A random
email is a user that does not exist (404) and a medical organization must send one (400), so
without this the fuzzer would mostly test "owner not found". Negative cases are untouched.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from schemathesis import Case


@schemathesis.hook
def map_case(context: schemathesis.HookContext, case: Case[Any]) -> Case[Any]:
    owner = os.environ.get("MEEDIO_OWNER_EMAIL")
    meta = case.meta
    positive = meta is None or meta.generation.mode.is_positive
    if (
        owner
        and positive
        and case.operation.definition.raw.get("operationId") == "createMeeting"
        and isinstance(case.body, dict)
    ):
        case.body = {**case.body, "ownerEmail": owner}
    return case
