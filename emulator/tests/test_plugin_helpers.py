"""The helpers of ``meedio_emulator.testing`` (what the plugin's fixtures hand out), served in a
thread and in process, against clients and models the helpers did not make."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator

import httpx
import meedio_emulator
import pytest
from meedio_client import MeedioClient
from meedio_client.errors import NotFoundError, ServiceUnavailableError
from meedio_emulator.testing import (
    ControlError,
    MeedioEmulator,
    Participant,
    in_process,
    served_in_thread,
)

from tests.support import spec

SECRET = "a-secret-that-must-never-be-echoed"
ORG = {
    "id": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
    "name": "Seeded Clinic",
    "slug": "seeded-clinic",
    "kind": "medical",
    "users": [
        {
            "id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
            "fullName": "Dr Seed",
            "email": "seed@clinic.example",
            "organizationRole": "ADMIN",
        }
    ],
    "keys": [{"apiKey": "seeded-key", "apiSecret": SECRET}],
}


@pytest.fixture(scope="module", params=["thread", "in-process", "defaults"])
def emulator(request: pytest.FixtureRequest) -> Iterator[MeedioEmulator]:
    """Every call on the wire, no port at all, and the plugin's defaults (served, the
    helpers and clients in process)."""
    if request.param == "defaults":
        running = served_in_thread(clients_in_process=True)
    else:
        running = served_in_thread() if request.param == "thread" else in_process()
    with running as started:
        yield started


@pytest.fixture
def meedio(emulator: MeedioEmulator) -> Iterator[MeedioClient]:
    emulator.reset()
    with emulator.client() as client:
        yield client


def test_health_reports_the_versions_of_the_spec_it_validates_against(
    emulator: MeedioEmulator,
) -> None:
    health = emulator.health()
    assert health.spec_version == spec()["info"]["version"]
    assert health.version == meedio_emulator.__version__


def test_join_takes_models_mappings_and_ids(emulator: MeedioEmulator, meedio: MeedioClient) -> None:
    meeting = meedio.meetings.create(owner_email="john@meedio.me")
    room = meedio.rooms.create(slug="join-room")
    seated = [
        emulator.join(meeting),
        emulator.join({"id": str(meeting.id)}),
        emulator.join(str(meeting.id)),
        emulator.join(room),
        emulator.join({"slug": "join-room"}),
        emulator.join("join-room"),
    ]
    assert [(p.kind, p.key) for p in seated] == [("meeting", str(meeting.id))] * 3 + [
        ("room", "join-room")
    ] * 3
    (dumped,) = emulator.state()["meetings"]
    assert {p.id for p in seated[:3]} <= set(str(dumped).replace("'", " ").split())
    with pytest.raises(TypeError, match="not a meeting or a room"):
        emulator.join(42)


def test_join_and_leave_report_the_emulators_refusal(emulator: MeedioEmulator) -> None:
    emulator.reset()
    with pytest.raises(ControlError, match="404") as refused:
        emulator.join(str(uuid.uuid4()))
    assert refused.value.status == 404
    with pytest.raises(ControlError, match="404"):
        emulator.leave(Participant("room", "no-such-room", "nobody"))


def test_faults_restore_what_was_in_force_even_on_error(emulator: MeedioEmulator) -> None:
    emulator.reset()
    seen = []

    def fail_inside() -> None:
        with emulator.faults(maintenance=True, error_rate=0.5) as inner:
            seen.append((inner.maintenance, inner.error_rate, inner.latency_ms))
            raise RuntimeError

    with emulator.faults(latency_ms=5):
        with pytest.raises(RuntimeError):
            fail_inside()
        assert seen == [(True, 0.5, 5)]
        assert emulator.state()["faults"] == {
            "maintenance": False,
            "errorRate": 0.0,
            "latencyMs": 5,
        }
    assert emulator.state()["faults"]["latencyMs"] == 0


def test_retries_wait_on_the_emulators_clock(
    emulator: MeedioEmulator, meedio: MeedioClient
) -> None:
    before = emulator.advance(0).offset_seconds
    with emulator.faults(maintenance=True), pytest.raises(ServiceUnavailableError):
        meedio.organization.get()
    assert [a.status for a in emulator.requests("getOrganization")] == [503, 503, 503]
    moved = emulator.advance(0).offset_seconds - before
    assert moved >= 0.5 * 0.75 + 1.0 * 0.75  # the two back-offs (jitter >= 0.75), not slept


def test_requests_filters_by_status_and_method(
    emulator: MeedioEmulator, meedio: MeedioClient
) -> None:
    meeting = meedio.meetings.create(owner_email="john@meedio.me")
    with pytest.raises(NotFoundError):
        meedio.rooms.get("nowhere")
    assert [r.operation_id for r in emulator.requests(status=404)] == ["getRoom"]
    assert [r.path for r in emulator.requests(method="POST")] == ["/api/v3/meeting"]
    assert emulator.requests("getMeeting") == []
    meedio.meetings.get(meeting.id)
    assert len(emulator.requests("getMeeting")) == 1


def test_seed_adds_an_organization_until_the_next_reset(emulator: MeedioEmulator) -> None:
    emulator.reset()
    emulator.seed({"organizations": [ORG]})
    with emulator.client(api_key="seeded-key", api_secret=SECRET) as seeded:
        assert seeded.organization.get().name == "Seeded Clinic"
        created = seeded.meetings.create(owner_email="seed@clinic.example")
        assert created.id
        emulator.reset()
        with pytest.raises(Exception, match="401"):
            seeded.organization.get()


def test_seed_refuses_a_key_of_another_organization(emulator: MeedioEmulator) -> None:
    emulator.reset()
    taken = {**ORG, "keys": [{"apiKey": emulator.api_key, "apiSecret": SECRET}]}
    with pytest.raises(ControlError, match="409") as refused:
        emulator.seed({"organizations": [taken]})
    assert SECRET not in str(refused.value)


def test_seed_refuses_a_bad_mapping_without_echoing_it(emulator: MeedioEmulator) -> None:
    emulator.reset()
    bad = {"organizations": [{"name": "no id", "keys": [{"apiKey": "k", "apiSecret": SECRET}]}]}
    with pytest.raises(ValueError, match="not an organizations mapping") as refused:
        emulator.seed(bad)
    assert SECRET not in str(refused.value)
    no_uuid = {"organizations": [{**ORG, "id": "not-a-uuid"}]}
    with pytest.raises(ValueError, match="not an organizations mapping"):
        emulator.seed(no_uuid)


def test_the_repr_hides_the_secret(emulator: MeedioEmulator) -> None:
    assert emulator.api_secret not in repr(emulator)


def test_served_in_thread_binds_loopback_and_stops() -> None:
    with served_in_thread() as emulator:
        url = httpx.URL(emulator.url)
        assert url.host == "127.0.0.1"
        assert httpx.get(f"{emulator.url}/_emulator/health").status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{emulator.url}/_emulator/health", timeout=2)


def test_in_process_opens_no_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a socket was used in process")

    with in_process() as emulator:
        monkeypatch.setattr(socket.socket, "connect", refuse)
        monkeypatch.setattr(socket.socket, "bind", refuse)
        with emulator.client() as meedio:
            meeting = meedio.meetings.create(owner_email="john@meedio.me")  # API_KEY arrives
            emulator.join(meeting)
        assert [(r.operation_id, r.status) for r in emulator.requests()] == [
            ("createMeeting", 201),
            ("joinMeeting", 201),  # the journal lists who came and went too
        ]
