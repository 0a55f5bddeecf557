"""The client's retries and deadline against faults the emulator really serves (issue 31):
dropped connections, hangs, 429s, cut and trickled bodies, over a socket and in process,
where ``client/tests/test_client_retries.py`` scripts answers with a MockTransport.

One test is a strict xfail: what the client does not do yet, found here (a body cut short is
not retried nor read back). It flips to a failure the day the client does it, so the marker
has to go then. The other finding (a trickled body outlived the call's deadline) is fixed by
the client's deadline on the wire (issue 32), and in process the transport honours the same
deadline."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

import pytest
from meedio_client import errors
from meedio_emulator.testing import MeedioEmulator, in_process, served_in_thread

pytestmark = pytest.mark.waits

DOCTOR = "john@meedio.me"


@pytest.fixture(scope="module", params=["served", "in process"])
def emulator(request: pytest.FixtureRequest) -> Iterator[MeedioEmulator]:
    running = served_in_thread() if request.param == "served" else in_process()
    with running as started:
        yield started


@pytest.fixture
def fresh(emulator: MeedioEmulator) -> MeedioEmulator:
    emulator.reset()
    return emulator


def statuses(emulator: MeedioEmulator, operation: str) -> list[int | None]:
    return [entry.status for entry in emulator.requests(operation)]


def test_a_get_is_retried_after_resets_and_a_close(fresh: MeedioEmulator) -> None:
    with (
        fresh.client() as client,
        fresh.fault("getOrganization", kind="reset", times=1),
        fresh.fault("getOrganization", kind="close", times=1),
    ):
        client.organization.get()
    assert statuses(fresh, "getOrganization") == [None, None, 200]


def test_a_create_with_its_own_id_is_retried_after_a_reset_and_made_once(
    fresh: MeedioEmulator,
) -> None:
    with fresh.client() as client, fresh.fault("createMeeting", kind="reset", times=2) as rule:
        client.meetings.create(owner_email=DOCTOR)
    assert rule.hits == 2
    assert statuses(fresh, "createMeeting") == [None, None, 201]
    assert len(fresh.state()["meetings"]) == 1


def test_retries_stop_when_the_budget_is_spent(fresh: MeedioEmulator) -> None:
    with (
        fresh.client(max_retries=1) as client,
        fresh.fault("getOrganization", kind="garbage"),
        pytest.raises(errors.APIConnectionError) as info,
    ):
        client.organization.get()
    assert info.value.attempts == 2 == len(statuses(fresh, "getOrganization"))


def test_the_deadline_ends_a_hang(fresh: MeedioEmulator) -> None:
    # Bound: 10 s for a 1 s timeout against a 5-minute hang (generous for a shared machine);
    # what fails it is a client that waits the hang out or retries into it.
    with fresh.client(timeout=1.0) as client, fresh.fault("getOrganization", kind="hang"):
        started = time.monotonic()
        with pytest.raises(errors.APITimeoutError) as info:
            client.organization.get()
        assert time.monotonic() - started < 10
    assert info.value.attempts == 1


def test_a_429_is_waited_out_on_the_emulators_clock(fresh: MeedioEmulator) -> None:
    with (
        fresh.client() as client,
        fresh.fault(
            "getOrganization", status=429, retry_after=20, retry_after_format="date", times=1
        ),
    ):
        client.organization.get()
    throttled, served = fresh.requests("getOrganization")
    assert (throttled.status, served.status) == (429, 200)
    assert (served.received_at - throttled.received_at).total_seconds() >= 18  # a date: whole s


def test_a_retry_after_past_the_cap_is_not_retried(fresh: MeedioEmulator) -> None:
    with (
        fresh.client() as client,
        fresh.fault("getOrganization", status=503, retry_after=3600),
        pytest.raises(errors.ServiceUnavailableError) as info,
    ):
        client.organization.get()
    assert info.value.attempts == 1


def test_a_create_whose_body_is_cut_is_read_back(fresh: MeedioEmulator) -> None:
    """The body is read inside the retry loop: a create with the id the client chose is safe
    to repeat, its second attempt answers 409 (the first made it), and the client reads it
    back (issue 31's finding, fixed)."""
    with fresh.client() as client, fresh.fault("createMeeting", kind="truncate", times=1):
        meeting = client.meetings.create(owner_email=DOCTOR)
    assert meeting.id is not None
    assert len(fresh.state()["meetings"]) == 1
    assert [r.status for r in fresh.requests()][:2] == [201, 409]


def test_the_deadline_ends_a_trickled_body(fresh: MeedioEmulator) -> None:
    # A 1 s deadline; the body trickles for 3 s in 0.5 s pieces. Bound: 2 s.
    with (
        fresh.client(timeout=1.0) as client,
        fresh.fault("getOrganization", kind="trickle-body", duration_ms=3000, chunks=6),
    ):
        started = time.monotonic()
        with contextlib.suppress(errors.APITimeoutError):
            client.organization.get()
        assert time.monotonic() - started < 2
