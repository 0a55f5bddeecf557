"""examples/clinic-app/tests/test_helpers_async.py with respx, one test for each (anyio runs
them)."""

import pytest
import respx
from clinic import ClinicUnavailable, book_visit_async
from meedio_client import AsyncMeedioClient
from meedio_client.errors import InternalServerError, NotFoundError, ServiceUnavailableError
from meedio_mocks import API, answer, error, errors, example, no_wait_async

pytestmark = [pytest.mark.anyio, pytest.mark.respx(base_url=API)]
DOCTOR = "john@meedio.me"


async def test_advance(respx_mock: respx.MockRouter, async_meedio: AsyncMeedioClient) -> None:
    consultation = example("Consultation")
    respx_mock.post("/v3/meeting").respond(201, json=consultation)
    respx_mock.get(f"/v3/meeting/{consultation['id']}").mock(return_value=error("NotFound"))
    visit = await book_visit_async(async_meedio, DOCTOR)
    with pytest.raises(NotFoundError):
        await async_meedio.meetings.get(visit.meeting_id)


async def test_join_and_leave(
    respx_mock: respx.MockRouter, async_meedio: AsyncMeedioClient
) -> None:
    room_json = example("Room", slug="waiting-room")
    respx_mock.post("/v3/room").respond(201, json=room_json)
    respx_mock.get("/v3/room/waiting-room").mock(
        side_effect=[answer(200, room_json), error("NotFound")]
    )
    await async_meedio.rooms.create(slug="waiting-room")
    assert (await async_meedio.rooms.get("waiting-room")).slug == "waiting-room"
    with pytest.raises(NotFoundError):
        await async_meedio.rooms.get("waiting-room")


async def test_faults(respx_mock: respx.MockRouter, async_meedio: AsyncMeedioClient) -> None:
    organization = example("Organization")
    respx_mock.post("/v3/meeting").mock(side_effect=errors("ServiceUnavailable", 3))
    respx_mock.get("/v3/organizations").mock(
        side_effect=[*errors("InternalServerError", 3), answer(200, organization)]
    )
    with pytest.raises(ClinicUnavailable):
        await book_visit_async(async_meedio, DOCTOR)
    with pytest.raises(InternalServerError):
        await async_meedio.organization.get()
    assert (await async_meedio.organization.get()).name == organization["name"]


async def test_requests(respx_mock: respx.MockRouter, async_meedio: AsyncMeedioClient) -> None:
    route = respx_mock.get("/v3/organizations").mock(side_effect=errors("ServiceUnavailable", 3))
    with pytest.raises(ServiceUnavailableError):
        await async_meedio.organization.get()
    assert [call.response.status_code for call in route.calls] == [503, 503, 503]


async def test_state(respx_mock: respx.MockRouter, async_meedio: AsyncMeedioClient) -> None:
    consultation = example("Consultation")
    create = respx_mock.post("/v3/meeting").respond(201, json=consultation)
    visit = await book_visit_async(async_meedio, DOCTOR)
    assert visit.meeting_id == consultation["id"]
    assert create.call_count == 1


async def test_seed(respx_mock: respx.MockRouter) -> None:
    respx_mock.get("/v3/organizations", headers={"API_KEY": "async-key"}).respond(
        200, json=example("Organization", name="Async Clinic")
    )
    client = AsyncMeedioClient("async-key", "async-secret-0123456789", async_sleep=no_wait_async)
    async with client:
        assert (await client.organization.get()).name == "Async Clinic"
