"""examples/clinic-app/tests/test_helpers.py with respx, one test for each: what the emulator's
helpers (join, advance, faults, requests, state, seed) bring about is mocked as the answers
that follow from it, in order; what its journal and state show is read from respx's calls."""

import json
import time

import httpx
import pytest
import respx
from clinic import book_visit, visit_is_open
from meedio_client import MeedioClient
from meedio_client.errors import (
    AuthenticationError,
    InternalServerError,
    NotFoundError,
    ServiceUnavailableError,
)
from meedio_mocks import API, answer, error, errors, example, no_wait

pytestmark = pytest.mark.respx(base_url=API)
DOCTOR = "john@meedio.me"


def test_each_test_starts_from_a_reset_emulator(
    respx_mock: respx.MockRouter, meedio: MeedioClient
) -> None:
    assert respx_mock.calls.call_count == 0  # a router of its own for each test
    create = respx_mock.post("/v3/meeting").respond(201, json=example("Consultation"))
    book_visit(meedio, DOCTOR)
    assert create.call_count == 1


def test_advance_moves_the_clock_that_closes_meetings(
    respx_mock: respx.MockRouter, meedio: MeedioClient
) -> None:
    consultation = example("Consultation")
    respx_mock.post("/v3/meeting").respond(201, json=consultation)
    respx_mock.get(f"/v3/meeting/{consultation['id']}").mock(
        side_effect=[answer(200, consultation), error("NotFound")]  # 14, then 15 minutes on
    )
    visit = book_visit(meedio, DOCTOR)
    assert visit_is_open(meedio, visit)
    assert not visit_is_open(meedio, visit)


def test_join_and_leave_a_meeting_and_a_room(
    respx_mock: respx.MockRouter, meedio: MeedioClient
) -> None:
    meeting_json = example("Meeting", isInfinite=False)
    room_json = example("Room", slug="physio-room")
    respx_mock.post("/v3/meeting").respond(201, json=meeting_json)
    respx_mock.post("/v3/room").respond(201, json=room_json)
    respx_mock.get(f"/v3/meeting/{meeting_json['id']}").mock(
        side_effect=[answer(200, meeting_json), error("NotFound")]
    )
    respx_mock.get("/v3/room/physio-room").mock(
        side_effect=[answer(200, room_json), error("NotFound")]
    )
    meeting = meedio.meetings.create(owner_email=DOCTOR)
    meedio.rooms.create(slug="physio-room")
    assert meedio.meetings.get(meeting.id).id == meeting.id  # kept open by its participant
    assert meedio.rooms.get("physio-room").slug == "physio-room"
    with pytest.raises(NotFoundError):
        meedio.meetings.get(meeting.id)
    with pytest.raises(NotFoundError):
        meedio.rooms.get("physio-room")


def test_faults_maintenance_then_restored(
    respx_mock: respx.MockRouter, meedio: MeedioClient
) -> None:
    organization = example("Organization")
    respx_mock.get("/v3/organizations").mock(
        side_effect=[*errors("ServiceUnavailable", 3), answer(200, organization)]
    )
    with pytest.raises(ServiceUnavailableError):
        meedio.organization.get()
    assert meedio.organization.get().name == organization["name"]


def test_faults_error_rate_and_latency(respx_mock: respx.MockRouter, meedio: MeedioClient) -> None:
    organization = example("Organization")
    route = respx_mock.get("/v3/organizations").mock(side_effect=errors("InternalServerError", 3))
    with pytest.raises(InternalServerError):
        meedio.organization.get()

    def slow(request: httpx.Request) -> httpx.Response:
        time.sleep(0.3)
        return answer(200, organization)

    route.mock(side_effect=slow)
    started = time.perf_counter()
    meedio.organization.get()
    assert time.perf_counter() - started >= 0.295


def test_requests_lists_every_attempt(respx_mock: respx.MockRouter, meedio: MeedioClient) -> None:
    respx_mock.post("/v3/meeting").respond(201, json=example("Consultation"))
    respx_mock.get("/v3/organizations").mock(side_effect=errors("ServiceUnavailable", 3))
    book_visit(meedio, DOCTOR)
    with pytest.raises(ServiceUnavailableError):
        meedio.organization.get()
    assert [(c.request.url.path, c.response.status_code) for c in respx_mock.calls] == [
        ("/api/v3/meeting", 201),
        ("/api/v3/organizations", 503),
        ("/api/v3/organizations", 503),
        ("/api/v3/organizations", 503),
    ]


def test_state_shows_participants(respx_mock: respx.MockRouter, meedio: MeedioClient) -> None:
    consultation = example("Consultation")
    create = respx_mock.post("/v3/meeting").respond(201, json=consultation)
    visit = book_visit(meedio, DOCTOR)
    assert json.loads(create.calls.last.request.content)["ownerEmail"] == DOCTOR
    assert visit.meeting_id == consultation["id"]


def test_seed_adds_an_organization_and_its_keys(respx_mock: respx.MockRouter) -> None:
    respx_mock.get("/v3/organizations", headers={"API_KEY": "physio-key"}).mock(
        side_effect=[
            error("Unauthorized"),
            answer(200, example("Organization", name="Riverside Physio")),
        ]
    )
    with MeedioClient("physio-key", "physio-secret-0123456789", sleep=no_wait) as c:
        with pytest.raises(AuthenticationError):
            c.organization.get()
        assert c.organization.get().name == "Riverside Physio"
