"""The helpers again, from async tests with the ``async_meedio`` client (anyio runs them)."""

import pytest
from clinic import ClinicUnavailable, book_visit_async
from meedio_client import AsyncMeedioClient
from meedio_client.errors import InternalServerError, NotFoundError, ServiceUnavailableError
from meedio_emulator.testing import MeedioEmulator

pytestmark = pytest.mark.anyio
DOCTOR = "john@meedio.me"


async def test_advance(meedio_emulator: MeedioEmulator, async_meedio: AsyncMeedioClient) -> None:
    visit = await book_visit_async(async_meedio, DOCTOR)
    meedio_emulator.advance(seconds=15 * 60)
    with pytest.raises(NotFoundError):
        await async_meedio.meetings.get(visit.meeting_id)


async def test_join_and_leave(
    meedio_emulator: MeedioEmulator, async_meedio: AsyncMeedioClient
) -> None:
    room = await async_meedio.rooms.create(slug="waiting-room")
    guest = meedio_emulator.join(room.slug)
    meedio_emulator.advance(seconds=3600)
    assert (await async_meedio.rooms.get("waiting-room")).slug == "waiting-room"
    meedio_emulator.leave(guest)
    meedio_emulator.advance(seconds=15 * 60)
    with pytest.raises(NotFoundError):
        await async_meedio.rooms.get("waiting-room")


async def test_faults(meedio_emulator: MeedioEmulator, async_meedio: AsyncMeedioClient) -> None:
    with meedio_emulator.faults(maintenance=True), pytest.raises(ClinicUnavailable):
        await book_visit_async(async_meedio, DOCTOR)
    with meedio_emulator.faults(error_rate=1.0), pytest.raises(InternalServerError):
        await async_meedio.organization.get()
    assert (await async_meedio.organization.get()).name == "Meedio Clinic"


async def test_requests(meedio_emulator: MeedioEmulator, async_meedio: AsyncMeedioClient) -> None:
    with meedio_emulator.faults(maintenance=True), pytest.raises(ServiceUnavailableError):
        await async_meedio.organization.get()
    assert [r.status for r in meedio_emulator.requests("getOrganization")] == [503, 503, 503]


async def test_state(meedio_emulator: MeedioEmulator, async_meedio: AsyncMeedioClient) -> None:
    visit = await book_visit_async(async_meedio, DOCTOR)
    assert [m["id"] for m in meedio_emulator.state()["meetings"]] == [visit.meeting_id]


async def test_seed(meedio_emulator: MeedioEmulator) -> None:
    meedio_emulator.seed(
        {
            "organizations": [
                {
                    "id": "0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
                    "name": "Async Clinic",
                    "slug": "async-clinic",
                    "keys": [{"apiKey": "async-key", "apiSecret": "async-secret-0123456789"}],
                }
            ]
        }
    )
    client = meedio_emulator.async_client(api_key="async-key", api_secret="async-secret-0123456789")
    async with client:
        assert (await client.organization.get()).name == "Async Clinic"
