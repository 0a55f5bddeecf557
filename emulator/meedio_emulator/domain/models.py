"""Meedio's resources as plain dataclasses, and the rules that depend only on them.

The stored ones are frozen: a change makes a new object, so undoing it restores one reference
and a shallow copy of the tables is a consistent snapshot (the state dump streams from one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

OrganizationKind = Literal["medical", "basic"]
Role = Literal["USER", "ADMIN"]
MeetingType = Literal["MEETING", "CONSULTATION"]
QueueType = Literal["WAITING_ROOM", "BOARD"]

# "the meeting will remain open for 15 minutes after the last participant leaves"
CLOSE_AFTER_SECONDS = 15 * 60


@dataclass(frozen=True)
class User:
    id: str
    full_name: str
    email: str
    role: Role


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    slug: str
    kind: OrganizationKind
    users: tuple[User, ...]

    def user_by_email(self, email: str) -> User | None:
        return self._users_by_email.get(email.casefold())

    @cached_property
    def _users_by_email(self) -> dict[str, User]:
        """Users by case-folded email, the first of any two alike (every create asks)."""
        return {u.email.casefold(): u for u in reversed(self.users)}

    def user_by_id(self, user_id: str) -> User | None:
        wanted = user_id.lower()
        return next((u for u in self.users if u.id.lower() == wanted), None)


@dataclass(frozen=True)
class ApiKey:
    key: str
    secret_sha256: bytes
    organization_id: str
    expires_at: float | None

    def expired(self, now: float) -> bool:
        return self.expires_at is not None and now >= self.expires_at


@dataclass(frozen=True, slots=True)
class Presence:
    """Who is in a meeting or room, and since when it has been empty."""

    created_at: float
    participants: dict[str, float] = field(default_factory=dict)
    last_left_at: float | None = None

    def is_open(self, now: float) -> bool:
        """Open while anyone is in, then for 15 minutes after creation or the last leave."""
        return self.participants != {} or now < self.closes_at()

    def closes_at(self) -> float:
        """When an empty meeting or room closes (meaningless while someone is in)."""
        since = self.last_left_at if self.last_left_at is not None else self.created_at
        return since + CLOSE_AFTER_SECONDS

    def to_document(self) -> dict[str, Any]:
        return {
            "created_at": self.created_at,
            "participants": self.participants,
            "last_left_at": self.last_left_at,
        }

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> Presence:
        return cls(
            created_at=float(doc["created_at"]),
            participants={str(k): float(v) for k, v in dict(doc["participants"]).items()},
            last_left_at=None if doc["last_left_at"] is None else float(doc["last_left_at"]),
        )


@dataclass(frozen=True, slots=True)
class Meeting:
    id: str
    organization_id: str
    type: MeetingType
    is_infinite: bool
    owner_email: str | None
    presence: Presence

    def is_open(self, now: float) -> bool:
        # never_closes(), written out: every read of a meeting asks
        return (self.type == "MEETING" and self.is_infinite) or self.presence.is_open(now)

    def never_closes(self) -> bool:
        return self.type == "MEETING" and self.is_infinite

    def to_document(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "organization_id": self.organization_id,
            "type": self.type,
            "is_infinite": self.is_infinite,
            "owner_email": self.owner_email,
            "presence": self.presence.to_document(),
        }

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> Meeting:
        if doc["type"] not in ("MEETING", "CONSULTATION"):
            raise ValueError(f"type {doc['type']!r}")
        return cls(
            id=str(doc["id"]),
            organization_id=str(doc["organization_id"]),
            type=doc["type"],
            is_infinite=bool(doc["is_infinite"]),
            owner_email=None if doc["owner_email"] is None else str(doc["owner_email"]),
            presence=Presence.from_document(doc["presence"]),
        )


# -- a create's two objects, built for less ------------------------------------------------
# Every create builds a Meeting and its Presence. dataclass' ``__init__`` for a frozen class
# sets each field through ``object.__setattr__``; these set each slot through its own
# descriptor: the same effect, the same parameters and defaults, for about half the
# instructions (a served create 5k fewer). ``test_domain_meetings.py`` holds them to the
# fields dataclass declares. The classes stay frozen: assigning a field still raises.
_NEW_DICT: Any = object()  # ``participants`` not given: a new empty dict, as its factory


def _slot_setters(cls: type, *names: str) -> tuple[Any, ...]:
    return tuple(cls.__dict__[name].__set__ for name in names)


_SET_PRESENCE = _slot_setters(Presence, "created_at", "participants", "last_left_at")
_SET_MEETING = _slot_setters(
    Meeting, "id", "organization_id", "type", "is_infinite", "owner_email", "presence"
)


def _presence_init(
    self: Presence,
    created_at: float,
    participants: dict[str, float] = _NEW_DICT,
    last_left_at: float | None = None,
) -> None:
    set_created_at, set_participants, set_last_left_at = _SET_PRESENCE
    set_created_at(self, created_at)
    set_participants(self, {} if participants is _NEW_DICT else participants)
    set_last_left_at(self, last_left_at)


def _meeting_init(
    self: Meeting,
    id: str,  # the field names, as dataclass gives them
    organization_id: str,
    type: MeetingType,
    is_infinite: bool,
    owner_email: str | None,
    presence: Presence,
) -> None:
    set_id, set_organization_id, set_type, set_is_infinite, set_owner_email, set_presence = (
        _SET_MEETING
    )
    set_id(self, id)
    set_organization_id(self, organization_id)
    set_type(self, type)
    set_is_infinite(self, is_infinite)
    set_owner_email(self, owner_email)
    set_presence(self, presence)


Presence.__init__ = _presence_init  # type: ignore[method-assign]
Meeting.__init__ = _meeting_init  # type: ignore[method-assign]


@dataclass(frozen=True, slots=True)
class Room:
    slug: str
    organization_id: str
    title: str | None
    presence: Presence

    def to_document(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "organization_id": self.organization_id,
            "title": self.title,
            "presence": self.presence.to_document(),
        }

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> Room:
        return cls(
            slug=str(doc["slug"]),
            organization_id=str(doc["organization_id"]),
            title=None if doc["title"] is None else str(doc["title"]),
            presence=Presence.from_document(doc["presence"]),
        )


@dataclass(frozen=True, slots=True)
class QueueMember:
    user_id: str
    full_name: str
    is_active: bool = False
    is_auto_accepting: bool = False
    joined_call_at: float | None = None

    def to_document(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "full_name": self.full_name,
            "is_active": self.is_active,
            "is_auto_accepting": self.is_auto_accepting,
            "joined_call_at": self.joined_call_at,
        }

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> QueueMember:
        joined = doc.get("joined_call_at")
        return cls(
            user_id=str(doc["user_id"]),
            full_name=str(doc["full_name"]),
            is_active=bool(doc.get("is_active", False)),
            is_auto_accepting=bool(doc.get("is_auto_accepting", False)),
            joined_call_at=None if joined is None else float(joined),
        )


@dataclass(frozen=True, slots=True)
class Queue:
    id: str
    organization_id: str
    name: str
    slug: str
    type: QueueType
    is_active: bool
    closing_message: str | None
    members: tuple[QueueMember, ...]

    def to_document(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "organization_id": self.organization_id,
            "name": self.name,
            "slug": self.slug,
            "type": self.type,
            "is_active": self.is_active,
            "closing_message": self.closing_message,
            "members": [m.to_document() for m in self.members],
        }

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> Queue:
        if doc["type"] not in ("WAITING_ROOM", "BOARD"):
            raise ValueError(f"type {doc['type']!r}")
        closing = doc["closing_message"]
        return cls(
            id=str(doc["id"]),
            organization_id=str(doc["organization_id"]),
            name=str(doc["name"]),
            slug=str(doc["slug"]),
            type=doc["type"],
            is_active=bool(doc["is_active"]),
            closing_message=None if closing is None else str(closing),
            members=tuple(QueueMember.from_document(m) for m in doc["members"]),
        )
