"""Meedio's resources as plain dataclasses, and the rules that depend only on them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

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
        wanted = email.casefold()
        return next((u for u in self.users if u.email.casefold() == wanted), None)

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


@dataclass
class Presence:
    """Who is in a meeting or room, and since when it has been empty."""

    created_at: float
    participants: dict[str, float] = field(default_factory=dict)
    last_left_at: float | None = None

    def is_open(self, now: float) -> bool:
        """Open while anyone is in, then for 15 minutes after creation or the last leave."""
        if self.participants:
            return True
        since = self.last_left_at if self.last_left_at is not None else self.created_at
        return now < since + CLOSE_AFTER_SECONDS


@dataclass
class Meeting:
    id: str
    organization_id: str
    type: MeetingType
    is_infinite: bool
    owner_email: str | None
    presence: Presence

    def is_open(self, now: float) -> bool:
        return (self.type == "MEETING" and self.is_infinite) or self.presence.is_open(now)


@dataclass
class Room:
    slug: str
    organization_id: str
    title: str | None
    presence: Presence


@dataclass
class QueueMember:
    user_id: str
    full_name: str
    is_active: bool = False
    is_auto_accepting: bool = False
    joined_call_at: float | None = None


@dataclass
class Queue:
    id: str
    organization_id: str
    name: str
    slug: str
    type: QueueType
    is_active: bool
    closing_message: str | None
    members: list[QueueMember]
