"""One test per helper of the ``meedio_emulator`` fixture, with the sync ``meedio`` client."""

import pytest
from clinic import book_visit, visit_is_open
from meedio_client import MeedioClient
from meedio_client.errors import (
    AuthenticationError,
    InternalServerError,
    NotFoundError,
    ServiceUnavailableError,
)
from meedio_emulator.testing import MeedioEmulator

DOCTOR = "john@meedio.me"
PHYSIO = {
    "organizations": [
        {
            "id": "b3c1a8e2-5d4f-4e6a-9b7c-0d1e2f3a4b5c",
            "name": "Riverside Physio",
            "slug": "riverside-physio",
            "kind": "basic",
            "users": [
                {
                    "id": "6f1d2c3b-4a5e-4f70-8b9c-1d2e3f4a5b6c",
                    "fullName": "Ola Physio",
                    "email": "ola@physio.example",
                }
            ],
            "keys": [{"apiKey": "physio-key", "apiSecret": "physio-secret-0123456789"}],
        }
    ]
}


def test_each_test_starts_from_a_reset_emulator(
    meedio_emulator: MeedioEmulator, meedio: MeedioClient
) -> None:
    assert meedio_emulator.state()["meetings"] == []  # whatever the other tests created
    book_visit(meedio, DOCTOR)
    assert len(meedio_emulator.state()["meetings"]) == 1


def test_advance_moves_the_clock_that_closes_meetings(
    meedio_emulator: MeedioEmulator, meedio: MeedioClient
) -> None:
    visit = book_visit(meedio, DOCTOR)
    before = meedio_emulator.advance(seconds=14 * 60)
    assert visit_is_open(meedio, visit)
    after = meedio_emulator.advance(seconds=60)
    assert after.offset_seconds - before.offset_seconds == 60
    assert not visit_is_open(meedio, visit)


def test_join_and_leave_a_meeting_and_a_room(
    meedio_emulator: MeedioEmulator, meedio: MeedioClient
) -> None:
    meeting = meedio.meetings.create(owner_email=DOCTOR)
    room = meedio.rooms.create(slug="physio-room")
    in_meeting, in_room = meedio_emulator.join(meeting), meedio_emulator.join(room)
    meedio_emulator.advance(seconds=24 * 3600)
    assert meedio.meetings.get(meeting.id).id == meeting.id  # kept open by its participant
    assert meedio.rooms.get("physio-room").slug == "physio-room"
    meedio_emulator.leave(in_meeting)
    meedio_emulator.leave(in_room)
    meedio_emulator.advance(seconds=15 * 60)
    with pytest.raises(NotFoundError):
        meedio.meetings.get(meeting.id)
    with pytest.raises(NotFoundError):
        meedio.rooms.get("physio-room")


def test_faults_maintenance_then_restored(
    meedio_emulator: MeedioEmulator, meedio: MeedioClient
) -> None:
    with meedio_emulator.faults(maintenance=True) as faults:
        assert faults.maintenance is True
        with pytest.raises(ServiceUnavailableError):
            meedio.organization.get()
    assert meedio.organization.get().name == "Meedio Clinic"


def test_faults_error_rate_and_latency(
    meedio_emulator: MeedioEmulator, meedio: MeedioClient
) -> None:
    with meedio_emulator.faults(error_rate=1.0), pytest.raises(InternalServerError):
        meedio.organization.get()
    with meedio_emulator.faults(latency_ms=300):
        meedio.organization.get()
    slow = meedio_emulator.requests("getOrganization", status=200)
    # >= 295: uvloop's timers keep millisecond time, so a 300 ms sleep may end a hair early
    assert [entry.duration_ms >= 295 for entry in slow] == [True]


def test_requests_lists_every_attempt(
    meedio_emulator: MeedioEmulator, meedio: MeedioClient
) -> None:
    book_visit(meedio, DOCTOR)
    with meedio_emulator.faults(maintenance=True), pytest.raises(ServiceUnavailableError):
        meedio.organization.get()
    assert [(r.operation_id, r.status) for r in meedio_emulator.requests()] == [
        ("createMeeting", 201),
        ("getOrganization", 503),
        ("getOrganization", 503),
        ("getOrganization", 503),
    ]


def test_state_shows_participants(meedio_emulator: MeedioEmulator, meedio: MeedioClient) -> None:
    visit = book_visit(meedio, DOCTOR)
    patient = meedio_emulator.join(visit.meeting_id)
    (meeting,) = meedio_emulator.state()["meetings"]
    assert meeting["id"] == visit.meeting_id
    assert patient.id in str(meeting)


def test_seed_adds_an_organization_and_its_keys(meedio_emulator: MeedioEmulator) -> None:
    with meedio_emulator.client(api_key="physio-key", api_secret="physio-secret-0123456789") as c:
        with pytest.raises(AuthenticationError):
            c.organization.get()
        meedio_emulator.seed(PHYSIO)
        assert c.organization.get().name == "Riverside Physio"
