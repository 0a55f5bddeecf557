import pytest
from clinic import ClinicUnavailable, book_visit, visit_is_open
from meedio_client import MeedioClient
from meedio_emulator.testing import MeedioEmulator

DOCTOR = "john@meedio.me"  # a user of the emulator's default (medical) organization


def test_a_visit_closes_15_minutes_after_the_last_participant_leaves(
    meedio: MeedioClient, meedio_emulator: MeedioEmulator
) -> None:
    visit = book_visit(meedio, DOCTOR)
    patient = meedio_emulator.join(visit.meeting_id)
    meedio_emulator.advance(seconds=60 * 60)  # open for as long as someone is in
    assert visit_is_open(meedio, visit)

    meedio_emulator.leave(patient)
    meedio_emulator.advance(seconds=14 * 60)  # the clock also runs: leave it a minute's margin
    assert visit_is_open(meedio, visit)
    meedio_emulator.advance(seconds=60)  # 15 minutes after the last participant left
    assert not visit_is_open(meedio, visit)


def test_maintenance_is_retried_then_reported(
    meedio: MeedioClient, meedio_emulator: MeedioEmulator
) -> None:
    with meedio_emulator.faults(maintenance=True), pytest.raises(ClinicUnavailable):
        book_visit(meedio, DOCTOR)

    attempts = meedio_emulator.requests("createMeeting")
    assert [attempt.status for attempt in attempts] == [503, 503, 503]  # 1 call, 2 retries
    assert book_visit(meedio, DOCTOR).link.startswith("https://")  # maintenance is over
