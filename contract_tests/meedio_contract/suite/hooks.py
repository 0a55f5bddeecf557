"""schemathesis hooks of the contract suite (CLI: ``SCHEMATHESIS_HOOKS=meedio_contract.suite.hooks``).

- ``map_case``: referential integrity only, no check loosened. The docs say "You need to fetch
  the organization you belong to first if you want to create a meeting", so a schema-valid
  ``createMeeting`` body gets the email of a real user of the caller's organization
  (``MEEDIO_OWNER_EMAIL``, read by the runner's preflight). A random email is nobody in the
  organization (403), so without this the fuzzer would mostly test "owner not in
  organization". On a live run it also names the meeting (``meetingId``, which the docs let
  the caller choose) so that a meeting whose answer is lost can still be found and deleted.
  Negative cases are untouched.
- ``before_call``: on a live run (``MEEDIO_CONTRACT_GUARD=1``), an update or delete aimed at a
  well-formed id the runs did not create is re-aimed at an id that cannot exist, so a run
  against a real account never touches what it did not make.
- On a live run (``MEEDIO_CONTRACT_STATE`` set) every request schemathesis sends, checks'
  re-sends included, goes through ``_send``: its answer is read by ``request_timeout`` or
  is a ``ReadTimeout`` (``within``); it waits for its slot of the shared budget
  (``meedio_contract.core.pacing``), is written to the journal, and a create is written to the
  ledger before it leaves. schemathesis sends everything through ``requests``, so this wraps
  ``requests.adapters.HTTPAdapter.send``; no hook of schemathesis sees check re-sends.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

import requests
import schemathesis
import urllib3
from schemathesis import Case

from meedio_contract.core import pacing
from meedio_contract.core.ledger import DESTRUCTIVE, SENTINELS, Ledger
from meedio_spec.kinds import KINDS

# The ids each kind's path accepts (meedio_spec.kinds, from the spec): a malformed one names nothing.
WELL_FORMED = {kind.name: kind.well_formed for kind in KINDS.values()}
UUID4 = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"
)
_BUDGET = pacing.Budget.from_env()


_RUNS = Ledger(_BUDGET.ledger) if _BUDGET else None


def _ledger() -> Ledger | None:
    """The runs' ledger, brought up to date for each use (the suite's creates are written to
    it as they are sent): what was appended since the last use is read."""
    return _RUNS.refresh() if _RUNS else None


def _operation_id(case: Case[Any]) -> str:
    return str(case.operation.definition.raw.get("operationId", ""))


def give_owner(case: Case[Any]) -> None:
    """A positive ``createMeeting`` body names a real user of the caller's organization.

    Called by ``map_case`` and by ``before_call``: schemathesis' state machines (the
    command line's stateful phase and the pytest one) build some steps' cases without
    ``map_case``, and every case passes through ``before_call`` just before it is sent.
    """
    meta = case.meta
    positive = meta is None or meta.generation.mode.is_positive
    owner = os.environ.get("MEEDIO_OWNER_EMAIL")
    if not (owner and positive) or _operation_id(case) != "createMeeting":
        return
    if isinstance(case.body, dict):
        case.body = {**case.body, "ownerEmail": owner}


def name_meeting(case: Case[Any]) -> None:
    """On a live run, a ``createMeeting`` object body names its meeting (a fresh ``meetingId``).

    Every well-formed meetingId is replaced by a fresh one, so a name in the ledger is always
    the run's own (the docs' example id could be a real meeting of the account), and every
    create with an object body names its meeting, negative ones too: schemathesis marks the
    spec's own examples (which create meetings) as negative, and an absent meetingId is never
    the mutation (the field is optional). A malformed id stays: it is the mutation. Called by
    ``map_case`` and by ``before_call``, like ``give_owner``: the cases the coverage phase
    builds from the spec's examples reach only ``before_call``.
    """
    if _BUDGET is None or _operation_id(case) != "createMeeting":
        return
    if not isinstance(case.body, dict):
        return
    drawn = case.body.get("meetingId")
    if drawn is None or (isinstance(drawn, str) and UUID4.match(drawn)):
        case.body = {**case.body, "meetingId": str(uuid.uuid4())}


@schemathesis.hook
def map_case(context: schemathesis.HookContext, case: Case[Any]) -> Case[Any]:
    if _operation_id(case) != "createMeeting" or not isinstance(case.body, dict):
        return case
    give_owner(case)
    name_meeting(case)
    return case


@schemathesis.hook
def before_call(context: schemathesis.HookContext, case: Case[Any], kwargs: dict[str, Any]) -> None:
    give_owner(case)
    name_meeting(case)
    kind = DESTRUCTIVE.get(_operation_id(case))
    if kind is None or os.environ.get("MEEDIO_CONTRACT_GUARD") != "1":
        return
    value = (case.path_parameters or {}).get("id")
    if not isinstance(value, str) or not WELL_FORMED[kind].match(value):
        return  # a malformed id names no resource: safe to send as drawn
    runs = _ledger()
    if runs is None or not runs.owns(kind, value):
        assert case.path_parameters is not None
        case.path_parameters["id"] = SENTINELS[kind]


def _read_requests(response: requests.Response) -> pacing.Answer:
    return response.status_code, dict(response.headers), response.content


def _per_request() -> float | None:
    value = os.environ.get("MEEDIO_CONTRACT_REQUEST_TIMEOUT")
    return float(value) if value else None


def _timeout(request: Any, url: str | None, seconds: float) -> requests.exceptions.ReadTimeout:
    """requests' own shape of a read timeout: schemathesis reads the seconds from its text."""
    cause = urllib3.exceptions.ReadTimeoutError(
        None,  # type: ignore[arg-type]
        url or "",
        f"the answer took longer than {seconds:g} s (read timeout={seconds:g})",
    )
    return requests.exceptions.ReadTimeout(cause, request=request)


