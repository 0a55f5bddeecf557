"""Probes of what the API answers about the resources it keeps (DECISIONS 5, 10-21)."""

from __future__ import annotations

import time
from urllib.parse import quote

from meedio_contract.core.ledger import Ledger, Resource
from meedio_contract.night.probes.framework import (
    Context,
    NotReached,
    Outcome,
    body_of,
    conforms,
    differences,
    probe,
    seen,
    verdict,
)
from meedio_spec.kinds import KINDS

CLOSING_RULE = 15 * 60  # seconds after which an unused room or consultation closes (docs)


@probe("queue-isactive-string")
def queue_isactive_string(ctx: Context) -> Outcome:
    queue = ctx.created(ctx.queue(), "createQueue")
    closed = ctx.send("POST", f"/v3/rooms/queue/{queue['id']}", json={"isActive": "false"})
    opened = ctx.send("POST", f"/v3/rooms/queue/{queue['id']}", json={"isActive": True})
    ctx.send("DELETE", f"/v3/rooms/queue/{queue['id']}")
    values = [
        str((answer.json() if answer.status_code < 300 else {}).get("isActive")).lower()
        for answer in (closed, opened)
    ]
    drift = ctx.drifts(closed, opened)
    ok = values == ["false", "true"] and conforms(drift)
    return verdict(
        ok, f"{seen(closed)}; {seen(opened)}; {differences(drift)}", "POST /v3/rooms/queue/{id}"
    )


@probe("consultation-fields")
def consultation_fields(ctx: Context) -> Outcome:
    answer = ctx.meeting(type="CONSULTATION")
    body = ctx.created(answer, "createMeeting (CONSULTATION)")
    others = sorted(set(body) - {"id", "redirectUrl"})
    return verdict(
        "isInfinite" not in body,
        f"fields beyond id and redirectUrl: {others or 'none'}",
        "POST /v3/meeting",
    )


@probe("room-no-title")
def room_no_title(ctx: Context) -> Outcome:
    body = ctx.created(
        ctx.send("POST", "/v3/room", json={"slug": f"probe-untitled-{ctx.run}"}), "createRoom"
    )
    return verdict("title" not in body, f"title: {body.get('title', 'absent')!r}", "POST /v3/room")


@probe("queue-redirect-url")
def queue_redirect_url(ctx: Context) -> Outcome:
    created = ctx.queue()
    queue = ctx.created(created, "createQueue")
    path = f"/v3/rooms/queue/{queue['id']}"
    got = ctx.send("GET", path)
    updated = ctx.send("POST", path, json={"name": "probe renamed"})
    deleted = ctx.send("DELETE", path)
    drift = ctx.drifts(created, got, updated, deleted)
    url = str(queue.get("redirectUrl"))
    notes = [
        f"create fields: {sorted(queue)}",
        f"URL {'is' if url.endswith('/queues/' + str(queue.get('slug'))) else 'is not'} .../queues/{{slug}} ({url})",
        f"new queue active: {queue.get('isActive')}",
        f"update/delete carry redirectUrl: {'redirectUrl' in body_of(updated)}/{'redirectUrl' in body_of(deleted)}",
        differences(drift),
    ]
    return verdict(
        conforms(drift), "; ".join(notes), "POST /v3/rooms/queue", "GET /v3/rooms/queue/{id}"
    )


@probe("closing-message-absent")
def closing_message_absent(ctx: Context) -> Outcome:
    queue = ctx.created(ctx.queue(), "createQueue")
    got = ctx.send("GET", f"/v3/rooms/queue/{queue['id']}")
    ctx.send("DELETE", f"/v3/rooms/queue/{queue['id']}")
    body = body_of(got)
    return verdict(
        got.status_code == 200 and "closingMessage" not in body,
        f"closingMessage: {body.get('closingMessage', 'absent')!r}",
        "GET /v3/rooms/queue/{id}",
    )


@probe("members-replace")
def members_replace(ctx: Context) -> Outcome:
    users = body_of(ctx.send("GET", "/v3/organizations")).get("users") or []
    user = next((u.get("id") for u in users if isinstance(u, dict)), None)
    if user is None:
        raise NotReached("the organization lists no user id")
    queue = ctx.created(ctx.queue(), "createQueue")
    path = f"/v3/rooms/queue/{queue['id']}"
    one = ctx.send("POST", path, json={"membersIds": [user]})
    none = ctx.send("POST", path, json={"membersIds": []})
    ctx.send("DELETE", path)
    members = [[m.get("userId") for m in body_of(r).get("members") or []] for r in (one, none)]
    return verdict(
        members == [[user], []],
        f"members after each update: {members}",
        "POST /v3/rooms/queue/{id}",
    )


