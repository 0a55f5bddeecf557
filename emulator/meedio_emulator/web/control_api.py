"""The control plane's handlers (``/_emulator/...``), one per operationId of its spec."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import __version__
from ..domain.backend import MeedioBackend
from ..domain.clock import Clock
from ..domain.errors import InvalidRequest
from ..domain.fault_rules import FaultRules
from ..domain.seed import ConfigError, build_seed
from . import state_dump, views
from .faults import Faults
from .journal import RequestJournal

Answer = tuple[int, Any]
Handler = Callable[["ControlContext", dict[str, Any], Any], Answer]


class ControlContext:
    """What the control plane may touch: the backend, its clock, the faults, the journal."""

    def __init__(
        self,
        backend: MeedioBackend,
        clock: Clock,
        faults: Faults,
        journal: RequestJournal,
        spec_version: str,
        fault_rules: FaultRules | None = None,
        operation_ids: frozenset[str] = frozenset(),
    ) -> None:
        self.backend = backend
        self.clock = clock
        self.faults = faults
        self.journal = journal
        self.spec_version = spec_version
        self.fault_rules = fault_rules or FaultRules()
        self.operation_ids = operation_ids  # what a fault rule may aim at (and the pages)

    def clock_view(self) -> dict[str, Any]:
        now = self.clock.now()
        offset = float(getattr(self.clock, "offset", 0.0))
        return {"now": now, "iso": views.timestamp(now), "offsetSeconds": offset}


def health(ctx: ControlContext, _: dict[str, Any], __: Any) -> Answer:
    return 200, {"status": "ok", "version": __version__, "specVersion": ctx.spec_version}


def reset(ctx: ControlContext, _: dict[str, Any], __: Any) -> Answer:
    ctx.backend.reset()
    ctx.faults.clear()
    ctx.fault_rules.clear()
    ctx.journal.clear()
    return 204, None


def state(ctx: ControlContext, _: dict[str, Any], __: Any) -> Answer:
    return 200, state_dump.stream(ctx.backend, ctx.faults.view())


def get_clock(ctx: ControlContext, _: dict[str, Any], __: Any) -> Answer:
    return 200, ctx.clock_view()


def advance_clock(ctx: ControlContext, _: dict[str, Any], body: Any) -> Answer:
    ctx.backend.advance_clock(float(body["seconds"]))
    return 200, ctx.clock_view()


def join_meeting(ctx: ControlContext, params: dict[str, Any], _: Any) -> Answer:
    return 201, {"participantId": ctx.backend.join("meeting", params["id"])}


def leave_meeting(ctx: ControlContext, params: dict[str, Any], _: Any) -> Answer:
    ctx.backend.leave("meeting", params["id"], params["participantId"])
    return 204, None


def join_room(ctx: ControlContext, params: dict[str, Any], _: Any) -> Answer:
    return 201, {"participantId": ctx.backend.join("room", params["slug"])}


def leave_room(ctx: ControlContext, params: dict[str, Any], _: Any) -> Answer:
    ctx.backend.leave("room", params["slug"], params["participantId"])
    return 204, None


def add_organizations(ctx: ControlContext, _: dict[str, Any], body: Any) -> Answer:
    try:
        extra = build_seed({"organizations": body["organizations"]})
    except ConfigError as exc:
        raise InvalidRequest(f"organizations: {exc}") from exc
    ctx.backend.add_organizations(extra)
    return 204, None


def get_faults(ctx: ControlContext, _: dict[str, Any], __: Any) -> Answer:
    return 200, ctx.faults.view()


def set_faults(ctx: ControlContext, _: dict[str, Any], body: Any) -> Answer:
    ctx.faults.update(body)
    return 200, ctx.faults.view()


def clear_faults(ctx: ControlContext, _: dict[str, Any], __: Any) -> Answer:
    ctx.faults.clear()
    ctx.fault_rules.clear()
    return 204, None


def list_requests(ctx: ControlContext, params: dict[str, Any], _: Any) -> Answer:
    return 200, ctx.journal.view(
        operation_id=params.get("operationId"),
        status=params.get("status"),
        method=params.get("method"),
    )


def clear_requests(ctx: ControlContext, _: dict[str, Any], __: Any) -> Answer:
    ctx.journal.clear()
    return 204, None


HANDLERS: dict[str, Handler] = {
    "health": health,
    "reset": reset,
    "state": state,
    "getClock": get_clock,
    "advanceClock": advance_clock,
    "joinMeeting": join_meeting,
    "leaveMeeting": leave_meeting,
    "joinRoom": join_room,
    "leaveRoom": leave_room,
    "addOrganizations": add_organizations,
    "getFaults": get_faults,
    "setFaults": set_faults,
    "clearFaults": clear_faults,
    "listRequests": list_requests,
    "clearRequests": clear_requests,
}
