"""A request that fails changes nothing: ``backend.transaction()`` undoes all of its changes.

DECISIONS, "The emulator under hostile input": "a request either succeeds and is stored, or
gets a 4xx ... and changes nothing"; "any exception (a rule, the answer, the store's COMMIT)
undoes the memory and rolls back SQLite". DECISIONS 15: a refused membersIds "and nothing
changes".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from meedio_emulator.domain import errors
from meedio_emulator.domain.backend import MeedioBackend
from meedio_emulator.domain.clock import ManualClock
from meedio_emulator.domain.models import Meeting, Organization, Queue, Room
from meedio_emulator.domain.seed import DEFAULT_CONFIG, build_seed
from meedio_emulator.domain.store import SqliteStore

MEETING_ID = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"
CONSULTATION_ID = "7d1e2f3a-4b5c-4d6e-9f70-8192a3b4c5d6"
JANE_ID = "888d83dc-66a0-44df-b071-37d32da08524"
ANNA_ID = "00d247fb-5d4d-4c73-a5a0-20b3f895ca72"
FIFTEEN_MINUTES = 15 * 60


@dataclass(frozen=True)
class State:
    """Everything a request can change, copied (the stored objects are frozen)."""

    meetings: dict[str, Meeting]
    rooms: dict[str, Room]
    queues: dict[str, Queue]
    queue_by_slug: dict[str, str]
    now: float


def state(backend: MeedioBackend) -> State:
    return State(
        dict(backend.meetings),
        dict(backend.rooms),
        dict(backend.queues),
        dict(backend.tables.queue_by_slug),
        backend.clock.now(),
    )


@dataclass(frozen=True)
class World:
    backend: MeedioBackend
    clinic: Organization
    basic: Organization
    participant: str  # in the MEETING
    queue_id: str  # the clinic's queue "front-desk", Jane a member


@pytest.fixture
def world(backend: MeedioBackend, clinic: Organization, basic: Organization) -> World:
    """One of everything: an occupied MEETING, an empty CONSULTATION, a room, two queues."""
    with backend.transaction():
        backend.create_meeting(
            clinic,
            owner_email="john@meedio.me",
            meeting_type="MEETING",
            is_infinite=None,
            meeting_id=MEETING_ID,
        )
        participant = backend.join("meeting", MEETING_ID)
        backend.create_meeting(
            clinic,
            owner_email="jane@meedio.me",
            meeting_type="CONSULTATION",
            is_infinite=None,
            meeting_id=CONSULTATION_ID,
        )
        backend.create_room(clinic, slug="lobby", title="Lobby")
        queue = backend.create_queue(
            clinic,
            name="Front desk",
            slug="front-desk",
            queue_type="WAITING_ROOM",
            closing_message=None,
        )
        backend.update_queue(clinic, queue.id, members_ids=[JANE_ID])
        backend.create_queue(
            basic, name="Board", slug="board", queue_type="BOARD", closing_message=None
        )
    return World(backend, clinic, basic, participant, queue.id)


# Each refused request, alone: the rule's error, and the state exactly as before.
REFUSED: dict[str, tuple[type[errors.MeedioDomainError], Callable[[World], object]]] = {
    "consultation with isInfinite (DECISIONS 8)": (
        errors.InvalidRequest,
        lambda w: w.backend.create_meeting(
            w.clinic,
            owner_email="john@meedio.me",
            meeting_type="CONSULTATION",
            is_infinite=False,
            meeting_id=None,
        ),
    ),
    "medical meeting without owner (DECISIONS 9)": (
        errors.InvalidRequest,
        lambda w: w.backend.create_meeting(
            w.clinic, owner_email=None, meeting_type=None, is_infinite=None, meeting_id=None
        ),
    ),
    "duplicate meetingId (DECISIONS 20)": (
        errors.Conflict,
        lambda w: w.backend.create_meeting(
            w.clinic,
            owner_email="john@meedio.me",
            meeting_type=None,
            is_infinite=True,
            meeting_id=MEETING_ID,
        ),
    ),
    "delete a CONSULTATION (DECISIONS 21)": (
        errors.Forbidden,
        lambda w: w.backend.delete_meeting(w.clinic, CONSULTATION_ID),
    ),
    "duplicate room slug (DECISIONS 20)": (
        errors.Conflict,
        lambda w: w.backend.create_room(w.clinic, slug="lobby", title="Other"),
    ),
    "another organization's queue slug (DECISIONS 20)": (
        errors.Forbidden,
        lambda w: w.backend.create_queue(
            w.basic, name="x", slug="front-desk", queue_type="BOARD", closing_message=None
        ),
    ),
    "foreign member (DECISIONS 15)": (
        errors.Forbidden,
        lambda w: w.backend.update_queue(
            w.clinic, w.queue_id, name="renamed", slug="renamed", members_ids=[ANNA_ID]
        ),
    ),
    "another organization's queue (DECISIONS 21)": (
        errors.NotFound,
        lambda w: w.backend.delete_queue(w.basic, w.queue_id),
    ),
    "leave by a stranger": (
        errors.NotFound,
        lambda w: w.backend.leave("meeting", MEETING_ID, "not-a-participant"),
    ),
}


@pytest.mark.parametrize("name", REFUSED)
def test_a_refused_operation_changes_nothing(world: World, name: str) -> None:
    error, operation = REFUSED[name]
    before = state(world.backend)
    with pytest.raises(error), world.backend.transaction():
        operation(world)
    assert state(world.backend) == before


def change_everything_then(world: World, failure: BaseException) -> None:
    """One transaction that changes every table, moves the clock, then fails."""
    b = world.backend
    with b.transaction():
        b.create_room(world.clinic, slug="new-room", title=None)
        b.join("room", "new-room")
        b.delete_meeting(world.clinic, MEETING_ID)  # kicks out the participant
        b.create_meeting(
            world.basic, owner_email=None, meeting_type=None, is_infinite=True, meeting_id=None
        )
        b.update_queue(world.clinic, world.queue_id, slug="moved", members_ids=[])
        b.create_queue(
            world.clinic, name="n", slug="front-desk", queue_type="BOARD", closing_message=None
        )
        queues = [q.id for q in b.queues.values() if q.organization_id == world.basic.id]
        b.delete_queue(world.basic, queues[0])
        b.advance_clock(FIFTEEN_MINUTES + 1)  # sweeps the consultation and the lobby
        assert CONSULTATION_ID not in b.meetings
        raise failure


@pytest.mark.parametrize(
    "failure",
    [
        errors.NotFound("a later rule refuses the request"),
        RuntimeError("building the answer fails"),
    ],
    ids=["domain error", "any exception"],
)
def test_a_failure_after_many_changes_undoes_them_all(
    world: World, clock: ManualClock, failure: BaseException
) -> None:
    before = state(world.backend)
    with pytest.raises(type(failure)):
        change_everything_then(world, failure)
    assert state(world.backend) == before
    assert clock.now() == before.now


def test_the_state_after_an_undo_still_follows_the_rules(world: World) -> None:
    """The undo restores the indexes too (queue slugs, the closing schedule), not only dicts."""
    b = world.backend
    with pytest.raises(RuntimeError):
        change_everything_then(world, RuntimeError("undo"))
    with b.transaction():
        # The slug "front-desk" is the first queue's again, "moved" is free.
        with pytest.raises(errors.Conflict):
            b.create_queue(
                world.clinic, name="n", slug="front-desk", queue_type="BOARD", closing_message=None
            )
        b.create_queue(
            world.clinic, name="n", slug="moved", queue_type="BOARD", closing_message=None
        )
        # The participant is back in the meeting and can leave it.
        b.leave("meeting", MEETING_ID, world.participant)
    # The sweep that was undone comes again: 15 minutes on, the empty consultation, room
    # and meeting are dropped from memory.
    with b.transaction():
        b.advance_clock(FIFTEEN_MINUTES + 1)
    assert b.meetings == {}
    assert b.rooms == {}


def test_a_nested_transaction_joins_the_outer_one(world: World) -> None:
    # Tables.Transaction: "Nested blocks join the outermost one, which alone commits or undoes."
    b = world.backend
    before = state(b)

    def request() -> None:
        with b.transaction():
            with b.transaction():
                b.create_room(world.clinic, slug="inner", title=None)
            assert "inner" in b.rooms  # the inner block is over, its room still there
            b.create_room(world.clinic, slug="lobby", title=None)  # 409

    with pytest.raises(errors.Conflict):
        request()
    assert state(b) == before


def test_a_failed_transaction_leaves_nothing_in_the_database(tmp_path: Path) -> None:
    # "a failed commit leaves nothing behind" (store.py) and a 2xx survives a restart: the
    # next backend on the same file loads exactly what the successful transactions wrote.
    db = tmp_path / "emulator.db"
    store = SqliteStore(db)
    backend = MeedioBackend(build_seed(DEFAULT_CONFIG), ManualClock(), store=store)
    clinic = next(o for o in backend.organizations.values() if o.kind == "medical")
    with backend.transaction():
        backend.create_room(clinic, slug="kept", title=None)
        queue = backend.create_queue(
            clinic, name="kept", slug="kept", queue_type="BOARD", closing_message=None
        )
    kept = state(backend)

    def request() -> None:
        with backend.transaction():
            backend.create_room(clinic, slug="lost", title=None)
            backend.update_queue(clinic, queue.id, name="renamed")
            backend.delete_queue(clinic, queue.id)
            backend.create_room(clinic, slug="kept", title=None)  # 409: the request fails

    with pytest.raises(errors.Conflict):
        request()
    store.close()

    store = SqliteStore(db)
    try:
        reloaded = MeedioBackend(build_seed(DEFAULT_CONFIG), ManualClock(), store=store)
        assert state(reloaded) == kept
    finally:
        store.close()
