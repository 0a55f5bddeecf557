"""One handler per Meedio operationId: unpack the validated request, call the backend, view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..domain.backend import MeedioBackend
from ..domain.models import Organization
from . import views

Answer = tuple[int, dict[str, Any]]
Handler = Callable[[MeedioBackend, Organization, dict[str, str], Any], Answer]


def _bool(value: Any) -> bool | None:
    """The spec allows a boolean or the strings "true"/"false" (the docs' update example)."""
    # DECISIONS 5: isActive is a boolean or the strings "true"/"false"
    if value is None or isinstance(value, bool):
        return value
    return str(value) == "true"


def get_organization(b: MeedioBackend, org: Organization, _: dict[str, str], __: Any) -> Answer:
    return 200, views.organization(org)


def create_meeting(b: MeedioBackend, org: Organization, _: dict[str, str], body: Any) -> Answer:
    meeting = b.create_meeting(
        org,
        owner_email=body.get("ownerEmail"),
        meeting_type=body.get("type"),
        is_infinite=body.get("isInfinite"),
        meeting_id=body.get("meetingId"),
    )
    # DECISIONS 16: creates answer 200 or 201; the emulator answers 201
    return 201, views.meeting(b, meeting)


def get_meeting(b: MeedioBackend, org: Organization, params: dict[str, str], _: Any) -> Answer:
    return 200, views.meeting(b, b.get_meeting(org, params["id"]))


def delete_meeting(b: MeedioBackend, org: Organization, params: dict[str, str], _: Any) -> Answer:
    meeting, deleted_at = b.delete_meeting(org, params["id"])
    return 200, views.deleted_meeting(b, meeting, deleted_at)


def create_room(b: MeedioBackend, org: Organization, _: dict[str, str], body: Any) -> Answer:
    room = b.create_room(org, slug=body["slug"], title=body.get("title"))
    return 201, views.room(b, room)


def get_room(b: MeedioBackend, org: Organization, params: dict[str, str], _: Any) -> Answer:
    return 200, views.room(b, b.get_room(org, params["slug"]))


def create_queue(b: MeedioBackend, org: Organization, _: dict[str, str], body: Any) -> Answer:
    queue = b.create_queue(
        org,
        name=body["name"],
        slug=body["slug"],
        queue_type=body["type"],
        closing_message=body.get("closingMessage"),
    )
    return 201, views.queue(b, queue)


def get_queue(b: MeedioBackend, org: Organization, params: dict[str, str], _: Any) -> Answer:
    return 200, views.queue(b, b.get_queue(org, params["id"]))


def update_queue(b: MeedioBackend, org: Organization, params: dict[str, str], body: Any) -> Answer:
    queue = b.update_queue(
        org,
        params["id"],
        name=body.get("name"),
        slug=body.get("slug"),
        queue_type=body.get("type"),
        closing_message=body.get("closingMessage"),
        members_ids=body.get("membersIds"),
        is_active=_bool(body.get("isActive")),
    )
    return 200, views.queue(b, queue)


def delete_queue(b: MeedioBackend, org: Organization, params: dict[str, str], _: Any) -> Answer:
    return 200, views.queue(b, b.delete_queue(org, params["id"]))


HANDLERS: dict[str, Handler] = {
    "getOrganization": get_organization,
    "createMeeting": create_meeting,
    "getMeeting": get_meeting,
    "deleteMeeting": delete_meeting,
    "createRoom": create_room,
    "getRoom": get_room,
    "createQueue": create_queue,
    "getQueue": get_queue,
    "updateQueue": update_queue,
    "deleteQueue": delete_queue,
}
