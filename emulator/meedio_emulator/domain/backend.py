"""``MeedioBackend``: every Meedio operation as a method on plain values (moto's backend).

Methods take an ``Organization`` (who is asking, already authenticated) and plain
arguments already validated against the spec; they apply the docs' rules, raise
``errors.MeedioDomainError`` subclasses, and write changes through to the store.
"""

from __future__ import annotations

import hmac
import random
import uuid
from collections.abc import Callable, Mapping
from dataclasses import asdict
from typing import Any

from . import errors
from .clock import Clock
from .models import (
    ApiKey,
    Meeting,
    MeetingType,
    Organization,
    Presence,
    Queue,
    QueueMember,
    QueueType,
    Room,
)
from .ratelimit import RateLimiter
from .seed import Seed, hash_secret
from .store import MemoryStore, Store

_KINDS = ("meeting", "room", "queue")


class MeedioBackend:
    """All emulated state, its rules, and a single ``reset()``."""

    def __init__(
        self,
        seed: Seed,
        clock: Clock,
        store: Store | None = None,
        rate_limit: int | None = 1000,
    ) -> None:
        self.seed = seed
        self.clock = clock
        self.store: Store = store or MemoryStore()
        self.rate_limiter = RateLimiter(clock, rate_limit)
        self.organizations = {org.id: org for org in seed.organizations}
        self.keys: dict[str, ApiKey] = {key.key: key for key in seed.keys}
        self._random = random.Random(seed.random_seed)  # noqa: S311 - ids, not secrets
        self._object_counter = self._random.randrange(1 << 24)
        self.meetings: dict[str, Meeting] = {}
        self.rooms: dict[str, Room] = {}
        self.queues: dict[str, Queue] = {}
        self._load()

    # -- state ---------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget every meeting, room, queue and rate-limit count (organizations stay)."""
        self.meetings.clear()
        self.rooms.clear()
        self.queues.clear()
        self.rate_limiter.reset()
        self.store.clear()

    def _load(self) -> None:
        documents = self.store.load()
        for key, doc in documents.get("meeting", {}).items():
            doc["presence"] = Presence(**doc["presence"])
            self.meetings[key] = Meeting(**doc)
        for key, doc in documents.get("room", {}).items():
            doc["presence"] = Presence(**doc["presence"])
            self.rooms[key] = Room(**doc)
        for key, doc in documents.get("queue", {}).items():
            doc["members"] = [QueueMember(**m) for m in doc["members"]]
            self.queues[key] = Queue(**doc)

    def _save(self, kind: str, key: str, obj: Meeting | Room | Queue) -> None:
        self.store.put(kind, key, asdict(obj))

    def snapshot(self) -> dict[str, Any]:
        """Everything, as JSON-ready data (the control plane's state dump)."""
        now = self.clock.now()
        return {
            "clock": now,
            "organizations": [
                {"id": o.id, "name": o.name, "slug": o.slug, "kind": o.kind}
                for o in self.organizations.values()
            ],
            "meetings": [{**asdict(m), "open": m.is_open(now)} for m in self.meetings.values()],
            "rooms": [{**asdict(r), "open": r.presence.is_open(now)} for r in self.rooms.values()],
            "queues": [asdict(q) for q in self.queues.values()],
        }

    # -- ids -----------------------------------------------------------------------------

    def _uuid4(self) -> str:
        return str(uuid.UUID(int=self._random.getrandbits(128), version=4))

    @staticmethod
    def _unused(draw: Callable[[], str], taken: Mapping[str, object]) -> str:
        """Draw ids until one is free: a restart with ``--db`` and a fixed seed redraws old ids."""
        candidate = draw()
        while candidate in taken:
            candidate = draw()
        return candidate

    def _object_id(self) -> str:
        """A MongoDB ObjectId: 4 bytes of time, 5 random bytes, a 3-byte counter."""
        self._object_counter = (self._object_counter + 1) % (1 << 24)
        return (
            f"{int(self.clock.now()) & 0xFFFFFFFF:08x}"
            f"{self._random.getrandbits(40):010x}{self._object_counter:06x}"
        )

    # -- auth ----------------------------------------------------------------------------

    def authenticate(self, api_key: str | None, api_secret: str | None) -> Organization:
        """The organization of a valid, unexpired key pair; ``Unauthorized`` otherwise."""
        if not api_key or not api_secret:
            raise errors.Unauthorized("Unauthorized: send both the API_KEY and API_SECRET headers")
        key = self.keys.get(api_key)
        # Compare a digest even for an unknown key, so timing does not tell keys apart.
        expected = key.secret_sha256 if key else hash_secret("")
        if not hmac.compare_digest(expected, hash_secret(api_secret)) or key is None:
            raise errors.Unauthorized("Unauthorized: the API credentials are wrong")
        if key.expired(self.clock.now()):
            raise errors.Unauthorized("Unauthorized: the API key has expired")
        self.rate_limiter.hit(key.key)
        return self.organizations[key.organization_id]

    # -- meetings ------------------------------------------------------------------------

    def meeting_url(self, meeting_id: str) -> str:
        return f"{self.seed.app_url}/meetings/{meeting_id}"

    def _open_meeting(self, meeting_id: str) -> Meeting | None:
        """The meeting if it exists and is still open; a closed one is dropped."""
        meeting = self.meetings.get(meeting_id)
        if meeting is not None and not meeting.is_open(self.clock.now()):
            del self.meetings[meeting_id]
            self.store.delete("meeting", meeting_id)
            return None
        return meeting

    def create_meeting(
        self,
        org: Organization,
        *,
        owner_email: str | None,
        meeting_type: str | None,
        is_infinite: bool | None,
        meeting_id: str | None,
    ) -> Meeting:
        kind: MeetingType = (
            "CONSULTATION" if (meeting_type or "MEETING").upper() == "CONSULTATION" else "MEETING"
        )
        if kind == "CONSULTATION" and is_infinite is not None:
            raise errors.InvalidRequest(
                "isInfinite: a CONSULTATION cannot be long-lasting; do not send isInfinite"
            )
        if owner_email is None:
            if org.kind == "medical":
                raise errors.InvalidRequest("ownerEmail: required for a medical organization")
        elif org.user_by_email(owner_email) is None:
            raise errors.Forbidden(
                f"ownerEmail: {owner_email!r} is not a user of your organization"
            )
        if meeting_id is not None:
            meeting_id = meeting_id.lower()
            existing = self._open_meeting(meeting_id)
            if existing is not None:
                if existing.organization_id != org.id:
                    raise errors.Forbidden("meetingId: this id belongs to another organization")
                raise errors.Conflict(f"meetingId: a meeting with id {meeting_id} already exists")
        else:
            meeting_id = self._unused(self._uuid4, self.meetings)
        meeting = Meeting(
            id=meeting_id,
            organization_id=org.id,
            type=kind,
            is_infinite=bool(is_infinite) if kind == "MEETING" else False,
            owner_email=owner_email,
            presence=Presence(created_at=self.clock.now()),
        )
        self.meetings[meeting.id] = meeting
        self._save("meeting", meeting.id, meeting)
        return meeting

    def get_meeting(self, org: Organization, meeting_id: str) -> Meeting:
        meeting = self._open_meeting(meeting_id.lower())
        if meeting is None or meeting.organization_id != org.id:
            raise errors.NotFound(f"Meeting {meeting_id} was not found")
        return meeting

    def delete_meeting(self, org: Organization, meeting_id: str) -> tuple[Meeting, float]:
        """Delete a MEETING, kicking out its participants; returns it and the deletion time."""
        meeting = self.get_meeting(org, meeting_id)
        if meeting.type != "MEETING":
            raise errors.Forbidden("Meeting deletion only works on meetings of type MEETING")
        deleted_at = self.clock.now()
        meeting.presence.participants.clear()
        del self.meetings[meeting.id]
        self.store.delete("meeting", meeting.id)
        return meeting, deleted_at

    # -- rooms ---------------------------------------------------------------------------

    def room_url(self, slug: str) -> str:
        return f"{self.seed.app_url}/{slug}"

    def _open_room(self, slug: str) -> Room | None:
        room = self.rooms.get(slug)
        if room is not None and not room.presence.is_open(self.clock.now()):
            del self.rooms[slug]
            self.store.delete("room", slug)
            return None
        return room

    def create_room(self, org: Organization, *, slug: str, title: str | None) -> Room:
        existing = self._open_room(slug)
        if existing is not None:
            if existing.organization_id != org.id:
                raise errors.Forbidden(f"slug: {slug!r} belongs to another organization")
            raise errors.Conflict(f"slug: a room {slug!r} already exists")
        room = Room(
            slug=slug,
            organization_id=org.id,
            title=title,
            presence=Presence(created_at=self.clock.now()),
        )
        self.rooms[slug] = room
        self._save("room", slug, room)
        return room

    def get_room(self, org: Organization, slug: str) -> Room:
        room = self._open_room(slug)
        if room is None or room.organization_id != org.id:
            raise errors.NotFound(f"Room {slug!r} was not found")
        return room

    # -- queues --------------------------------------------------------------------------

    def queue_url(self, slug: str) -> str:
        return f"{self.seed.app_url}/queues/{slug}"

    def _check_queue_slug(self, org: Organization, slug: str, queue_id: str | None) -> None:
        for other in self.queues.values():
            if other.slug == slug and other.id != queue_id:
                if other.organization_id != org.id:
                    raise errors.Forbidden(f"slug: {slug!r} belongs to another organization")
                raise errors.Conflict(f"slug: a queue {slug!r} already exists")

    def create_queue(
        self,
        org: Organization,
        *,
        name: str,
        slug: str,
        queue_type: QueueType,
        closing_message: str | None,
    ) -> Queue:
        self._check_queue_slug(org, slug, None)
        queue_id = self._unused(self._object_id, self.queues)
        queue = Queue(
            id=queue_id,
            organization_id=org.id,
            name=name,
            slug=slug,
            type=queue_type,
            # "Once you create a queue, it will be open for members and clients to join."
            is_active=True,
            closing_message=closing_message,
            members=[],
        )
        self.queues[queue.id] = queue
        self._save("queue", queue.id, queue)
        return queue

    def get_queue(self, org: Organization, queue_id: str) -> Queue:
        queue = self.queues.get(queue_id)
        if queue is None or queue.organization_id != org.id:
            raise errors.NotFound(f"Queue {queue_id} was not found")
        return queue

    def update_queue(
        self,
        org: Organization,
        queue_id: str,
        *,
        name: str | None = None,
        slug: str | None = None,
        queue_type: QueueType | None = None,
        closing_message: str | None = None,
        members_ids: list[str] | None = None,
        is_active: bool | None = None,
    ) -> Queue:
        queue = self.get_queue(org, queue_id)
        members = None
        if members_ids is not None:
            members = []
            for user_id in dict.fromkeys(members_ids):  # a repeated id is one membership
                user = org.user_by_id(user_id)
                if user is None:
                    raise errors.Forbidden(
                        f"membersIds: {user_id} is not a user of your organization"
                    )
                previous = next((m for m in queue.members if m.user_id == user.id), None)
                members.append(previous or QueueMember(user_id=user.id, full_name=user.full_name))
        if slug is not None:
            self._check_queue_slug(org, slug, queue.id)
        # Every check passed: apply all changes at once, so a rejected update changes nothing.
        queue.name = name if name is not None else queue.name
        queue.slug = slug if slug is not None else queue.slug
        queue.type = queue_type if queue_type is not None else queue.type
        if closing_message is not None:
            queue.closing_message = closing_message
        if members is not None:
            queue.members = members
        if is_active is not None:
            queue.is_active = is_active
        self._save("queue", queue.id, queue)
        return queue

    def delete_queue(self, org: Organization, queue_id: str) -> Queue:
        queue = self.get_queue(org, queue_id)
        del self.queues[queue.id]
        self.store.delete("queue", queue.id)
        return queue

    # -- people (the control plane) ------------------------------------------------------

    def _presence(self, kind: str, key: str) -> tuple[Meeting | Room, Presence]:
        target: Meeting | Room | None = (
            self._open_meeting(key.lower()) if kind == "meeting" else self._open_room(key)
        )
        if target is None:
            raise errors.NotFound(f"{kind.capitalize()} {key} was not found or has closed")
        return target, target.presence

    def join(self, kind: str, key: str) -> str:
        """A participant joins an open meeting or room; returns the participant's id."""
        target, presence = self._presence(kind, key)
        participant = self._uuid4()
        presence.participants[participant] = self.clock.now()
        self._save(kind, key.lower() if kind == "meeting" else key, target)
        return participant

    def leave(self, kind: str, key: str, participant_id: str) -> None:
        target, presence = self._presence(kind, key)
        if presence.participants.pop(participant_id, None) is None:
            raise errors.NotFound(f"Participant {participant_id} is not in {kind} {key}")
        if not presence.participants:
            presence.last_left_at = self.clock.now()
        self._save(kind, key.lower() if kind == "meeting" else key, target)
