"""Remove what contract runs created, looking at status codes only, never at bodies.

Each resource stands alone: one failed delete (a drifted body, a 502, a timeout, a revoked
key) never stops the others. Meetings of type MEETING and queues are deleted. Rooms (the API
has no delete) and consultations (deleting one is forbidden) close by themselves 15 minutes
after the run since nobody joins them; a room whose create answer was lost is looked up by
its slug. What cannot be removed or found stays in the ledger for the next run and is listed
as possibly left in the account.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import quote

import httpx

from meedio_contract.core.ledger import Ledger, Resource
from meedio_contract.findings.leftovers import CleanupReport
from meedio_spec.kinds import KINDS

ATTEMPTS = 3  # tries per resource
PAUSE = 1.0  # seconds between them
MAX_WAIT = 15.0  # the longest Retry-After honoured (the run's time cap still holds)


def _request(client: httpx.Client, resource: Resource) -> tuple[str, str] | None:
    """(method, path) that removes or finds the resource; None when nothing names it. A kind
    with a delete is deleted; one without is looked up (it closes by itself)."""
    kind = KINDS[resource.kind]
    name = resource.id or (resource.name if kind.name_is_id else None)
    if not name:
        return None
    key = quote(name, safe="")  # a fuzzed slug may hold anything
    if kind.delete_path:
        return "DELETE", kind.path_to(kind.delete_path, key)
    return "GET", kind.path_to(kind.read_path, key)


def _outcome(resource: Resource, method: str, status: int) -> str | None:
    """The ledger state a status code means, or None when the resource is still unresolved."""
    if status in (400, 404):
        # 404: never created (a lost or refused create), closed, or deleted already;
        # 400: the name is not a valid one, so nothing by that name can exist.
        return "gone"
    if method == "GET" and status == 200:
        return "expiring"  # a room: it closes by itself
    if method == "DELETE" and 200 <= status < 300:
        return "deleted"
    # DECISIONS 21: deleting a CONSULTATION is 403; it closes by itself (DECISIONS 19)
    if method == "DELETE" and status == 403 and resource.kind == "meeting":
        return "expiring"  # a consultation: deleting one is forbidden, it closes by itself
    return None


def _pause(response: httpx.Response) -> float:
    """Seconds to wait before trying again: Retry-After when throttled (bounded), else PAUSE."""
    value = response.headers.get("retry-after", "")
    return min(float(value), MAX_WAIT) if value.isdigit() else PAUSE


def _send(client: httpx.Client, method: str, path: str, time_left: Callable[[], float]) -> int:
    """The status of a delete or lookup, tried again (bounded) after a 5xx, 429 or no answer:
    sending either again is safe, and a flaky night should not leave resources behind."""
    for attempt in range(ATTEMPTS):
        last = attempt == ATTEMPTS - 1 or time_left() < PAUSE
        try:
            response = client.request(method, path)
            status = response.status_code
        except httpx.TransportError:
            if last:
                raise
            continue
        if last or (status < 500 and status != 429):
            return status
        time.sleep(_pause(response))
    raise AssertionError("unreachable")


def clean(ledger: Ledger, client: httpx.Client, time_left: Callable[[], float]) -> CleanupReport:
    """Resolve every open item of the ledger, within the run's remaining time."""
    report = CleanupReport()
    for resource in ledger.open_items():
        label = resource.label
        if time_left() <= 0:
            report.failed.append(f"{label}: not tried, the run's time cap was reached")
            continue
        if resource.consultation:
            ledger.resolve(resource.ref, "expiring")
            report.expiring.append(label)
            continue
        request = _request(client, resource)
        if request is None and KINDS[resource.kind].name_required and not resource.name:
            ledger.resolve(resource.ref, "gone", "no slug: nothing can have been created")
            continue
        if request is None:
            ledger.resolve(resource.ref, "unfindable", "the create's answer was lost")
            report.unfindable.append(f"{label} (created by run {resource.run}; answer lost, no id)")
            continue
        method, path = request
        try:
            status = _send(client, method, path, time_left)
        except Exception as exc:  # each resource stands alone: one failure never stops the rest
            report.failed.append(f"{label}: {method} {path} got no answer ({type(exc).__name__})")
            continue
        state = _outcome(resource, method, status)
        if state is None:
            report.failed.append(f"{label}: {method} {path} answered {status}")
            continue
        ledger.resolve(resource.ref, state, f"{method} answered {status}")
        if state == "deleted":
            report.deleted.append(label)
        elif state == "expiring":
            report.expiring.append(label)
    return report
