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
)
from meedio_spec.kinds import KINDS

CLOSING_RULE = 15 * 60  # seconds after which an unused room or consultation closes (docs)
# A well-formed user id no user has (users are no resource kind: the API only lists them).
NO_USER = "00000000-0000-4000-8000-000000000000"


@probe("queue-isactive-string")
def queue_isactive_string(ctx: Context) -> Outcome:
    queue = ctx.created(ctx.queue(), "createQueue")
    closed = ctx.call("updateQueue", str(queue["id"]), json={"isActive": "false"})
    opened = ctx.call("updateQueue", str(queue["id"]), json={"isActive": True})
    ctx.call("deleteQueue", str(queue["id"]))
    values = [
        str((answer.json() if answer.status_code < 300 else {}).get("isActive")).lower()
        for answer in (closed, opened)
    ]
    drift = ctx.drifts(closed, opened)
    ok = values == ["false", "true"] and conforms(drift)
    return ctx.verdict(ok, f"{seen(closed)}; {seen(opened)}; {differences(drift)}", "updateQueue")


@probe("consultation-fields")
def consultation_fields(ctx: Context) -> Outcome:
    answer = ctx.meeting(type="CONSULTATION")
    body = ctx.created(answer, "createMeeting (CONSULTATION)")
    others = sorted(set(body) - {"id", "redirectUrl"})
    return ctx.verdict(
        "isInfinite" not in body,
        f"fields beyond id and redirectUrl: {others or 'none'}",
        "createMeeting",
    )


@probe("room-no-title")
def room_no_title(ctx: Context) -> Outcome:
    body = ctx.created(
        ctx.call("createRoom", json={"slug": f"probe-untitled-{ctx.run}"}), "createRoom"
    )
    return ctx.verdict("title" not in body, f"title: {body.get('title', 'absent')!r}", "createRoom")


@probe("queue-redirect-url")
def queue_redirect_url(ctx: Context) -> Outcome:
    created = ctx.queue()
    queue = ctx.created(created, "createQueue")
    got = ctx.call("getQueue", str(queue["id"]))
    updated = ctx.call("updateQueue", str(queue["id"]), json={"name": "probe renamed"})
    deleted = ctx.call("deleteQueue", str(queue["id"]))
    drift = ctx.drifts(created, got, updated, deleted)
    url = str(queue.get("redirectUrl"))
    notes = [
        f"create fields: {sorted(queue)}",
        f"URL {'is' if url.endswith('/queues/' + str(queue.get('slug'))) else 'is not'} .../queues/{{slug}} ({url})",
        f"new queue active: {queue.get('isActive')}",
        f"update/delete carry redirectUrl: {'redirectUrl' in body_of(updated)}/{'redirectUrl' in body_of(deleted)}",
        differences(drift),
    ]
    return ctx.verdict(conforms(drift), "; ".join(notes), "createQueue", "getQueue")


@probe("closing-message-absent")
def closing_message_absent(ctx: Context) -> Outcome:
    queue = ctx.created(ctx.queue(), "createQueue")
    got = ctx.call("getQueue", str(queue["id"]))
    ctx.call("deleteQueue", str(queue["id"]))
    body = body_of(got)
    return ctx.verdict(
        got.status_code == 200 and "closingMessage" not in body,
        f"closingMessage: {body.get('closingMessage', 'absent')!r}",
        "getQueue",
    )


@probe("members-replace")
def members_replace(ctx: Context) -> Outcome:
    users = body_of(ctx.call("getOrganization")).get("users") or []
    user = next((u.get("id") for u in users if isinstance(u, dict)), None)
    if user is None:
        raise NotReached("the organization lists no user id")
    queue = ctx.created(ctx.queue(), "createQueue")
    one = ctx.call("updateQueue", str(queue["id"]), json={"membersIds": [user]})
    none = ctx.call("updateQueue", str(queue["id"]), json={"membersIds": []})
    ctx.call("deleteQueue", str(queue["id"]))
    members = [[m.get("userId") for m in body_of(r).get("members") or []] for r in (one, none)]
    return ctx.verdict(
        members == [[user], []], f"members after each update: {members}", "updateQueue"
    )


@probe("members-foreign-403")
def members_foreign_403(ctx: Context) -> Outcome:
    queue = ctx.created(ctx.queue(), "createQueue")
    answer = ctx.call("updateQueue", str(queue["id"]), json={"membersIds": [NO_USER]})
    ctx.call("deleteQueue", str(queue["id"]))
    return ctx.verdict(answer.status_code == 403, seen(answer), "updateQueue")


@probe("deleted-at")
def deleted_at(ctx: Context) -> Outcome:
    """The deletion time is the spec's date-time field of ``DeletedMeeting`` (read, not assumed)."""
    meeting = ctx.created(ctx.meeting(isInfinite=False), "createMeeting")
    answer = ctx.call("deleteMeeting", str(meeting["id"]))
    body = body_of(answer)
    schema = ctx.spec.document["components"]["schemas"]["DeletedMeeting"]["properties"]
    names = [name for name, prop in schema.items() if prop.get("format") == "date-time"]
    ok = answer.status_code == 200 and any(isinstance(body.get(n), str) for n in names)
    others = sorted(set(body) - {"id", "isInfinite", "redirectUrl"})
    return ctx.verdict(
        ok,
        f"{answer.status_code}; the spec names {names}; fields beyond id, isInfinite, redirectUrl: {others}",
        "deleteMeeting",
    )


@probe("deleted-not-found")
def deleted_not_found(ctx: Context) -> Outcome:
    meeting = ctx.created(ctx.meeting(isInfinite=False), "createMeeting")
    queue = ctx.created(ctx.queue(), "createQueue")
    ctx.call("deleteMeeting", str(meeting["id"]))
    ctx.call("deleteQueue", str(queue["id"]))
    answers = [
        ctx.call("getMeeting", str(meeting["id"])),
        ctx.call("getQueue", str(queue["id"])),
    ]
    ok = [a.status_code for a in answers] == [404, 404]
    return ctx.verdict(ok, "; ".join(seen(a) for a in answers), "getMeeting", "getQueue")


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
        key = quote(_key(resource)[1], safe="")
        path = ctx.path(kind.read, key)
        answer = ctx.call(kind.read, key)
        answers.append(f"{path} -> {answer.status_code}")
        if answer.status_code == 404:
            ledger.resolve(resource.ref, "closed", "404 once the closing rule passed")
    ok = all(a.endswith("404") for a in answers)
    reads = sorted({KINDS[r.kind].read for r in due}, key=ctx.spec.label_of)
    return ctx.verdict(ok, "; ".join(answers), *reads)


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
    first = ctx.call("createRoom", json={"slug": slug})
    ctx.created(first, "createRoom")
    second = ctx.call("createRoom", json={"slug": slug})
    return ctx.verdict(second.status_code == 409, seen(second), "createRoom")


@probe("delete-consultation-403")
def delete_consultation_403(ctx: Context) -> Outcome:
    consultation = ctx.created(ctx.meeting(type="CONSULTATION"), "createMeeting (CONSULTATION)")
    answer = ctx.call("deleteMeeting", str(consultation["id"]))
    return ctx.verdict(answer.status_code == 403, seen(answer), "deleteMeeting")
