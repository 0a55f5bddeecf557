"""Probes: one small live experiment per ``openapi/DECISIONS.md`` entry that only the real API
can confirm. An entry names its probe on a line ``Probe: `<id>` — what it checks``; each id
has a function here (``PROBES``), and a test keeps the two lists equal.

Each probe reads what the spec says from the spec, asks the API, and returns confirmed,
refuted (with what came back) or not reached (the API did not let it get that far). Probes
go through the run's paced client, so they count against the budget, and their creates go
through the ledger, so the cleanup removes them.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from contract_tests.config import ROOT
from contract_tests.specindex import Spec

if TYPE_CHECKING:
    from contract_tests.nightly import Night

DECISIONS = ROOT / "openapi" / "DECISIONS.md"
PROBE_LINE = re.compile(r"Probe: `(?P<id>[a-z0-9-]+)`")
ENTRY = re.compile(r"^(?P<number>\d+)\. \*\*(?P<title>.+?)\*\*", re.MULTILINE)


@dataclass
class Outcome:
    result: str  # confirmed | refuted | not reached
    observed: str
    operations: tuple[str, ...] = ()


@dataclass
class Context:
    client: httpx.Client
    spec: Spec
    owner: str
    journal: list[dict[str, Any]]

    def documented(self, operation_id: str) -> set[int]:
        for op in self.spec.operations:
            if op.operation_id == operation_id:
                responses = self.spec.document["paths"][op.template][op.method]["responses"]
                return {int(code) for code in responses if str(code).isdigit()}
        return set()

    def meeting(self, **body: Any) -> httpx.Response:
        """A meeting named by the probe (so the ledger can always delete it)."""
        return self.client.post(
            "/v3/meeting", json={"ownerEmail": self.owner, "meetingId": str(uuid.uuid4()), **body}
        )


Probe = Callable[[Context], Outcome]
PROBES: dict[str, Probe] = {}


def probe(name: str) -> Callable[[Probe], Probe]:
    def register(function: Probe) -> Probe:
        PROBES[name] = function
        return function

    return register


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _seen(response: httpx.Response) -> str:
    return (
        f"{response.status_code} {response.headers.get('content-type', '-')} {response.text[:120]}"
    )


def _verdict(ok: bool, observed: str, *operations: str) -> Outcome:
    return Outcome("confirmed" if ok else "refuted", observed, operations)


@probe("create-status")
def create_status(ctx: Context) -> Outcome:
    answer = ctx.meeting(isInfinite=False)
    return _verdict(
        answer.status_code in ctx.documented("createMeeting") and answer.status_code < 300,
        f"createMeeting answered {answer.status_code}",
        "POST /v3/meeting",
    )


@probe("error-shape")
def error_shape(ctx: Context) -> Outcome:
    answer = ctx.client.get(f"/v3/meeting/{uuid.uuid4()}")
    body = _json(answer)
    ok = (
        answer.status_code == 404
        and isinstance(body, dict)
        and {"statusCode", "message"} <= set(body)
    )
    return _verdict(ok, _seen(answer), "GET /v3/meeting/{id}")


@probe("deleted-at")
def deleted_at(ctx: Context) -> Outcome:
    created = ctx.meeting(isInfinite=False)
    if created.status_code >= 300:
        return Outcome("not reached", f"createMeeting answered {created.status_code}")
    answer = ctx.client.delete(f"/v3/meeting/{created.json()['id']}")
    body = _json(answer)
    ok = isinstance(body, dict) and isinstance(body.get("deletedAt"), str)
    keys = sorted(body) if isinstance(body, dict) else _seen(answer)
    return _verdict(
        ok,
        f"deleteMeeting answered {answer.status_code} with fields {keys}",
        "DELETE /v3/meeting/{id}",
    )


@probe("deleted-meeting-404")
def deleted_meeting_404(ctx: Context) -> Outcome:
    created = ctx.meeting(isInfinite=False)
    if created.status_code >= 300:
        return Outcome("not reached", f"createMeeting answered {created.status_code}")
    meeting_id = created.json()["id"]
    deleted = ctx.client.delete(f"/v3/meeting/{meeting_id}")
    if deleted.status_code >= 300:
        return Outcome("not reached", f"deleteMeeting answered {deleted.status_code}")
    answer = ctx.client.get(f"/v3/meeting/{meeting_id}")
    return _verdict(
        answer.status_code == 404,
        f"GET after delete answered {answer.status_code}",
        "GET /v3/meeting/{id}",
    )


@probe("meeting-redirect-url")
def meeting_redirect_url(ctx: Context) -> Outcome:
    created = ctx.meeting(isInfinite=False)
    body = _json(created)
    if created.status_code >= 300 or not isinstance(body, dict):
        return Outcome("not reached", f"createMeeting answered {created.status_code}")
    url = str(body.get("redirectUrl"))
    return _verdict(url.endswith(f"/meetings/{body.get('id')}"), url, "POST /v3/meeting")


@probe("queue-redirect-url")
def queue_redirect_url(ctx: Context) -> Outcome:
    slug = f"probe-{uuid.uuid4().hex[:12]}"
    created = ctx.client.post(
        "/v3/rooms/queue", json={"name": "probe", "slug": slug, "type": "WAITING_ROOM"}
    )
    body = _json(created)
    if created.status_code >= 300 or not isinstance(body, dict):
        return Outcome("not reached", f"createQueue answered {created.status_code}")
    url = str(body.get("redirectUrl"))
    return _verdict(
        url.endswith(f"/queues/{slug}"), url or "no redirectUrl", "POST /v3/rooms/queue"
    )


@probe("foreign-owner-403")
def foreign_owner_403(ctx: Context) -> Outcome:
    answer = ctx.client.post(
        "/v3/meeting",
        json={
            "ownerEmail": f"nobody-{uuid.uuid4().hex[:8]}@example.invalid",
            "meetingId": str(uuid.uuid4()),
        },
    )
    return _verdict(
        answer.status_code == 403,
        f"createMeeting with a stranger's email answered {answer.status_code}",
        "POST /v3/meeting",
    )


@probe("consultation-delete-403")
def consultation_delete_403(ctx: Context) -> Outcome:
    created = ctx.meeting(type="CONSULTATION")
    if created.status_code >= 300:
        return Outcome(
            "not reached", f"createMeeting (CONSULTATION) answered {created.status_code}"
        )
    answer = ctx.client.delete(f"/v3/meeting/{created.json()['id']}")
    return _verdict(
        answer.status_code == 403,
        f"deleteMeeting on a consultation answered {answer.status_code}",
        "DELETE /v3/meeting/{id}",
    )


@probe("retry-after")
def retry_after(ctx: Context) -> Outcome:
    """Never provokes a 429 (that would spend the account's limit): reads the night's own."""
    throttled = [e for e in ctx.journal if e.get("status") == 429]
    if not throttled:
        return Outcome("not reached", "no 429 answer tonight")
    with_header = sum(1 for e in throttled if e.get("retryAfter"))
    return _verdict(
        with_header == len(throttled),
        f"{with_header} of {len(throttled)} 429 answers carried Retry-After",
    )


def decisions(path: Path = DECISIONS) -> dict[str, str]:
    """Probe id -> the DECISIONS entry that names it ("16. Creates answer 201")."""
    found: dict[str, str] = {}
    entry = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if heading := ENTRY.match(line):
            entry = f"{heading['number']}. {heading['title']}"
        for match in PROBE_LINE.finditer(line):
            found[match["id"]] = entry
    return found


def run_all(night: Night, owner: str) -> list[dict[str, Any]]:
    """Every probe DECISIONS.md names; the ones the API did not let run are "not reached"."""
    results = []
    with night.client("probe") as client:
        ctx = Context(client, Spec.load(night.spec), owner, night.budget.journal.read())
        for probe_id, entry in decisions().items():
            function = PROBES.get(probe_id)
            if night.remaining() < night.config.reserve_seconds / 2:
                function = None  # keep the time for cleanup
            try:
                outcome = function(ctx) if function else Outcome("not reached", "out of time")
            except (httpx.HTTPError, KeyError, ValueError) as exc:
                outcome = Outcome("not reached", f"{type(exc).__name__}: {str(exc)[:120]}")
            results.append(
                {
                    "id": probe_id,
                    "decision": entry,
                    "result": outcome.result,
                    "observed": outcome.observed,
                    "operations": list(outcome.operations),
                }
            )
    return results
