"""The 15-minute closing rules of meetings and rooms, driven by the ``ManualClock``.

Docs, "Meeting closing logic": "If no participant joins the meeting within 15 minutes of its
creation, the meeting will close. However, if at least one participant joins, the meeting
will remain open for 15 minutes after the last participant leaves." Rooms: "open as long as
there will be at least one person online or 15 minutes after the last person leaves."
Long-lasting MEETINGs "remain permanently accessible". Closed ones are 404 (DECISIONS 19).

The exact instant of the 15th minute is not asserted: the docs do not say which side of it
a meeting is on, so each test checks one second before and one second after.
"""

from __future__ import annotations

import pytest
from meedio_emulator.domain import errors
from meedio_emulator.domain.backend import MeedioBackend
from meedio_emulator.domain.clock import CEILING, ManualClock
from meedio_emulator.domain.models import Organization

FIFTEEN_MINUTES = 15 * 60
MEETING_ID = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"
SLUG = "waiting-room"


def create_meeting(
    backend: MeedioBackend, org: Organization, meeting_type: str, is_infinite: bool | None = None
) -> None:
    with backend.transaction():
        backend.create_meeting(
            org,
            owner_email="jane@meedio.me",
            meeting_type=meeting_type,
            is_infinite=is_infinite,
            meeting_id=MEETING_ID,
        )


def meeting_is_open(backend: MeedioBackend, org: Organization) -> bool:
    """Whether ``getMeeting`` finds it (a closed meeting is 404, DECISIONS 19)."""
    try:
        with backend.transaction():
            backend.get_meeting(org, MEETING_ID)
    except errors.NotFound:
        return False
    return True


def join(backend: MeedioBackend, kind: str, key: str) -> str:
    with backend.transaction():
        return backend.join(kind, key)


def leave(backend: MeedioBackend, kind: str, key: str, participant: str) -> None:
    with backend.transaction():
        backend.leave(kind, key, participant)


# -- meetings --------------------------------------------------------------------------------


@pytest.mark.parametrize("meeting_type", ["MEETING", "CONSULTATION"])
def test_a_meeting_nobody_joins_closes_15_minutes_after_creation(
    backend: MeedioBackend, clinic: Organization, clock: ManualClock, meeting_type: str
) -> None:
    create_meeting(backend, clinic, meeting_type)
    clock.advance(FIFTEEN_MINUTES - 1)
    assert meeting_is_open(backend, clinic)
    clock.advance(2)
    assert not meeting_is_open(backend, clinic)
    with pytest.raises(errors.NotFound), backend.transaction():
        backend.join("meeting", MEETING_ID)  # too late: nobody can join a closed meeting


@pytest.mark.parametrize("meeting_type", ["MEETING", "CONSULTATION"])
def test_a_meeting_stays_open_while_someone_is_in_it(
    backend: MeedioBackend, clinic: Organization, clock: ManualClock, meeting_type: str
) -> None:
    create_meeting(backend, clinic, meeting_type)
    clock.advance(FIFTEEN_MINUTES - 1)
    join(backend, "meeting", MEETING_ID)
    clock.advance(8 * 3600)  # far past creation + 15 minutes
    assert meeting_is_open(backend, clinic)


@pytest.mark.parametrize("meeting_type", ["MEETING", "CONSULTATION"])
def test_a_meeting_closes_15_minutes_after_the_last_participant_leaves(
    backend: MeedioBackend, clinic: Organization, clock: ManualClock, meeting_type: str
) -> None:
    create_meeting(backend, clinic, meeting_type)
    participant = join(backend, "meeting", MEETING_ID)
    clock.advance(3600)
    leave(backend, "meeting", MEETING_ID, participant)
    clock.advance(FIFTEEN_MINUTES - 1)
    assert meeting_is_open(backend, clinic)
    clock.advance(2)
    assert not meeting_is_open(backend, clinic)


def test_the_15_minutes_count_from_the_last_participant_not_the_first(
    backend: MeedioBackend, clinic: Organization, clock: ManualClock
) -> None:
    create_meeting(backend, clinic, "CONSULTATION")
    doctor = join(backend, "meeting", MEETING_ID)
    patient = join(backend, "meeting", MEETING_ID)
    assert doctor != patient
    clock.advance(60)
    leave(backend, "meeting", MEETING_ID, patient)
    clock.advance(FIFTEEN_MINUTES + 60)  # the patient left long ago; the doctor is in
    assert meeting_is_open(backend, clinic)
    leave(backend, "meeting", MEETING_ID, doctor)
    clock.advance(FIFTEEN_MINUTES - 1)
    assert meeting_is_open(backend, clinic)
    clock.advance(2)
    assert not meeting_is_open(backend, clinic)


def test_a_late_join_and_leave_keeps_a_meeting_open_past_its_first_15_minutes(
    backend: MeedioBackend, clinic: Organization, clock: ManualClock
) -> None:
    # Joined at minute 10, left at minute 12: open until minute 27, not 15.
    create_meeting(backend, clinic, "MEETING")
    clock.advance(10 * 60)
    participant = join(backend, "meeting", MEETING_ID)
    clock.advance(2 * 60)
    leave(backend, "meeting", MEETING_ID, participant)
    clock.advance(FIFTEEN_MINUTES - 1)  # minute 26:59
    assert meeting_is_open(backend, clinic)
    clock.advance(2)
    assert not meeting_is_open(backend, clinic)


