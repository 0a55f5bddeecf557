"""The stand-in's fault modes as the emulator's fault rules (issue 31's "one fault system").

A fault mode (gateway pages, slow answers, 429 storms, outages, stalls, downtime, revoked or
wrong keys) is a list of rules of the control spec's ``FaultRule`` (``fault_rules``), set on
the upstream emulator through its control plane with the typed control client
(``UpstreamRules``). Each rule is aimed at a header only the requests the stand-in forwards
carry (``MARKER``, a value per stand-in), so a test's own requests to the same emulator, and
another stand-in's, pass untouched.
"""

from __future__ import annotations

import contextlib
import uuid
from typing import Any, Protocol

import httpx
from meedio_client.tls import default_context
from meedio_emulator_control import Client
from meedio_emulator_control.api.control import (
    add_fault_rule,
    delete_fault_rule,
    list_fault_rules,
)
from meedio_emulator_control.models import Error, FaultRule, FaultRules

FAULTS = {
    "flaky": "random HTML 502s from a gateway (share `rate`) and slow answers (`delay` s)",
    "throttled": "a real limit of `limit` requests a `window` s: 429 storms with Retry-After",
    "revoked": "the key is revoked after `after` requests: 401 from then on",
    "outage": "after `after` requests, the next `length` connections drop without an answer",
    "down": "every connection drops without an answer",
    "wrong-keys": "every key is rejected: 401",
    "stalled": "after `after` requests, every answer is held for `hold` seconds, then dropped",
}
# The header each forwarded Meedio request carries upstream, with the stand-in's own value.
MARKER = "X-Meedio-Standin"
UNAUTHORIZED = {"kind": "status", "status": 401, "message": "Invalid API credentials"}
THROTTLED = "ThrottlerException: Too Many Requests"  # NestJS's throttler, as Meedio answers


class FaultOptions(Protocol):
    """The options of a mode the rules read (the stand-in's ``Settings``)."""

    mode: str
    rate: float
    delay: float
    limit: int
    window: float
    after: int
    length: int
    hold: float
    seed: int


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def fault_rules(s: FaultOptions) -> list[dict[str, Any]]:
    """The rules a fault mode stands for; none for a drift mode. Their counts (``after``)
    are of the requests the rules see: forwarded ones that reach an operation of the spec."""
    mode = s.mode
    if mode == "flaky":  # a gateway 502 for a share, then a delay for one in five of the rest
        delay = {"ms": _ms(s.delay)}
        return [
            {"kind": "gateway", "status": 502, "probability": s.rate, "seed": s.seed},
            # seeded apart from the gateway's, whose draws would otherwise repeat in it
            {"kind": "latency", "probability": 0.2, "seed": s.seed + 1, "delay": delay},
        ]
    if mode == "throttled":
        window = _ms(s.window)
        return [{"kind": "throttle", "limit": s.limit, "windowMs": window, "message": THROTTLED}]
    if mode == "revoked":
        return [{**UNAUTHORIZED, "after": s.after}]
    if mode == "wrong-keys":
        return [UNAUTHORIZED]
    if mode == "outage":
        outage = {"kind": "close", "after": s.after, "first": s.after + s.length}
        return [outage] if s.length else []
    if mode == "down":
        return [{"kind": "close"}]
    if mode == "stalled":  # held until the hold is over, then closed: a drop at the stand-in
        return [{"kind": "hang", "after": s.after, "durationMs": _ms(s.hold)}]
    return []


class UpstreamRules:
    """This stand-in's rules on its upstream emulator, through the emulator's control plane."""

    def __init__(self, upstream: str, control_token: str | None = None) -> None:
        headers = {"Authorization": f"Bearer {control_token}"} if control_token else {}
        self.control = Client(
            base_url=upstream,
            headers=headers,
            timeout=httpx.Timeout(30),
            verify_ssl=default_context(trust_env=False),  # one context a process (25 ms each)
            httpx_args={"trust_env": False},  # the upstream is on loopback, never via a proxy
        )
        self.marker = uuid.uuid4().hex
        # Whether rules of this stand-in may be upstream: a drift mode asks the control plane
        # nothing, so a stand-in in a drift mode starts before its emulator as it always did.
        self.active = False

    def replace(self, options: FaultOptions) -> None:
        """This stand-in's rules replaced by the mode's; a rule the emulator refuses is a
        ``ValueError`` with its message, and leaves none."""
        if self.active:
            self.clear()
        rules = fault_rules(options)
        self.active = bool(rules)
        for rule in rules:
            body = FaultRule.from_dict({**rule, "headers": {MARKER: self.marker}})
            added = add_fault_rule.sync_detailed(client=self.control, body=body)
            if added.status_code != 201:
                self.clear()
                parsed = added.parsed
                reason = parsed.message if isinstance(parsed, Error) else added.content
                raise ValueError(f"the emulator refused the {options.mode} rule: {reason!r}")

    def clear(self) -> None:
        """Remove the rules aimed at this stand-in's marker (found by it, not by a kept id:
        a reset upstream renumbers the rules, and a test's own rule may then have the id)."""
        listed = list_fault_rules.sync_detailed(client=self.control).parsed
        if not isinstance(listed, FaultRules):
            return
        self.active = False
        for state in listed.rules:
            aimed = state.rule.headers.to_dict() if state.rule.headers else {}
            if aimed.get(MARKER) == self.marker:
                delete_fault_rule.sync_detailed(state.id, client=self.control)

    def close(self) -> None:
        if self.active:
            with contextlib.suppress(httpx.HTTPError):  # the emulator gone: nothing to take out
                self.clear()
        self.control.get_httpx_client().close()
