"""``MeedioBackend``: every Meedio operation as a method on plain values (moto's backend).

Methods take an ``Organization`` (who is asking, already authenticated) and plain
arguments already validated against the spec; they apply the docs' rules, raise
``errors.MeedioDomainError`` subclasses, and write changes through to the store.
"""

from __future__ import annotations

import contextlib
import hmac
import random
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from . import errors
from . import seed as seeds
from .clock import CEILING, Clock
from .ids import unused
from .models import (
    ApiKey,
    Meeting,
    MeetingType,
    Organization,
    Presence,
    Queue,
    Room,
)
from .queues import QueueOperations
from .ratelimit import RateLimiter
from .seed import Seed, hash_secret
from .store import MemoryStore, Store, StoreError
from .tables import Tables, Transaction
from .text import without_lone_surrogates

_NONE_TAKEN: tuple[ApiKey | None, str] = (None, "")
# A version 4 UUID's fixed bits (RFC 4122): version 4, variant 10.
_UUID_KEEP = ~(0xF000 << 64) & ~(0xC000 << 48)
_UUID_SET = (0x4000 << 64) | (0x8000 << 48)


class MeedioBackend(QueueOperations):
    """All emulated state, its rules, and a single ``reset()``.

    Call the operations inside ``transaction()`` (the web layer does, once per request) so
    that a request that fails changes nothing.
    """

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
        self.tables = Tables(self.store)
        self._transaction = self.tables.transaction()  # one for every block (``Transaction``)
        self.rate_limiter = RateLimiter(clock, rate_limit)
        self.organizations = {org.id: org for org in seed.organizations}
        self.keys: dict[str, ApiKey] = {key.key: key for key in seed.keys}
        # A secret each key took before (ASCII): the next request with it is compared to it,
        # in constant time, without hashing again (a SHA-256 is 3.6k of 93k instructions
        # of an in-process GET). Kept with its key, so a key that changes is checked anew.
        self._taken: dict[str, tuple[ApiKey, str]] = {}
        self._random = random.Random(seed.random_seed)  # noqa: S311 - ids, not secrets
        self._object_counter = self._random.randrange(1 << 24)
        self.meetings = self.tables.meetings
        self.rooms = self.tables.rooms
        self.queues = self.tables.queues
        self.docs_examples = False
        self._load()

    # -- state ---------------------------------------------------------------------------

    def transaction(self) -> Transaction:
        """One request's changes: all committed at the block's end, or none (see ``Tables``)."""
        return self._transaction

    def reset(self) -> None:
        """Forget every meeting, room, queue, rate-limit count and added organization, and
        rewind the clock."""
        self.organizations = {org.id: org for org in self.seed.organizations}
        self.keys = {key.key: key for key in self.seed.keys}
        with self.transaction():
            self.tables.clear()
        self.rate_limiter.reset()
        self.clock.rewind()
        if self.docs_examples:
            self.seed_docs_examples()

    def seed_docs_examples(self) -> None:
        """Hold the docs' example meeting, room and queue (again after every ``reset``).

        They belong to the organization of the docs' key pair: a long-lasting MEETING (so it
        never closes), the room ``room-slug-example`` (closes 15 minutes after creation while
        empty, as any room), the WAITING_ROOM queue ``63da43d5928cb848430b8da5``. Those that
        exist already (a ``--db`` from an earlier run) are kept as they are.
        """
        key = self.keys.get(seeds.DOCS_API_KEY)
        if key is None:
            raise errors.InvalidRequest("docs examples: the docs' API key is not configured")
        org = self.organizations[key.organization_id]
        owner = org.users[0].email if org.users else None
        self.docs_examples = True
        with self.transaction():
            if self._open_meeting(seeds.DOCS_MEETING_ID) is None:
                self.create_meeting(
                    org,
                    owner_email=owner,
                    meeting_type="MEETING",
                    is_infinite=True,
                    meeting_id=seeds.DOCS_MEETING_ID,
                )
            if self._open_room(seeds.DOCS_ROOM_SLUG) is None:
                self.create_room(org, slug=seeds.DOCS_ROOM_SLUG, title=seeds.DOCS_ROOM_TITLE)
            if seeds.DOCS_QUEUE_ID not in self.queues:
                self.create_queue(
                    org,
                    name=seeds.DOCS_QUEUE_NAME,
                    slug=seeds.DOCS_QUEUE_SLUG,
                    queue_type="WAITING_ROOM",
                    closing_message=None,
                    queue_id=seeds.DOCS_QUEUE_ID,
                )

    def add_organizations(self, extra: Seed) -> None:
        """Organizations and their keys beside the start-up ones, until the next ``reset``."""
        replaced = {org.id for org in extra.organizations}
        for key in extra.keys:
            known = self.keys.get(key.key)
            if known is not None and known.organization_id not in replaced:
                raise errors.Conflict(f"apiKey {key.key} already belongs to another organization")
        self.organizations.update({org.id: org for org in extra.organizations})
        self.keys.update({key.key: key for key in extra.keys})

    def _load(self) -> None:
        """Adopt what the store holds; a row that cannot be read is a ``StoreError``."""
        loaders: dict[str, Callable[[dict[str, Any]], Meeting | Room | Queue]] = {
            "meeting": Meeting.from_document,
            "room": Room.from_document,
            "queue": Queue.from_document,
        }
        for kind, documents in self.store.load().items():
            if kind not in loaders:
                raise StoreError(f"row {kind}/...: unknown kind {kind!r}")
            for key, document in documents.items():
                try:
                    item = loaders[kind](without_lone_surrogates(document))
                except (KeyError, TypeError, ValueError, AttributeError) as exc:
                    raise StoreError(f"row {kind}/{key} is malformed: {exc!r}") from None
                self.tables.adopt(kind, without_lone_surrogates(key), item)

    def advance_clock(self, seconds: float) -> None:
        """Move the clock forward, never past ``CEILING``, and drop what has closed since."""
        now = self.clock.now()
        if now + seconds >= CEILING:
            raise errors.InvalidRequest(
                f"seconds: the clock cannot pass the year 9999; at most {CEILING - now:.0f} "
                "more seconds (POST /_emulator/reset rewinds it)"
            )
        self.clock.advance(seconds)
        self.tables.on_undo(lambda: self.clock.advance(-seconds))
        self.sweep()

    def sweep(self) -> None:
        """Drop the meetings and rooms that have closed (cheap when nothing is due).

        If the database refuses the deletions they wait for a later sweep: reads treat a
        closed resource as absent anyway, so no request fails for it.
        """
        due = self.tables.next_closing()
        if due is not None and due <= self.clock.now():
            with contextlib.suppress(errors.StorageFailure), self.transaction():
                self.tables.sweep(self.clock.now())

    def snapshot_parts(self) -> dict[str, Any]:
        """The state dump's parts: scalars, and lists of objects (a consistent shallow copy)."""
        return {
            "clock": self.clock.now(),
            "organizations": [
                {
                    "id": o.id,
                    "name": o.name,
                    "slug": o.slug,
                    "kind": o.kind,
                    # who may own meetings (never a key: those stay out of every answer)
                    "users": [
                        {"id": u.id, "fullName": u.full_name, "email": u.email, "role": u.role}
                        for u in o.users
                    ],
                }
                for o in self.organizations.values()
            ],
            "meetings": list(self.meetings.values()),
            "rooms": list(self.rooms.values()),
            "queues": list(self.queues.values()),
        }

    # -- ids -----------------------------------------------------------------------------

    def _uuid4(self) -> str:
        """``str(uuid.UUID(int=bits, version=4))``, without building a ``UUID`` (hot path):
        the version and variant bits set in one step each, the digits by ``bytes.hex``."""
        h = ((self._random.getrandbits(128) & _UUID_KEEP) | _UUID_SET).to_bytes(16).hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    _unused = staticmethod(unused)

    # -- auth ----------------------------------------------------------------------------

    def authenticate(self, api_key: str | None, api_secret: str | None) -> Organization:
        """The organization of a valid, unexpired key pair; ``Unauthorized`` otherwise."""
        if not api_key or not api_secret:
            # DECISIONS 27: a missing, wrong or expired key or secret is 401
            raise errors.Unauthorized("Unauthorized: send both the API_KEY and API_SECRET headers")
        key = self.keys.get(api_key)
        # Every pair is compared with a secret taken before (an empty one for a key with
        # none, or unknown), so a known and an unknown key take the same steps (DECISIONS).
        taken_key, taken_secret = self._taken.get(api_key, _NONE_TAKEN)
        same = api_secret.isascii() and hmac.compare_digest(taken_secret, api_secret)
        if not same or key is None or taken_key is not key:
            # Compare a digest even for an unknown key, so timing does not tell keys apart.
            expected = key.secret_sha256 if key else hash_secret("")
            if not hmac.compare_digest(expected, hash_secret(api_secret)) or key is None:
                raise errors.Unauthorized("Unauthorized: the API credentials are wrong")
            if api_secret.isascii():
                self._taken[api_key] = (key, api_secret)
        if key.expires_at is not None and key.expired(self.clock.now()):  # most never expire
            raise errors.Unauthorized("Unauthorized: the API key has expired")
        self.rate_limiter.hit(key.key)
        return self.organizations[key.organization_id]

    # -- meetings ------------------------------------------------------------------------

    def meeting_url(self, meeting_id: str) -> str:
        return f"{self.seed.app_url}/meetings/{meeting_id}"

    def _open_meeting(self, meeting_id: str) -> Meeting | None:
        """The meeting if it exists and is still open (``sweep`` drops closed ones)."""
        meeting = self.meetings.get(meeting_id)
        if meeting is not None and not meeting.is_open(self.clock.now()):
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
            # DECISIONS 6: `type` is case-insensitive and defaults to MEETING
            "CONSULTATION" if (meeting_type or "MEETING").upper() == "CONSULTATION" else "MEETING"
        )
        # DECISIONS 8: a CONSULTATION with isInfinite is 400, whatever its value
        if kind == "CONSULTATION" and is_infinite is not None:
            raise errors.InvalidRequest(
                "isInfinite: a CONSULTATION cannot be long-lasting; do not send isInfinite"
            )
        if owner_email is None:
            if org.kind == "medical":
                # DECISIONS 9: ownerEmail is required for medical organizations only
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
                    # DECISIONS 20: a duplicate is 409 in your organization, 403 across
                    raise errors.Forbidden("meetingId: this id belongs to another organization")
                raise errors.Conflict(f"meetingId: a meeting with id {meeting_id} already exists")
        else:
            meeting_id = self._unused(self._uuid4, self.meetings)
        # Positional (id, organization_id, type, is_infinite, owner_email, presence): a
        # call with keywords costs a create 3k instructions more.
        meeting = Meeting(
            meeting_id,
            org.id,
            kind,
            bool(is_infinite) if kind == "MEETING" else False,
            owner_email,
            Presence(self.clock.now(), {}),  # created_at, participants
        )
        return self.tables.put("meeting", meeting.id, meeting)

    def get_meeting(self, org: Organization, meeting_id: str) -> Meeting:
        # ``_open_meeting``, written out (every GET): no clock read for one that never closes
        meeting = self.meetings.get(meeting_id.lower())
        if (
            meeting is None
            or meeting.organization_id != org.id
            or not (meeting.never_closes() or meeting.presence.is_open(self.clock.now()))
        ):
            # DECISIONS 19: closed and deleted meetings are 404
            raise errors.NotFound(f"Meeting {meeting_id} was not found")
        return meeting

    def delete_meeting(self, org: Organization, meeting_id: str) -> tuple[Meeting, float]:
        """Delete a MEETING, kicking out its participants; returns it and the deletion time."""
        meeting = self.get_meeting(org, meeting_id)
        if meeting.type != "MEETING":
            # DECISIONS 21: deleting a CONSULTATION is 403
            raise errors.Forbidden("Meeting deletion only works on meetings of type MEETING")
        self.tables.remove("meeting", meeting.id)
        return meeting, self.clock.now()

    # -- rooms ---------------------------------------------------------------------------

    def room_url(self, slug: str) -> str:
        return f"{self.seed.app_url}/{slug}"

    def _open_room(self, slug: str) -> Room | None:
        room = self.rooms.get(slug)
        if room is not None and not room.presence.is_open(self.clock.now()):
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
        return self.tables.put("room", slug, room)

    def get_room(self, org: Organization, slug: str) -> Room:
        room = self._open_room(slug)
        if room is None or room.organization_id != org.id:
            raise errors.NotFound(f"Room {slug!r} was not found")
        return room

    # -- people (the control plane) ------------------------------------------------------

    def _presence(self, kind: str, key: str) -> tuple[str, Meeting | Room]:
        key = key.lower() if kind == "meeting" else key
        target: Meeting | Room | None = (
            self._open_meeting(key) if kind == "meeting" else self._open_room(key)
        )
        if target is None:
            raise errors.NotFound(f"{kind.capitalize()} {key} was not found or has closed")
        return key, target

    def join(self, kind: str, key: str) -> str:
        """A participant joins an open meeting or room; returns the participant's id."""
        key, target = self._presence(kind, key)
        participant = self._uuid4()
        people = {**target.presence.participants, participant: self.clock.now()}
        presence = replace(target.presence, participants=people)
        self.tables.put(kind, key, replace(target, presence=presence))
        return participant

    def leave(self, kind: str, key: str, participant_id: str) -> None:
        key, target = self._presence(kind, key)
        people = dict(target.presence.participants)
        if people.pop(participant_id, None) is None:
            raise errors.NotFound(f"Participant {participant_id} is not in {kind} {key}")
        last_left = target.presence.last_left_at if people else self.clock.now()
        presence = replace(target.presence, participants=people, last_left_at=last_left)
        self.tables.put(kind, key, replace(target, presence=presence))
