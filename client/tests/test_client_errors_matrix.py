"""Every operation, sync and async, meets its documented errors as typed exceptions
(against a served emulator; faults and the rate limit driven through the control plane)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from typing import Any
from uuid import UUID

import httpx
import pytest
from meedio_client import MeedioClient, errors
from meedio_client.api.meeting import create_meeting, delete_meeting, get_meeting
from meedio_client.api.organization import get_organization
from meedio_client.api.queue import create_queue, delete_queue, get_queue, update_queue
from meedio_client.api.room import create_room, get_room
from meedio_client.models import (
    CreateMeetingRequest,
    CreateQueueRequest,
    CreateRoomRequest,
    QueueType,
    UpdateQueueRequest,
)

from tests.support import (
    ASYNC_CONFORMING_HOOKS,
    BASIC_KEY,
    BASIC_SECRET,
    CONFORMING_HOOKS,
    DOCS_KEY,
    DOCS_SECRET,
    operation_ids,
    served_emulator,
)

UNKNOWN_MEETING = UUID("3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b")
UNKNOWN_QUEUE = "0123456789abcdef01234567"
ANNA = "00d247fb-5d4d-4c73-a5a0-20b3f895ca72"  # a user of the basic organization

# operation -> the module and the keyword arguments of a well-formed call
Call = tuple[Any, dict[str, Any]]


def well_formed(ids: dict[str, Any]) -> dict[str, Call]:
    return {
        "getOrganization": (get_organization, {}),
        "createMeeting": (
            create_meeting,
            {"body": CreateMeetingRequest(owner_email="john@meedio.me")},
        ),
        "getMeeting": (get_meeting, {"id": ids["meeting"]}),
        "deleteMeeting": (delete_meeting, {"id": ids["meeting"]}),
        "createRoom": (create_room, {"body": CreateRoomRequest(slug="matrix-room-new")}),
        "getRoom": (get_room, {"slug": ids["room"]}),
        "createQueue": (
            create_queue,
            {"body": CreateQueueRequest(name="q", slug="matrix-q-new", type_=QueueType.BOARD)},
        ),
        "getQueue": (get_queue, {"id": ids["queue"]}),
        "updateQueue": (update_queue, {"id": ids["queue"], "body": UpdateQueueRequest(name="n")}),
        "deleteQueue": (delete_queue, {"id": ids["queue"]}),
    }


# Per operation, the request that meets each of its own documented 4xx.
SPECIFIC: dict[str, dict[type[errors.APIStatusError], Call]] = {
    "createMeeting": {
        errors.BadRequestError: (
            create_meeting,
            {"body": CreateMeetingRequest(owner_email="john@meedio.me", type_="webinar")},
        ),
        errors.PermissionDeniedError: (
            create_meeting,
            {"body": CreateMeetingRequest(owner_email="anna@basic.example")},
        ),
    },
    "getMeeting": {errors.NotFoundError: (get_meeting, {"id": UNKNOWN_MEETING})},
    "deleteMeeting": {errors.NotFoundError: (delete_meeting, {"id": UNKNOWN_MEETING})},
    "createRoom": {
        errors.BadRequestError: (create_room, {"body": CreateRoomRequest(slug="no spaces")})
    },
    # Any slug is a well-formed path (DECISIONS 30): an unusual one is simply not found.
    "getRoom": {errors.NotFoundError: (get_room, {"slug": "no spaces"})},
    "createQueue": {
        errors.BadRequestError: (
            create_queue,
            {"body": CreateQueueRequest(name="n", slug="no spaces", type_=QueueType.BOARD)},
        )
    },
    "getQueue": {
        errors.BadRequestError: (get_queue, {"id": "queue-id-example"}),
        errors.NotFoundError: (get_queue, {"id": UNKNOWN_QUEUE}),
    },
    "updateQueue": {
        errors.NotFoundError: (
            update_queue,
            {"id": UNKNOWN_QUEUE, "body": UpdateQueueRequest(name="n")},
        ),
    },
    "deleteQueue": {
        errors.BadRequestError: (delete_queue, {"id": "queue-id-example"}),
        errors.NotFoundError: (delete_queue, {"id": UNKNOWN_QUEUE}),
    },
}
OPERATIONS = sorted(well_formed({"meeting": UNKNOWN_MEETING, "room": "r", "queue": UNKNOWN_QUEUE}))
HOME = "client/tests/test_client_errors_matrix.py (well_formed)"


def unmatched(spec_operations: set[str]) -> list[str]:
    """One line per operation of the spec without a well-formed call here, or here and not in
    the spec, naming the file to write (tests/test_adding_an_operation.py runs it on a copy)."""
    return [
        f"no well-formed call for {operation}: add it to {HOME}"
        for operation in sorted(spec_operations - set(OPERATIONS))
    ] + [
        f"{operation} is no operation of the spec: remove it from {HOME}"
        for operation in sorted(set(OPERATIONS) - spec_operations)
    ]


def test_the_matrix_holds_every_operation_of_the_spec() -> None:
    """A new operation in the spec fails here until it has its well-formed call."""
    assert unmatched(operation_ids()) == []
    assert set(OPERATIONS) == operation_ids()
    assert set(SPECIFIC) <= operation_ids()


@pytest.fixture(scope="module")
def root() -> Iterator[str]:
    with served_emulator("--rate-limit", "1") as url:
        yield url


@pytest.fixture
def ids(root: str) -> dict[str, Any]:
    httpx.post(f"{root}/_emulator/reset")
    headers = {"API_KEY": BASIC_KEY, "API_SECRET": BASIC_SECRET}
    # The basic organization prepares resources (its key has its own rate-limit window).
    meeting = httpx.post(
        f"{root}/api/v3/meeting", headers=headers, json={"isInfinite": True}
    ).json()
    httpx.post(f"{root}/_emulator/clock/advance", json={"seconds": 61})
    return {"meeting": UUID(meeting["id"]), "room": "matrix-room", "queue": UNKNOWN_QUEUE}


def _invoke(mode: str, call: Call, client: MeedioClient) -> Any:
    module, kwargs = call
    args = dict(kwargs)
    positional = [args.pop(name) for name in ("id", "slug") if name in args]
    if mode == "sync":
        return module.sync(*positional, client=client, **args)
    coroutine: Callable[..., Coroutine[Any, Any, Any]] = module.asyncio
    return asyncio.run(coroutine(*positional, client=client, **args))


def _client(root: str, mode: str, secret: str = DOCS_SECRET) -> MeedioClient:
    """A client whose every answer is checked against the spec (hooks of the mode's kind)."""
    hooks = CONFORMING_HOOKS if mode == "sync" else ASYNC_CONFORMING_HOOKS
    return MeedioClient(
        DOCS_KEY, secret, f"{root}/api", max_retries=0, httpx_args={"event_hooks": hooks}
    )


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("operation", OPERATIONS)
def test_shared_errors(root: str, ids: dict[str, Any], operation: str, mode: str) -> None:
    """401, 500, 503 and 429 can meet every operation."""
    call = well_formed(ids)[operation]
    with pytest.raises(errors.AuthenticationError):
        _invoke(mode, call, _client(root, mode, secret="wrong"))
    httpx.post(f"{root}/_emulator/faults", json={"errorRate": 1.0})
    with pytest.raises(errors.InternalServerError):
        _invoke(mode, call, _client(root, mode))
    httpx.post(f"{root}/_emulator/faults", json={"errorRate": 0.0, "maintenance": True})
    with pytest.raises(errors.ServiceUnavailableError):
        _invoke(mode, call, _client(root, mode))
    httpx.delete(f"{root}/_emulator/faults")
    httpx.post(f"{root}/_emulator/clock/advance", json={"seconds": 61})  # a fresh minute
    httpx.get(
        f"{root}/api/v3/organizations", headers={"API_KEY": DOCS_KEY, "API_SECRET": DOCS_SECRET}
    )
    with pytest.raises(errors.RateLimitError) as limited:
        _invoke(mode, call, _client(root, mode))
    assert limited.value.retry_after is not None


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    ("operation", "expected"),
    [(op, cls) for op, table in sorted(SPECIFIC.items()) for cls in table],
    ids=lambda v: v if isinstance(v, str) else v.__name__,
)
def test_operation_specific_errors(
    root: str, ids: dict[str, Any], operation: str, expected: type[errors.APIStatusError], mode: str
) -> None:
    httpx.post(f"{root}/_emulator/clock/advance", json={"seconds": 61})
    with pytest.raises(expected):
        _invoke(mode, SPECIFIC[operation][expected], _client(root, mode))


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_forbidden_delete_of_a_consultation(root: str, ids: dict[str, Any], mode: str) -> None:
    consultation = httpx.post(
        f"{root}/api/v3/meeting",
        headers={"API_KEY": DOCS_KEY, "API_SECRET": DOCS_SECRET},
        json={"ownerEmail": "john@meedio.me", "type": "CONSULTATION"},
    ).json()
    httpx.post(f"{root}/_emulator/clock/advance", json={"seconds": 61})
    with pytest.raises(errors.PermissionDeniedError):
        _invoke(mode, (delete_meeting, {"id": UUID(consultation["id"])}), _client(root, mode))
