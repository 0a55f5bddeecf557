"""Remove what contract runs created, looking at status codes only, never at bodies.

Each resource stands alone: one failed delete (a drifted body, a 502, a timeout, a revoked
key) never stops the others. Meetings of type MEETING and queues are deleted. Rooms (the API
has no delete) and consultations (deleting one is forbidden) close by themselves 15 minutes
after the run since nobody joins them; a room whose create answer was lost is looked up by
its slug. What cannot be removed or found stays in the ledger for the next run and is listed
as possibly left in the account.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from contract_tests.ledger import Ledger, Resource


@dataclass
class CleanupReport:
    deleted: list[str] = field(default_factory=list)
    expiring: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    unfindable: list[str] = field(default_factory=list)

    @property
    def possibly_left(self) -> list[str]:
        """What may still be in the account and is not known to go away by itself."""
        return self.failed + self.unfindable

    def as_dict(self) -> dict[str, list[str]]:
        return {
            "deleted": self.deleted,
            "expiring": self.expiring,
            "failed": self.failed,
            "unfindable": self.unfindable,
        }


def _request(client: httpx.Client, resource: Resource) -> tuple[str, str] | None:
    """(method, path) that removes or finds the resource; None when nothing names it."""
    if resource.kind == "meeting" and (resource.id or resource.name):
        return "DELETE", f"/v3/meeting/{resource.id or resource.name}"
    if resource.kind == "queue" and resource.id:
        return "DELETE", f"/v3/rooms/queue/{resource.id}"
    if resource.kind == "room" and (resource.id or resource.name):
        return "GET", f"/v3/room/{resource.id or resource.name}"
    return None


def _outcome(resource: Resource, method: str, status: int) -> str | None:
    """The ledger state a status code means, or None when the resource is still unresolved."""
    if status == 404:
        return "gone"  # never created (a lost or refused create), closed, or deleted already
    if method == "GET" and status == 200:
        return "expiring"  # a room: it closes by itself
    if method == "DELETE" and 200 <= status < 300:
        return "deleted"
    if method == "DELETE" and status == 403 and resource.kind == "meeting":
        return "expiring"  # a consultation: deleting one is forbidden, it closes by itself
    return None


def clean(ledger: Ledger, client: httpx.Client) -> CleanupReport:
    report = CleanupReport()
    for resource in ledger.open_items():
        label = resource.label
        if resource.consultation:
            ledger.resolve(resource.ref, "expiring")
            report.expiring.append(label)
            continue
        request = _request(client, resource)
        if request is None:
            ledger.resolve(resource.ref, "unfindable", "the create's answer was lost")
            report.unfindable.append(f"{label} (created by run {resource.run}; answer lost, no id)")
            continue
        method, path = request
        try:
            status = client.request(method, path).status_code
        except httpx.HTTPError as exc:
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