def test_a_participant_can_rejoin_before_the_meeting_closes(
    backend: MeedioBackend, clinic: Organization, clock: ManualClock
) -> None:
    create_meeting(backend, clinic, "CONSULTATION")
    first = join(backend, "meeting", MEETING_ID)
    leave(backend, "meeting", MEETING_ID, first)
    clock.advance(FIFTEEN_MINUTES - 1)
    second = join(backend, "meeting", MEETING_ID)
    clock.advance(3600)
    assert meeting_is_open(backend, clinic)
    leave(backend, "meeting", MEETING_ID, second)
    clock.advance(FIFTEEN_MINUTES + 1)
    assert not meeting_is_open(backend, clinic)


def test_a_long_lasting_meeting_never_closes(
    backend: MeedioBackend, clinic: Organization, clock: ManualClock
) -> None:
    # Docs: long-lasting MEETINGs "remain permanently accessible", joined or not.
    create_meeting(backend, clinic, "MEETING", is_infinite=True)
    with backend.transaction():
        backend.advance_clock(365 * 24 * 3600)
    assert meeting_is_open(backend, clinic)
    participant = join(backend, "meeting", MEETING_ID)
    leave(backend, "meeting", MEETING_ID, participant)
    with backend.transaction():
        backend.advance_clock(365 * 24 * 3600)
    assert meeting_is_open(backend, clinic)
    assert MEETING_ID in backend.meetings


def test_a_participant_who_is_not_in_the_meeting_cannot_leave_it(
    backend: MeedioBackend, clinic: Organization
) -> None:
    create_meeting(backend, clinic, "MEETING")
    participant = join(backend, "meeting", MEETING_ID)
    with pytest.raises(errors.NotFound), backend.transaction():
        backend.leave("meeting", MEETING_ID, "00000000-0000-4000-8000-000000000000")
    leave(backend, "meeting", MEETING_ID, participant)
    with pytest.raises(errors.NotFound), backend.transaction():
        backend.leave("meeting", MEETING_ID, participant)  # already gone


def test_advancing_the_clock_drops_closed_meetings_and_rooms_from_memory(
    backend: MeedioBackend, clinic: Organization, clock: ManualClock
) -> None:
    # DECISIONS, "The emulator under hostile input": closed meetings and rooms are dropped
    # when the clock moves, not only hidden from reads; open ones stay.
    create_meeting(backend, clinic, "MEETING")
    with backend.transaction():
        backend.create_room(clinic, slug=SLUG, title=None)
        backend.create_room(clinic, slug="occupied", title=None)
        backend.join("room", "occupied")
    with backend.transaction():
        backend.advance_clock(FIFTEEN_MINUTES - 1)
    assert set(backend.meetings) == {MEETING_ID}
    assert set(backend.rooms) == {SLUG, "occupied"}
    with backend.transaction():
        backend.advance_clock(2)
    assert backend.meetings == {}
    assert set(backend.rooms) == {"occupied"}


def test_the_clock_cannot_pass_the_year_9999(backend: MeedioBackend, clock: ManualClock) -> None:
    # DECISIONS, "The emulator under hostile input": a clock/advance that would pass
    # 9999-01-01 is a 400, and the clock does not move.
    before = clock.now()
    with pytest.raises(errors.InvalidRequest) as caught, backend.transaction():
        backend.advance_clock(CEILING - before)
    assert caught.value.status == 400
    assert clock.now() == before
    with backend.transaction():
        backend.advance_clock(CEILING - before - 1)
    assert clock.now() == CEILING - 1


# -- rooms -----------------------------------------------------------------------------------


def room_is_open(backend: MeedioBackend, org: Organization) -> bool:
    try:
        with backend.transaction():
            backend.get_room(org, SLUG)
    except errors.NotFound:
        return False
    return True


def test_a_room_nobody_joins_closes_after_15_minutes(
    backend: MeedioBackend, clinic: Organization, clock: ManualClock
) -> None:
    with backend.transaction():
        backend.create_room(clinic, slug=SLUG, title="Waiting room")
    clock.advance(FIFTEEN_MINUTES - 1)
    assert room_is_open(backend, clinic)
    clock.advance(2)
    assert not room_is_open(backend, clinic)


def test_a_room_stays_open_while_occupied_and_closes_15_minutes_after_the_last_leaves(
    backend: MeedioBackend, clinic: Organization, clock: ManualClock
) -> None:
    with backend.transaction():
        backend.create_room(clinic, slug=SLUG, title=None)
    person = join(backend, "room", SLUG)
    clock.advance(10 * 3600)
    assert room_is_open(backend, clinic)
    leave(backend, "room", SLUG, person)
    clock.advance(FIFTEEN_MINUTES - 1)
    assert room_is_open(backend, clinic)
    clock.advance(2)
    assert not room_is_open(backend, clinic)
    with pytest.raises(errors.NotFound), backend.transaction():
        backend.join("room", SLUG)
