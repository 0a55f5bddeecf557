"""Probes of what requests the API accepts (DECISIONS 3-9, 29-31, 33)."""

from __future__ import annotations

import gzip
import json
import uuid

from meedio_contract.night.probes.framework import Context, Outcome, probe, seen


@probe("room-form-body")
def room_form_body(ctx: Context) -> Outcome:
    form = ctx.call(
        "createRoom",
        content=f"slug=probe-form-{ctx.run}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    mislabelled = ctx.call(
        "createRoom",
        content=f"title=title-example&slug=probe-label-{ctx.run}",
        headers={"Content-Type": "application/json"},
    )
    ok = 200 <= form.status_code < 300 and mislabelled.status_code == 400
    return ctx.verdict(ok, f"{seen(form)}; {seen(mislabelled)}", "createRoom")


@probe("unsupported-media-type")
def unsupported_media_type(ctx: Context) -> Outcome:
    answer = ctx.call("createRoom", content="slug=x", headers={"Content-Type": "text/plain"})
    return ctx.verdict(answer.status_code == 415, seen(answer), "createRoom")


@probe("gzip-body")
def gzip_body(ctx: Context) -> Outcome:
    """DECISIONS 33: a body with a content coding is refused (415), not inflated."""
    body = gzip.compress(json.dumps({"slug": f"probe-gzip-{ctx.run}"}).encode())
    answer = ctx.call(
        "createRoom",
        content=body,
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    return ctx.verdict(answer.status_code == 415, seen(answer), "createRoom")


@probe("meeting-type-case")
def meeting_type_case(ctx: Context) -> Outcome:
    lower = ctx.meeting(type="meeting")
    other = ctx.meeting(type="webinar")
    ok = 200 <= lower.status_code < 300 and other.status_code == 400
    return ctx.verdict(ok, f"{seen(lower)}; {seen(other)}", "createMeeting")


@probe("meeting-id-v4")
def meeting_id_v4(ctx: Context) -> Outcome:
    answer = ctx.meeting(meetingId=str(uuid.uuid1()))
    return ctx.verdict(answer.status_code == 400, seen(answer), "createMeeting")


@probe("consultation-infinite")
def consultation_infinite(ctx: Context) -> Outcome:
    answer = ctx.meeting(type="CONSULTATION", isInfinite=False)
    return ctx.verdict(answer.status_code == 400, seen(answer), "createMeeting")


@probe("foreign-owner-403")
def foreign_owner_403(ctx: Context) -> Outcome:
    answer = ctx.meeting(ownerEmail="nobody@example.invalid")
    return ctx.verdict(answer.status_code == 403, seen(answer), "createMeeting")


@probe("owner-email-missing")
def owner_email_missing(ctx: Context) -> Outcome:
    answer = ctx.call("createMeeting", json={"meetingId": str(uuid.uuid4())})
    kind = "a basic organization" if answer.status_code < 300 else "a medical organization"
    ok = answer.status_code == 400 or 200 <= answer.status_code < 300
    return ctx.verdict(ok, f"{seen(answer)} ({kind})" if ok else seen(answer), "createMeeting")


@probe("slug-charset")
def slug_charset(ctx: Context) -> Outcome:
    unreserved = ctx.call("createRoom", json={"slug": f"probe.slug~{ctx.run}"})
    spaced = ctx.call("createRoom", json={"slug": f"probe slug {ctx.run}"})
    ok = 200 <= unreserved.status_code < 300 and spaced.status_code == 400
    return ctx.verdict(ok, f"{seen(unreserved)}; {seen(spaced)}", "createRoom")


@probe("empty-name")
def empty_name(ctx: Context) -> Outcome:
    answer = ctx.queue(name="")
    ok = answer.status_code == 400 or 200 <= answer.status_code < 300
    return ctx.verdict(ok, f"{seen(answer)} (information: either is allowed)", "createQueue")
