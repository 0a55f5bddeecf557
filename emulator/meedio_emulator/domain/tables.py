"""The emulator's working state: meetings, rooms and queues in dicts, written through to a store.

Every change goes through ``put`` and ``remove``, which record how to undo it. ``transaction``
groups the changes of one request: they are committed to the store together, or, when the
request fails at any point (a rule, building the answer, the store's commit), undone in memory
and rolled back in the store, so a failed request leaves nothing behind.

Two indexes keep every request's cost flat as state grows: queue slug to queue id, and a heap
of the times at which empty meetings and rooms close, so ``sweep`` drops closed resources when
the clock moves in O(closed log n) instead of scanning everything.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import Any, TypeVar

from . import errors
from .models import Meeting, Presence, Queue, Room
from .store import MemoryStore, Store, StoreError

T = TypeVar("T", bound=Meeting | Room | Queue)


class Tables:
    """Meetings by id, rooms by slug, queues by id; an undo log while a transaction is open."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.meetings: dict[str, Meeting] = {}
        self.rooms: dict[str, Room] = {}
        self.queues: dict[str, Queue] = {}
        self.queue_by_slug: dict[str, str] = {}
        self._closing: list[tuple[float, str, str]] = []  # (closes at, kind, key)
        self._undo: list[Callable[[], None]] | None = None
        self._by_kind: dict[str, dict[str, Any]] = {
            "meeting": self.meetings,
            "room": self.rooms,
            "queue": self.queues,
        }
        self._keeps = type(store) is not MemoryStore  # a MemoryStore keeps nothing: no call
        self._transaction = Transaction(self)

    def table(self, kind: str) -> dict[str, Any]:
        return self._by_kind[kind]

    # -- transactions --------------------------------------------------------------------

    def transaction(self) -> Transaction:
        """Commit every change of the block at its end, or undo them all if anything fails."""
        return self._transaction

    def _abort(self) -> None:
        undo, self._undo = self._undo or [], None
        for step in reversed(undo):
            step()
        self.store.rollback()

    def on_undo(self, step: Callable[[], None]) -> None:
        if self._undo is not None:
            self._undo.append(step)

    # -- changes -------------------------------------------------------------------------

    def put(self, kind: str, key: str, item: T) -> T:
        """Store ``item`` under ``key`` (replacing any), in memory and in the store."""
        previous = self.adopt(kind, key, item)
        if self._undo is not None:  # ``on_undo``, written out (every create)
            self._undo.append(lambda: self._restore(kind, key, previous, item))
        if self._keeps:
            self.store.put(kind, key, item)
        return item

    def adopt(self, kind: str, key: str, item: T) -> T | None:
        """Hold ``item`` in memory (and the indexes) only: for what the store just loaded."""
        table = self._by_kind[kind]
        previous: T | None = table.get(key)
        table[key] = item
        if isinstance(item, Queue):
            self._index_queue(previous, item)  # type: ignore[arg-type]
        else:
            self._schedule(kind, key, item)
        return previous

    def remove(self, kind: str, key: str) -> None:
        previous = self.table(kind).pop(key)
        if isinstance(previous, Queue):
            self._index_queue(previous, None)
        self.on_undo(lambda: self._restore(kind, key, previous, None))
        self.store.delete(kind, key)

    def clear(self) -> None:
        tables: tuple[dict[str, Any], ...] = (
            self.meetings,
            self.rooms,
            self.queues,
            self.queue_by_slug,
        )
        saved = [dict(table) for table in tables]
        closing = list(self._closing)
        for table in tables:
            table.clear()
        self._closing = []

        def restore() -> None:  # refill the same dicts: others hold references to them
            for table, content in zip(tables, saved, strict=True):
                table.update(content)
            self._closing = closing

        self.on_undo(restore)
        self.store.clear()

    def _restore(self, kind: str, key: str, previous: Any, current: Any) -> None:
        table = self.table(kind)
        if previous is None:
            table.pop(key, None)
        else:
            table[key] = previous
        if kind == "queue":
            self._index_queue(current, previous)

    def _index_queue(self, old: Queue | None, new: Queue | None) -> None:
        if old is not None and self.queue_by_slug.get(old.slug) == old.id:
            del self.queue_by_slug[old.slug]
        if new is not None:
            self.queue_by_slug[new.slug] = new.id

    # -- closing -------------------------------------------------------------------------

    def _schedule(self, kind: str, key: str, item: Meeting | Room) -> None:
        """Remember when an empty, closable meeting or room closes (stale entries are skipped)."""
        if isinstance(item, Meeting) and item.never_closes():
            return
        presence: Presence = item.presence
        if not presence.participants:
            heapq.heappush(self._closing, (presence.closes_at(), kind, key))

    def next_closing(self) -> float | None:
        return self._closing[0][0] if self._closing else None

    def sweep(self, now: float) -> None:
        """Drop every meeting and room that has closed by ``now``."""
        while self._closing and self._closing[0][0] <= now:
            entry = heapq.heappop(self._closing)
            self.on_undo(lambda entry=entry: heapq.heappush(self._closing, entry))  # type: ignore[misc]
            _, kind, key = entry
            item = self.table(kind).get(key)
            if item is not None and not _is_open(item, now):
                self.remove(kind, key)


def _is_open(item: Meeting | Room, now: float) -> bool:
    return item.is_open(now) if isinstance(item, Meeting) else item.presence.is_open(now)


class Transaction:
    """``with tables.transaction():`` (a class, not a generator: it runs on every request).

    Nested blocks join the outermost one, which alone commits or undoes. One per ``Tables``,
    entered again by every block (a depth count says which is the outermost), so a request
    makes no object for it; a ``MemoryStore`` keeps nothing, so its begin and commit are not
    called (its rollback still is, with the undo).
    """

    __slots__ = ("_depth", "_store", "_tables")

    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._depth = 0
        self._store: Store | None = tables.store if tables._keeps else None

    def __enter__(self) -> None:
        self._depth += 1
        if self._depth == 1:
            self._tables._undo = []
            if self._store is not None:
                self._store.begin()

    def __exit__(
        self, kind: type[BaseException] | None, failure: BaseException | None, _: Any
    ) -> None:
        self._depth -= 1
        if self._depth:
            return
        tables = self._tables
        if failure is None:
            try:
                if self._store is not None:
                    self._store.commit()
            except StoreError as exc:
                failure = exc
            else:
                tables._undo = None
                return
        tables._abort()
        if isinstance(failure, StoreError):
            raise errors.StorageFailure(
                "Internal Server Error: the emulator's database could not be written "
                f"({failure}); nothing was changed, try again later"
            ) from failure
