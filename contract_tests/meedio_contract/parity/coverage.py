"""Which operations of the spec no parity scenario sends: each one is a part of the API the
emulator is never compared on. The scenarios' own requests are matched to the spec's
operations by the toolkit's one matcher; nothing lists the operations by hand."""

from __future__ import annotations

from meedio_contract.core.specindex import Spec
from meedio_contract.parity.scenarios import Scenario

HOME = "contract_tests/parity/scenarios.yaml"


def sent(scenarios: list[Scenario], spec: Spec) -> set[str]:
    """The operationIds the scenarios' steps go to (their references and variables are path
    values, so a step's path matches its template as written)."""
    found = set()
    for scenario in scenarios:
        for step in scenario.steps:
            operation = spec.match(step.method, step.path)
            if operation is not None:
                found.add(operation.operation_id)
    return found


def uncovered(scenarios: list[Scenario], spec: Spec) -> list[str]:
    """One line per operation no scenario sends, naming the file to write."""
    return [
        f"no parity scenario sends {operation}: add one to {HOME} "
        f"(then record it: python -m meedio_contract.parity record)"
        for operation in spec.index.ids
        if operation not in sent(scenarios, spec)
    ]


__all__ = ["HOME", "sent", "uncovered"]
