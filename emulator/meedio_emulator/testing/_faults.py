"""Fault rules from a test: ``meedio_emulator.fault("createMeeting", status=503, times=2)``.

Each call is one of the control-plane client generated from ``openapi/emulator-control.yaml``
(``addFaultRule``, ``getFaultRule``, ``deleteFaultRule``), so it works the same whether the
emulator runs in a thread, in process or at a URL.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from meedio_emulator_control import AuthenticatedClient, Client
from meedio_emulator_control.api.control import (
    add_fault_rule,
    delete_fault_rule,
    get_fault_rule,
    list_fault_rules,
)
from meedio_emulator_control.models import Error, FaultRule, FaultRules, FaultRuleState
from meedio_emulator_control.types import Response, Unset

# Keyword arguments of ``fault`` and the rule's field each sets (the spec's names).
FIELDS = {
    "kind": "kind",
    "status": "status",
    "times": "times",
    "first": "first",
    "after": "after",
    "every": "every",
    "probability": "probability",
    "seed": "seed",
    "api_key": "apiKey",
    "message": "message",
    "retry_after": "retryAfter",
    "retry_after_format": "retryAfterFormat",
    "delay": "delay",
    "duration_ms": "durationMs",
    "chunks": "chunks",
    "limit": "limit",
    "window_ms": "windowMs",
    "headers": "headers",
}


class FaultRuleError(RuntimeError):
    """The control plane refused a rule or a look-up; the message is the emulator's."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status


def _state(response: Response[Any], status: int) -> Any:
    if response.status_code != status:
        parsed = response.parsed
        message = parsed.message if isinstance(parsed, Error) else response.content.decode()
        raise FaultRuleError(response.status_code, message)
    return response.parsed


class ActiveRule:
    """A rule a test added: its id and counters, read live while it is in force and kept as
    they were when the ``with`` block ended (``hits`` after the block is the final count)."""

    def __init__(self, control: Client | AuthenticatedClient, state: FaultRuleState) -> None:
        self._control = control
        self._last = state
        self._live = True
        self.id = state.id

    def refresh(self) -> FaultRuleState:
        if self._live:
            answer = get_fault_rule.sync_detailed(self.id, client=self._control)
            self._last = _state(answer, 200)
        return self._last

    @property
    def hits(self) -> int:
        """Requests the rule hit."""
        return self.refresh().hits

    @property
    def seen(self) -> int:
        """Requests its operations and key matched (hit or not)."""
        return self.refresh().seen

    @property
    def expired(self) -> bool:
        return self.refresh().expired

    def remove(self) -> None:
        """Read the final counters, then take the rule out (nothing if already gone)."""
        if not self._live:
            return
        with contextlib.suppress(FaultRuleError):  # a reset inside the block took it already
            self.refresh()
        self._live = False
        delete_fault_rule.sync_detailed(self.id, client=self._control)

    def __repr__(self) -> str:
        return f"ActiveRule(id={self.id!r}, hits={self._last.hits}, seen={self._last.seen})"


def rule_body(operation_ids: tuple[str, ...], options: dict[str, Any]) -> FaultRule:
    """The ``FaultRule`` for ``fault``'s arguments; ``status`` alone means kind ``status``."""
    unknown = set(options) - set(FIELDS)
    if unknown:
        raise TypeError(f"fault() got unknown arguments: {', '.join(sorted(unknown))}")
    body = {FIELDS[name]: value for name, value in options.items() if value is not None}
    if "delay" in body and isinstance(body["delay"], int | float):
        body["delay"] = {"ms": int(body["delay"])}  # a number: a fixed delay in ms
    body.setdefault("kind", "status")
    if operation_ids:
        body["operationIds"] = list(operation_ids)
    return FaultRule.from_dict(body)


def add(
    control: Client | AuthenticatedClient, operation_ids: tuple[str, ...], options: dict[str, Any]
) -> ActiveRule:
    answer = add_fault_rule.sync_detailed(client=control, body=rule_body(operation_ids, options))
    return ActiveRule(control, _state(answer, 201))


def listing(control: Client | AuthenticatedClient) -> list[FaultRuleState]:
    rules: FaultRules = _state(list_fault_rules.sync_detailed(client=control), 200)
    return rules.rules


def latency_profile(control: Client | AuthenticatedClient) -> dict[str, Any] | None:
    """The listing's ``latencyProfile`` (issue 29), or None: the emulator runs without one."""
    rules: FaultRules = _state(list_fault_rules.sync_detailed(client=control), 200)
    shown = rules.latency_profile
    return None if isinstance(shown, Unset) else shown.to_dict()


@contextlib.contextmanager
def fault(
    control: Client | AuthenticatedClient, operation_ids: tuple[str, ...], options: dict[str, Any]
) -> Iterator[ActiveRule]:
    rule = add(control, operation_ids, options)
    try:
        yield rule
    finally:
        rule.remove()
