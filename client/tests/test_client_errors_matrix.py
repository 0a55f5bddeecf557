"""Every operation, sync and async, meets its documented errors as typed exceptions
(against a served emulator; faults and the rate limit driven through the control plane)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from importlib import import_module
from typing import Any
from uuid import UUID

import httpx
import pytest
from meedio_client import MeedioClient, errors, models
from meedio_client.api.meeting import create_meeting, delete_meeting, get_meeting
from meedio_client.api.queue import create_queue, delete_queue, get_queue, update_queue
from meedio_client.api.room import create_room, get_room
from meedio_client.models import (
    CreateMeetingRequest,
    CreateQueueRequest,
    CreateRoomRequest,
    QueueType,
    UpdateQueueRequest,
)
from openapi_python_client.strings import snake_case

from meedio_spec.document import resolve
from meedio_spec.kinds import KINDS, Kind, kind_of
from meedio_spec.operations import Operation, OperationIndex
from tests.support import (
    ASYNC_CONFORMING_HOOKS,
    BASIC_KEY,
    BASIC_SECRET,
    CONFORMING_HOOKS,
    DOCS_KEY,
    DOCS_SECRET,
    VERIFY,
    operation_ids,
    served_emulator,
    spec,
)
from tests.support.control import advance, clear_faults, reset, set_faults

UNKNOWN_MEETING = UUID("3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b")
UNKNOWN_QUEUE = "0123456789abcdef01234567"
ANNA = "00d247fb-5d4d-4c73-a5a0-20b3f895ca72"  # a user of the basic organization

# operation -> the module and the keyword arguments of a well-formed call
Call = tuple[Any, dict[str, Any]]
INDEX = OperationIndex(spec())


def call_of(op: Operation, ids: dict[str, Any], kinds: dict[str, Kind] = KINDS) -> Call:
    """The generated module of ``op`` and a well-formed call of it, from the spec: its first
    named JSON request example as the body (the model the spec's schema names), the id of its
    resource kind's prepared resource for each path parameter. No table to keep by hand."""
    module = import_module(f"meedio_client.api.{op.tag}.{snake_case(op.operation_id)}")
    kwargs: dict[str, Any] = {}
    if op.path_parameters:
        kind = kind_of(op.operation_id, kinds)
        if kind is None:
            raise LookupError(
                f"{op.operation_id} takes an id but no resource kind names it: "
                "add it to openapi/resource-kinds.yaml"
            )
        kwargs.update(dict.fromkeys(op.path_parameters, ids[kind.name]))
    body = resolve(INDEX.document, op.raw.get("requestBody", {}))
    media = body.get("content", {}).get("application/json")
    if media is not None:
        examples = op.request_examples.get("application/json")
        if not examples:
            raise LookupError(
                f"{op.operation_id} has no named JSON request example: "
                "add one to openapi/meedio-v3.yaml"
            )
        model = getattr(models, str(media["schema"]["$ref"]).rsplit("/", 1)[1])
        kwargs["body"] = model.from_dict(next(iter(examples.values())))
    return module, kwargs


def well_formed(
    ids: dict[str, Any], index: OperationIndex = INDEX, kinds: dict[str, Kind] = KINDS
) -> dict[str, Call]:
    """Every operation of ``index`` with its well-formed call."""
    return {op.operation_id: call_of(op, ids, kinds) for op in index}


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
OPERATIONS = sorted(INDEX.ids)


def test_the_matrix_holds_every_operation_of_the_spec() -> None:
    """Derived from the spec: a new operation joins with the call its example makes."""
    calls = well_formed({"meeting": UNKNOWN_MEETING, "room": "r", "queue": UNKNOWN_QUEUE})
    assert set(calls) == set(OPERATIONS) == operation_ids()
    assert set(SPECIFIC) <= operation_ids()
    assert calls["createRoom"][1]["body"] == CreateRoomRequest.from_dict(
        INDEX.by_id["createRoom"].request_example("DOCS_ROOM")
    )
    assert calls["getQueue"] == (get_queue, {"id": UNKNOWN_QUEUE})


@pytest.fixture(scope="module")
def root() -> Iterator[str]:
    with served_emulator("--rate-limit", "1") as url:
        yield url


@pytest.fixture
def ids(root: str) -> dict[str, Any]:
    reset(root)
    headers = {"API_KEY": BASIC_KEY, "API_SECRET": BASIC_SECRET}
    # The basic organization prepares resources (its key has its own rate-limit window).
    meeting = httpx.post(
        f"{root}/api/v3/meeting", headers=headers, json={"isInfinite": True}, verify=VERIFY
    ).json()
    advance(root, 61)
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
    set_faults(root, error_rate=1.0)
    with pytest.raises(errors.InternalServerError):
        _invoke(mode, call, _client(root, mode))
    set_faults(root, error_rate=0.0, maintenance=True)
    with pytest.raises(errors.ServiceUnavailableError):
        _invoke(mode, call, _client(root, mode))
    clear_faults(root)
    advance(root, 61)  # a fresh minute
    httpx.get(
        f"{root}/api/v3/organizations",
        headers={"API_KEY": DOCS_KEY, "API_SECRET": DOCS_SECRET},
        verify=VERIFY,
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
    advance(root, 61)
    with pytest.raises(expected):
        _invoke(mode, SPECIFIC[operation][expected], _client(root, mode))


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_forbidden_delete_of_a_consultation(root: str, ids: dict[str, Any], mode: str) -> None:
    consultation = httpx.post(
        f"{root}/api/v3/meeting",
        headers={"API_KEY": DOCS_KEY, "API_SECRET": DOCS_SECRET},
        json={"ownerEmail": "john@meedio.me", "type": "CONSULTATION"},
        verify=VERIFY,
    ).json()
    advance(root, 61)
    with pytest.raises(errors.PermissionDeniedError):
        _invoke(mode, (delete_meeting, {"id": UUID(consultation["id"])}), _client(root, mode))
