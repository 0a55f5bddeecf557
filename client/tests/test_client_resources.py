"""The resource clients, sync and async, every method against a served emulator; every answer
is also checked against the spec by an independent validator (tests.support)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from meedio_client import AsyncMeedioClient, MeedioClient, errors
from meedio_client.models import Consultation, DeletedMeeting, Meeting, QueueObject, QueueType

from tests.support import (
    ASYNC_CONFORMING_HOOKS,
    CONFORMING_HOOKS,
    DOCS_KEY,
    DOCS_SECRET,
    journal_operations,
    operation_ids,
    served_emulator,
)
from tests.support.control import reset


@pytest.fixture(scope="module")
def root() -> Iterator[str]:
    with served_emulator("--rate-limit", "0") as url:
        yield url


@pytest.fixture
def api(root: str) -> str:
    reset(root)
    return f"{root}/api"


def test_every_resource_method_sync(api: str) -> None:
    with MeedioClient(
        DOCS_KEY, DOCS_SECRET, api, httpx_args={"event_hooks": CONFORMING_HOOKS}
    ) as client:
        org = client.organization.get()
        owner = org.users[0].email
        meeting = client.meetings.create(owner_email=owner, type="meeting", is_infinite=False)
        assert isinstance(meeting, Meeting) and meeting.is_infinite is False
        consultation = client.meetings.create(owner_email=owner, type="CONSULTATION")
        assert isinstance(consultation, Consultation)
        assert client.meetings.get(str(meeting.id)) == meeting
        deleted = client.meetings.delete(meeting.id)
        assert isinstance(deleted, DeletedMeeting) and deleted.id == meeting.id
        with pytest.raises(errors.NotFoundError):
            client.meetings.get(meeting.id)
        with pytest.raises(errors.PermissionDeniedError):
            client.meetings.delete(consultation.id)
        room = client.rooms.create("ward-a", title="Ward A")
        form_room = client.rooms.create("ward-b", content_type="application/x-www-form-urlencoded")
        assert room.title == "Ward A" and client.rooms.get("ward-b") == form_room
        queue = client.queues.create(
            "Desk", "desk", QueueType.WAITING_ROOM, closing_message="Closed"
        )
        updated = client.queues.update(
            queue.id, name="Front desk", members_ids=[org.users[1].id], is_active=False
        )
        assert (
            isinstance(updated, QueueObject)
            and updated.name == "Front desk"
            and updated.is_active is False
        )
        assert [m.user_id for m in updated.members] == [org.users[1].id]
        assert client.queues.get(queue.id).name == "Front desk"
        assert client.queues.delete(queue.id).id == queue.id
    assert journal_operations(api.removesuffix("/api")) == operation_ids()  # none left out


def test_every_resource_method_async(api: str) -> None:
    async def scenario() -> None:
        async with AsyncMeedioClient(
            DOCS_KEY, DOCS_SECRET, api, httpx_args={"event_hooks": ASYNC_CONFORMING_HOOKS}
        ) as client:
            org = await client.organization.get()
            meeting = await client.meetings.create(owner_email=org.users[0].email)
            assert await client.meetings.get(meeting.id) == meeting
            assert isinstance(await client.meetings.delete(meeting.id), DeletedMeeting)
            room = await client.rooms.create("async-room")
            assert await client.rooms.get(room.slug) == room
            queue = await client.queues.create("A", "aq", "BOARD")
            assert (await client.queues.update(queue.id, name="B")).name == "B"
            assert (await client.queues.get(queue.id)).name == "B"
            assert (await client.queues.delete(queue.id)).id == queue.id
            with pytest.raises(errors.NotFoundError):
                await client.queues.get(queue.id)

    asyncio.run(scenario())
    assert journal_operations(api.removesuffix("/api")) == operation_ids()  # none left out
