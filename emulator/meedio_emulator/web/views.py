"""Domain objects to the JSON shapes of the spec (the serialising half of moto's responses)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..domain.backend import MeedioBackend
from ..domain.models import Meeting, Organization, Queue, Room


def timestamp(seconds: float) -> str:
    """ISO 8601 in UTC with milliseconds, as JavaScript's ``toISOString`` writes it."""
    moment = datetime.fromtimestamp(seconds, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def organization(org: Organization) -> dict[str, Any]:
    return {
        "name": org.name,
        "users": [
            {"id": u.id, "fullName": u.full_name, "email": u.email, "organizationRole": u.role}
            for u in org.users
        ],
    }


def meeting(backend: MeedioBackend, m: Meeting) -> dict[str, Any]:
    body: dict[str, Any] = {"id": m.id}
    if m.type == "MEETING":
        body["isInfinite"] = m.is_infinite
    body["redirectUrl"] = backend.meeting_url(m.id)
    return body


def deleted_meeting(backend: MeedioBackend, m: Meeting, deleted_at: float) -> dict[str, Any]:
    # DECISIONS 18: the deletion time is deletedAt
    return {**meeting(backend, m), "deletedAt": timestamp(deleted_at)}


def room(backend: MeedioBackend, r: Room) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if r.title is not None:
        body["title"] = r.title
    org = backend.organizations[r.organization_id]
    body.update(slug=r.slug, organizationSlug=org.slug, redirectUrl=backend.room_url(r.slug))
    return body


def queue(backend: MeedioBackend, q: Queue) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": q.id,
        "name": q.name,
        "slug": q.slug,
        "isActive": q.is_active,
        "organizationId": q.organization_id,
    }
    if q.closing_message is not None:
        # DECISIONS 14: closingMessage is absent, not null, when never set
        body["closingMessage"] = q.closing_message
    body.update(
        type=q.type,
        members=[
            {
                "userId": m.user_id,
                "fullName": m.full_name,
                "isActive": m.is_active,
                "isAutoAccepting": m.is_auto_accepting,
                "joinedCallAt": timestamp(m.joined_call_at) if m.joined_call_at else None,
            }
            for m in q.members
        ],
        redirectUrl=backend.queue_url(q.slug),
    )
    return body
