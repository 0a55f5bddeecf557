"""The control plane's fault-rule handlers (``/_emulator/faults/rules``, issue 31).

The spec's ``FaultRule`` schema has checked a rule's shape before a handler runs; what it
cannot say (an operationId the Meedio spec does not have, a window that hits nothing) is
``domain.fault_rules.check``'s, refused here as a 400 naming the field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..domain.errors import NotFound
from ..domain.fault_rules import FaultRuleError, FaultRules
from .answers import HttpError
from .control_api import Answer, ControlContext, Handler
from .spec import Problem


def refusal(error: FaultRuleError, prefix: str = "") -> HttpError:
    """The ``Error``-shaped 400 for a rule the engine refused."""
    return HttpError.invalid([Problem("body", prefix + error.field, error.message)])


def add_all(
    rules: FaultRules, specs: Iterable[dict[str, Any]], known: frozenset[str], *, listed: bool
) -> list[dict[str, Any]]:
    """Add every rule or none: all are checked on a scratch list first. ``listed``: the
    rules came as a list, and a refusal names the rule's index too."""
    specs = list(specs)
    scratch = FaultRules()
    for index, spec in enumerate(specs):
        try:
            scratch.add(spec, known)
        except FaultRuleError as exc:
            raise refusal(exc, f"/{index}" if listed else "") from None
    return [rules.add(spec, known).view() for spec in specs]


def add_checked(app: Any, specs: list[Any]) -> None:
    """Rules from outside the control plane (``serve --faults FILE``): each checked against
    the spec's ``FaultRule`` schema as a request body would be, then by the engine; all or
    none are added, and a refusal is the control plane's ``HttpError``."""
    validator = app.control.by_id["addFaultRule"].bodies["application/json"]
    problems = [p for i, spec in enumerate(specs) for p in validator.problems(spec, f"/{i}")]
    if problems:
        raise HttpError.invalid(problems)
    ctx: ControlContext = app.control_context
    add_all(ctx.fault_rules, specs, ctx.operation_ids, listed=True)


def list_rules(ctx: ControlContext, _: dict[str, Any], __: Any) -> Answer:
    return 200, ctx.fault_rules.view()


def add_rule(ctx: ControlContext, _: dict[str, Any], body: Any) -> Answer:
    return 201, add_all(ctx.fault_rules, [body], ctx.operation_ids, listed=False)[0]


def clear_rules(ctx: ControlContext, _: dict[str, Any], __: Any) -> Answer:
    ctx.fault_rules.clear()
    return 204, None


def _rule(ctx: ControlContext, rule_id: str) -> Any:
    rule = ctx.fault_rules.get(rule_id)
    if rule is None:
        raise NotFound(f"no fault rule {rule_id!r}")
    return rule


def get_rule(ctx: ControlContext, params: dict[str, Any], _: Any) -> Answer:
    return 200, _rule(ctx, params["ruleId"]).view()


def delete_rule(ctx: ControlContext, params: dict[str, Any], _: Any) -> Answer:
    ctx.fault_rules.remove(_rule(ctx, params["ruleId"]).id)
    return 204, None


HANDLERS: dict[str, Handler] = {
    "listFaultRules": list_rules,
    "addFaultRule": add_rule,
    "clearFaultRules": clear_rules,
    "getFaultRule": get_rule,
    "deleteFaultRule": delete_rule,
}