@probe("members-foreign-403")
def members_foreign_403(ctx: Context) -> Outcome:
    queue = ctx.created(ctx.queue(), "createQueue")
    path = f"/v3/rooms/queue/{queue['id']}"
    answer = ctx.send("POST", path, json={"membersIds": ["00000000-0000-4000-8000-000000000000"]})
    ctx.send("DELETE", path)
    return verdict(answer.status_code == 403, seen(answer), "POST /v3/rooms/queue/{id}")


@probe("deleted-at")
def deleted_at(ctx: Context) -> Outcome:
    """The deletion time is the spec's date-time field of ``DeletedMeeting`` (read, not assumed)."""
    meeting = ctx.created(ctx.meeting(isInfinite=False), "createMeeting")
    answer = ctx.send("DELETE", f"/v3/meeting/{meeting['id']}")
    body = body_of(answer)
    schema = ctx.spec.document["components"]["schemas"]["DeletedMeeting"]["properties"]
    names = [name for name, prop in schema.items() if prop.get("format") == "date-time"]
    ok = answer.status_code == 200 and any(isinstance(body.get(n), str) for n in names)
    others = sorted(set(body) - {"id", "isInfinite", "redirectUrl"})
    return verdict(
        ok,
        f"{answer.status_code}; the spec names {names}; fields beyond id, isInfinite, redirectUrl: {others}",
        "DELETE /v3/meeting/{id}",
    )


@probe("deleted-not-found")
def deleted_not_found(ctx: Context) -> Outcome:
    meeting = ctx.created(ctx.meeting(isInfinite=False), "createMeeting")
    queue = ctx.created(ctx.queue(), "createQueue")
    ctx.send("DELETE", f"/v3/meeting/{meeting['id']}")
    ctx.send("DELETE", f"/v3/rooms/queue/{queue['id']}")
    answers = [
        ctx.send("GET", f"/v3/meeting/{meeting['id']}"),
        ctx.send("GET", f"/v3/rooms/queue/{queue['id']}"),
    ]
    ok = [a.status_code for a in answers] == [404, 404]
    return verdict(
        ok, "; ".join(seen(a) for a in answers), "GET /v3/meeting/{id}", "GET /v3/rooms/queue/{id}"
    )


@probe("closed-not-found")
def closed_not_found(ctx: Context) -> Outcome:
    """Rooms and consultations of earlier runs, once the closing rule has passed for them.

    Only the latest create of a name is evidence: a room that tonight's suite re-created with
    an earlier night's slug (the spec's examples, ``my.room``) is tonight's, open, and says
    nothing about whether the earlier one closed.
    """
    if ctx.ledger is None:
        raise NotReached("no ledger")
    ledger = Ledger.load(ctx.ledger)
    latest = latest_creates(ledger)
    due = [
        r
        for r in ledger.expiring()
        if latest.get(_key(r)) is r and time.time() - r.since > CLOSING_RULE + 60
    ][:5]
    if not due:
        return Outcome(
            "not reached", "no room or consultation of an earlier run is 15 minutes old yet"
        )
    answers = []
    for resource in due:
        kind = KINDS[resource.kind]
        path = kind.path_to(kind.read_path, quote(_key(resource)[1], safe=""))
        answer = ctx.send("GET", path)
        answers.append(f"{path} -> {answer.status_code}")
        if answer.status_code == 404:
            ledger.resolve(resource.ref, "closed", "404 once the closing rule passed")
    ok = all(a.endswith("404") for a in answers)
    reads = sorted({f"GET {KINDS[r.kind].read_path}" for r in due})
    return verdict(ok, "; ".join(answers), *reads)


def _key(resource: Resource) -> tuple[str, str]:
    return resource.kind, resource.id or resource.name or ""


def latest_creates(ledger: Ledger) -> dict[tuple[str, str], Resource]:
    """For each (kind, name) the last create that may have made it (any create not refused)."""
    latest: dict[tuple[str, str], Resource] = {}
    for resource in sorted(ledger.resources.values(), key=lambda r: r.since):
        if resource.state != "gone" and _key(resource)[1]:
            latest[_key(resource)] = resource
    return latest


@probe("duplicate-409")
def duplicate_409(ctx: Context) -> Outcome:
    slug = f"probe-twice-{ctx.run}"
    first = ctx.send("POST", "/v3/room", json={"slug": slug})
    ctx.created(first, "createRoom")
    second = ctx.send("POST", "/v3/room", json={"slug": slug})
    return verdict(second.status_code == 409, seen(second), "POST /v3/room")


@probe("delete-consultation-403")
def delete_consultation_403(ctx: Context) -> Outcome:
    consultation = ctx.created(ctx.meeting(type="CONSULTATION"), "createMeeting (CONSULTATION)")
    answer = ctx.send("DELETE", f"/v3/meeting/{consultation['id']}")
    return verdict(answer.status_code == 403, seen(answer), "DELETE /v3/meeting/{id}")
