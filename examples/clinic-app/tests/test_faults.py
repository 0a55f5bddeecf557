"""Faults a clinic should survive, aimed with ``meedio_emulator.fault``: the emulator README's
recipes, each a test."""

import time

import pytest
from clinic import ClinicUnavailable, book_visit, visit_is_open
from meedio_client import MeedioClient
from meedio_emulator.testing import MeedioEmulator

DOCTOR = "john@meedio.me"


def test_a_flaky_create_is_retried(meedio: MeedioClient, meedio_emulator: MeedioEmulator) -> None:
    with meedio_emulator.fault("createMeeting", status=503, times=2) as rule:
        book_visit(meedio, DOCTOR)

    assert rule.hits == 2
    assert [a.status for a in meedio_emulator.requests("createMeeting")] == [503, 503, 201]
    assert len(meedio_emulator.state()["meetings"]) == 1  # one visit, not three


def test_a_dropped_connection_is_retried(
    meedio: MeedioClient, meedio_emulator: MeedioEmulator
) -> None:
    visit = book_visit(meedio, DOCTOR)
    with meedio_emulator.fault("getMeeting", kind="reset", times=2):
        assert visit_is_open(meedio, visit)  # a GET is safe to repeat: two resets, then 200

    assert [a.status for a in meedio_emulator.requests("getMeeting")] == [None, None, 200]


def test_the_app_gives_up_in_time_when_meedio_hangs(meedio_emulator: MeedioEmulator) -> None:
    # The client's timeout bounds each read and the whole call, retries included: 1 s here,
    # while Meedio hangs for 5 minutes. The bound, 10 s, is ten times the timeout (room for
    # a busy CI machine) and far below the hang: what fails it is an app that waits it out.
    with (
        meedio_emulator.client(timeout=1.0) as meedio,
        meedio_emulator.fault("createMeeting", kind="hang") as rule,
    ):
        started = time.monotonic()
        with pytest.raises(ClinicUnavailable, match="did not answer"):
            book_visit(meedio, DOCTOR)
        assert time.monotonic() - started < 10

    assert rule.hits == 1
    assert meedio_emulator.state()["meetings"] == []  # the hung request was never carried out


def test_it_backs_off_as_a_429_says(meedio: MeedioClient, meedio_emulator: MeedioEmulator) -> None:
    with meedio_emulator.fault("createMeeting", status=429, retry_after=30, times=1):
        book_visit(meedio, DOCTOR)

    throttled, created = meedio_emulator.requests("createMeeting")
    assert (throttled.status, created.status) == (429, 201)
    # The plugin's clients wait on the emulator's clock: 30 s passed for Meedio, not for you.
    assert (created.received_at - throttled.received_at).total_seconds() >= 30


def test_a_create_whose_answer_is_lost_was_still_made(
    meedio: MeedioClient, meedio_emulator: MeedioEmulator
) -> None:
    with meedio_emulator.fault("createMeeting", kind="truncate"), pytest.raises(ClinicUnavailable):
        book_visit(meedio, DOCTOR)  # every answer cut short, the retries' 409s too

    assert len(meedio_emulator.state()["meetings"]) == 1  # Meedio made it; the app never knew