# When the request being sent in this thread must be answered (the monotonic clock's time).
_END: ContextVar[float | None] = ContextVar("meedio_contract_request_end", default=None)


def _shut(sock: socket.socket) -> None:
    """Interrupt a read blocked on ``sock`` from another thread (what urllib3's
    ``HTTPResponse.shutdown`` does for a body)."""
    with contextlib.suppress(OSError):  # already closed: nothing left to interrupt
        sock.shutdown(socket.SHUT_RDWR)


def _shut_body(response: requests.Response) -> None:
    """``_shut`` for a body: its socket may have closed as the timer fired."""
    with contextlib.suppress(OSError):
        response.raw.shutdown()


def _hold_headers_to_the_deadline() -> None:
    """urllib3 reads the status line and headers in ``HTTPConnection.getresponse``, each read
    bounded only by the read timeout: inside ``within`` a timer shuts the socket at the
    deadline there too, so headers trickled a byte a second end with the request. Installed
    once, and a no-op outside ``within``."""
    connection = urllib3.connection.HTTPConnection
    original = connection.getresponse
    if getattr(original, "meedio_deadline", False):
        return

    def getresponse(self: Any, *args: Any, **kwargs: Any) -> Any:
        end, sock = _END.get(), getattr(self, "sock", None)
        if end is None or sock is None:
            return original(self, *args, **kwargs)
        timer = threading.Timer(max(0.0, end - time.monotonic()), _shut, (sock,))
        timer.start()
        try:
            return original(self, *args, **kwargs)
        finally:
            timer.cancel()

    getresponse.meedio_deadline = True  # type: ignore[attr-defined]
    connection.getresponse = getresponse  # type: ignore[method-assign]


def within(
    send: Callable[[], requests.Response], seconds: float | None
) -> Callable[[], requests.Response]:
    """``send``, answered whole (status line, headers, body) by ``seconds`` after it started,
    or ``ReadTimeout``.

    requests' timeouts bound each read (urllib3's ``total`` too), so an answer trickled a
    byte a second never ends. A timer shuts the socket down at the deadline while the headers
    are read (``_hold_headers_to_the_deadline``) and while the body is read here (urllib3's
    ``HTTPResponse.shutdown``, which interrupts a blocked read from another thread).
    """
    if seconds is None:
        return send
    _hold_headers_to_the_deadline()

    def bounded() -> requests.Response:
        end = time.monotonic() + seconds
        token = _END.set(end)
        try:
            response = send()
        except requests.RequestException as exc:
            if time.monotonic() >= end:
                url = exc.request.url if exc.request is not None else None
                raise _timeout(exc.request, str(url or ""), seconds) from exc
            raise
        finally:
            _END.reset(token)
        timer = threading.Timer(max(0.0, end - time.monotonic()), _shut_body, (response,))
        timer.start()
        try:
            _ = response.content
        except requests.RequestException as exc:
            if time.monotonic() >= end:
                raise _timeout(response.request, response.url, seconds) from exc
            raise
        finally:
            timer.cancel()
        if time.monotonic() >= end:  # shut down at the very end of a complete read
            raise _timeout(response.request, response.url, seconds)
        return response

    return bounded


def _install(budget: pacing.Budget) -> None:
    original = requests.adapters.HTTPAdapter.send
    per_request = _per_request()

    def _send(
        self: requests.adapters.HTTPAdapter, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        body = request.body
        return budget.exchange(
            "suite",
            request.method or "GET",
            request.url or "",
            {k: str(v) for k, v in request.headers.items()},
            body.encode() if isinstance(body, str) else body if isinstance(body, bytes) else None,
            within(lambda: original(self, request, **kwargs), per_request),
            _read_requests,
            (requests.RequestException,),
        )

    requests.adapters.HTTPAdapter.send = _send  # type: ignore[method-assign,assignment]


if _BUDGET is not None:
    _install(_BUDGET)
