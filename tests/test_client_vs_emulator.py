"""Every generated operation, sync and async, through MeedioClient against a served emulator."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime
from uuid import UUID

import httpx
import pytest
from meedio_client import MeedioClient, errors
from meedio_client.api.meeting import create_meeting, delete_meeting, get_meeting
from meedio_client.api.organization import get_organization
from meedio_client.api.queue import create_queue, delete_queue, get_queue, update_queue
from meedio_client.api.room import create_room, get_room
from meedio_client.models import (
    Consultation,
    CreateMeetingRequest,
    CreateQueueRequest,
    CreateRoomForm,
    CreateRoomRequest,
    DeletedMeeting,
    Meeting,
    MeetingType,
    Organization,
    Queue,
    QueueObject,
    QueueType,
    Room,
    UpdateQueueRequest,
)

from tests.support import (
    BASIC_KEY,
    BASIC_SECRET,
    CONFORMING_HOOKS,
    DOCS_KEY,
    DOCS_SECRET,
    journal_operations,
    operation_ids,
    served_emulator,
)
from tests.support.control import advance, clear_faults, join, leave, reset, set_faults

UNKNOWN = UUID("3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b")


@pytest.fixture(scope="module")
def root() -> Iterator[str]:
    with served_emulator("--rate-limit", "0") as url:
        yield url


@pytest.fixture
def client(root: str) -> Iterator[MeedioClient]:
    reset(root)
    hooks = {"event_hooks": CONFORMING_HOOKS}
    with MeedioClient(DOCS_KEY, DOCS_SECRET, f"{root}/api", max_retries=0, httpx_args=hooks) as c:
        yield c


def test_every_operation_sync(root: str, client: MeedioClient) -> None:
    org = get_organization.sync(client=client)
    assert isinstance(org, Organization)
    owner = org.users[0].email
    meeting = create_meeting.sync(
        client=client, body=CreateMeetingRequest(owner_email=owner, is_infinite=True)
    )
    assert isinstance(meeting, Meeting)
    assert meeting.is_infinite is True
    consultation = create_meeting.sync(
        client=client, body=CreateMeetingRequest(owner_email=owner, type_=MeetingType.CONSULTATION)
    )
    assert isinstance(consultation, Consultation)
    assert get_meeting.sync(meeting.id, client=client) == meeting
    deleted = delete_meeting.sync(meeting.id, client=client)
    assert isinstance(deleted, DeletedMeeting)
    assert isinstance(deleted.deleted_at, datetime)  # the emulator names it (DECISIONS 18)
    assert deleted.deleted_at.tzinfo is not None
    room = create_room.sync(client=client, body=CreateRoomRequest(slug="json-room", title="T"))
    assert isinstance(room, Room)
    assert room.title == "T"
    form_room = create_room.sync(client=client, body=CreateRoomForm(slug="form-room"))
    assert get_room.sync("form-room", client=client) == form_room
    queue = create_queue.sync(
        client=client,
        body=CreateQueueRequest(name="Desk", slug="desk", type_=QueueType.WAITING_ROOM),
    )
    assert isinstance(queue, Queue)  # create and get: id and redirect URL
    member = org.users[1].id
    updated = update_queue.sync(
        queue.id, client=client, body=UpdateQueueRequest(members_ids=[member], is_active=False)
    )
    assert [m.user_id for m in updated.members] == [member]
    assert updated.is_active is False
    assert isinstance(updated, QueueObject)  # update and delete: the queue object
    assert get_queue.sync(queue.id, client=client).to_dict() == updated.to_dict()
    assert delete_queue.sync(queue.id, client=client).id == queue.id
    assert journal_operations(root) == operation_ids()  # a new operation joins this test


def test_every_operation_async(root: str) -> None:
    async def scenario() -> None:
        async with MeedioClient(DOCS_KEY, DOCS_SECRET, f"{root}/api", max_retries=0) as client:
            org = await get_organization.asyncio(client=client)
            meeting = await create_meeting.asyncio(
                client=client, body=CreateMeetingRequest(owner_email=org.users[0].email)
            )
            assert await get_meeting.asyncio(meeting.id, client=client) == meeting
            assert isinstance(
                await delete_meeting.asyncio(meeting.id, client=client), DeletedMeeting
            )
            room = await create_room.asyncio(
                client=client, body=CreateRoomRequest(slug="async-room")
            )
            assert await get_room.asyncio(room.slug, client=client) == room
            queue = await create_queue.asyncio(
                client=client, body=CreateQueueRequest(name="A", slug="aq", type_=QueueType.BOARD)
            )
            assert (
                await update_queue.asyncio(
                    queue.id, client=client, body=UpdateQueueRequest(name="B")
                )
            ).name == "B"
            assert (await get_queue.asyncio(queue.id, client=client)).name == "B"
            assert (await delete_queue.asyncio(queue.id, client=client)).id == queue.id
            with pytest.raises(errors.NotFoundError):
                await get_queue.asyncio(queue.id, client=client)

    reset(root)
    asyncio.run(scenario())
    assert journal_operations(root) == operation_ids()  # a new operation joins this test


def test_documented_errors_raise_typed_exceptions(root: str, client: MeedioClient) -> None:
    with pytest.raises(errors.BadRequestError) as bad:
        create_meeting.sync(client=client, body=CreateMeetingRequest())  # medical: owner required
    assert "ownerEmail" in bad.value.message
    with pytest.raises(errors.NotFoundError):
        get_meeting.sync(UNKNOWN, client=client)
    consultation = create_meeting.sync(
        client=client, body=CreateMeetingRequest(owner_email="john@meedio.me", type_="consultation")
    )
    with pytest.raises(errors.PermissionDeniedError):
        delete_meeting.sync(consultation.id, client=client)
    with (
        MeedioClient(DOCS_KEY, "wrong-secret", f"{root}/api") as wrong,
        pytest.raises(errors.AuthenticationError),
    ):
        get_organization.sync(client=wrong)
    set_faults(root, error_rate=1.0)
    with pytest.raises(errors.InternalServerError):
        get_organization.sync(client=client)
    set_faults(root, error_rate=0.0, maintenance=True)
    with pytest.raises(errors.ServiceUnavailableError):
        get_organization.sync(client=client)
    clear_faults(root)


def test_retry_recovers_from_injected_503(root: str) -> None:
    reset(root)
    set_faults(root, maintenance=True)
    waits: list[float] = []

    def sleep(seconds: float) -> None:  # the maintenance ends while the client waits
        waits.append(seconds)
        clear_faults(root)

    with MeedioClient(DOCS_KEY, DOCS_SECRET, f"{root}/api", sleep=sleep) as client:
        assert get_organization.sync(client=client).name == "Meedio Clinic"
    assert len(waits) == 1


def test_rate_limit_429_and_retry_after() -> None:
    with served_emulator("--rate-limit", "2") as root:
        with MeedioClient(BASIC_KEY, BASIC_SECRET, f"{root}/api", max_retries=0) as client:
            get_organization.sync(client=client)
            get_organization.sync(client=client)
            with pytest.raises(errors.RateLimitError) as limited:
                get_organization.sync(client=client)
            assert limited.value.retry_after is not None
            assert 0 < limited.value.retry_after <= 60

        def sleep(seconds: float) -> None:  # waiting moves the emulator's clock, not ours
            advance(root, seconds)

        # The deadline (the timeout's largest value) must leave room for the wait.
        patient = httpx.Timeout(5.0, read=120.0)
        with MeedioClient(
            BASIC_KEY, BASIC_SECRET, f"{root}/api", sleep=sleep, timeout=patient
        ) as client:
            assert get_organization.sync(client=client).name == "Meedio Basic"


def test_closing_rules_observed_through_the_client(root: str, client: MeedioClient) -> None:
    meeting = create_meeting.sync(
        client=client, body=CreateMeetingRequest(owner_email="john@meedio.me")
    )
    person = join(root, meeting)
    advance(root, 3600)
    assert get_meeting.sync(meeting.id, client=client).id == meeting.id
    leave(root, person)
    advance(root, 15 * 60)
    with pytest.raises(errors.NotFoundError):
        get_meeting.sync(meeting.id, client=client)
