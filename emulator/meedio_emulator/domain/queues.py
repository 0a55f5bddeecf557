"""The queue operations of ``MeedioBackend`` (a mixin, in a module of its own by what it
holds): waiting rooms and boards, their slugs, ids and members."""

from __future__ import annotations

import random
from dataclasses import replace

from . import errors
from .clock import Clock
from .ids import unused
from .models import Organization, Queue, QueueMember, QueueType
from .seed import Seed
from .tables import Tables


class QueueOperations:
    """Needs the backend's seed, clock, tables and random source (declared here for mypy)."""

    seed: Seed
    clock: Clock
    tables: Tables
    queues: dict[str, Queue]
    _random: random.Random
    _object_counter: int

    def _object_id(self) -> str:
        """A MongoDB ObjectId: 4 bytes of time, 5 random bytes, a 3-byte counter."""
        # DECISIONS 12: queue ids are MongoDB ObjectIds
        self._object_counter = (self._object_counter + 1) % (1 << 24)
        return (
            f"{int(self.clock.now()) & 0xFFFFFFFF:08x}"
            f"{self._random.getrandbits(40):010x}{self._object_counter:06x}"
        )

    def queue_url(self, slug: str) -> str:
        return f"{self.seed.app_url}/queues/{slug}"

    def _check_queue_slug(self, org: Organization, slug: str, queue_id: str | None) -> None:
        holder = self.tables.queue_by_slug.get(slug)
        if holder is not None and holder != queue_id:
            if self.queues[holder].organization_id != org.id:
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
        queue_id: str | None = None,
    ) -> Queue:
        """A new queue; ``queue_id`` only for the docs' example queue (``seed_docs_examples``)."""
        self._check_queue_slug(org, slug, None)
        queue_id = queue_id or unused(self._object_id, self.queues)
        queue = Queue(
            id=queue_id,
            organization_id=org.id,
            name=name,
            slug=slug,
            type=queue_type,
            # "Once you create a queue, it will be open for members and clients to join."
            is_active=True,
            closing_message=closing_message,
            members=(),
        )
        return self.tables.put("queue", queue.id, queue)

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
        members = queue.members if members_ids is None else self._members(org, queue, members_ids)
        if slug is not None:
            self._check_queue_slug(org, slug, queue.id)
        updated = replace(
            queue,
            name=queue.name if name is None else name,
            slug=queue.slug if slug is None else slug,
            type=queue.type if queue_type is None else queue_type,
            closing_message=queue.closing_message if closing_message is None else closing_message,
            members=members,
            is_active=queue.is_active if is_active is None else is_active,
        )
        return self.tables.put("queue", queue.id, updated)

    @staticmethod
    def _members(
        org: Organization, queue: Queue, members_ids: list[str]
    ) -> tuple[QueueMember, ...]:
        """The new members, keeping the state of those who stay; a user named twice (ids
        ignore letter case) is one membership."""
        members: dict[str, QueueMember] = {}
        for user_id in members_ids:
            user = org.user_by_id(user_id)
            if user is None:
                # DECISIONS 15: membersIds replaces the members; each must be a user of yours
                raise errors.Forbidden(f"membersIds: {user_id} is not a user of your organization")
            if user.id in members:
                continue
            previous = next((m for m in queue.members if m.user_id == user.id), None)
            members[user.id] = previous or QueueMember(user_id=user.id, full_name=user.full_name)
        return tuple(members.values())

    def delete_queue(self, org: Organization, queue_id: str) -> Queue:
        queue = self.get_queue(org, queue_id)
        self.tables.remove("queue", queue.id)
        return queue
