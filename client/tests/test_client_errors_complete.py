"""Issue 10, points 4, 6, 10 and 11: complete errors (answers that do not match, a closed
client, the secret redacted everywhere, pickling), the CONSULTATION rule before sending,
readable messages and reprs. On httpx.MockTransport: no network."""

from __future__ import annotations

import asyncio
import pickle
from collections.abc import Callable
from uuid import UUID

import httpx
import pytest
from meedio_client import UNSET, AsyncMeedioClient, MeedioClient, errors
from meedio_client.api.meeting import create_meeting, get_meeting
from meedio_client.api.organization import get_organization
from meedio_client.models import CreateMeetingRequest, MeetingType, Room

from tests.support import DOCS_KEY, DOCS_SECRET

KEY, SECRET = DOCS_KEY, DOCS_SECRET
MEETING_ID = "e91254af-e761-4fdb-abe8-b4b1f7f02415"
MEETING = {"id": MEETING_ID, "isInfinite": False, "redirectUrl": "https://p2p.meedio.me/m"}
QUEUE = {
    "id": "63da43d5928cb848430b8da5",
    "name": "Desk",
    "slug": "desk",
    "isActive": True,
    "organizationId": "cb386a76-448d-47b0-a19a-607c5ae68f93",
    "type": "WAITING_ROOM",
    "members": [],
    "redirectUrl": "https://p2p.meedio.me/queues/desk",
}
Handler = Callable[[httpx.Request], httpx.Response]


def client_for(handler: Handler, **options: object) -> MeedioClient:
    return MeedioClient(
        KEY,
        SECRET,
        "https://api.example/api",
        transport=httpx.MockTransport(handler),
        async_transport=httpx.MockTransport(handler),
        sleep=lambda seconds: None,
        **options,  # type: ignore[arg-type]
    )


def answering(status: int, **kwargs: object) -> Handler:
    return lambda request: httpx.Response(status, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("answer", "found"),
    [
        ({"json": {"id": MEETING_ID}}, "'redirectUrl'"),
        ({"text": "<html>maintenance</html>"}, "not JSON"),
        ({"json": {**MEETING, "isInfinite": None}}, "Meeting.is_infinite should be bool, got None"),
        ({"json": {**MEETING, "id": "not-a-uuid"}}, "unexpected shape"),
        ({"json": [1, 2]}, "unexpected shape"),
    ],
)
def test_a_meeting_answer_that_does_not_match_raises_a_validation_error(
    answer: dict[str, object], found: str
) -> None:
    client = client_for(answering(200, **answer))
    with pytest.raises(errors.ResponseValidationError) as info:
        client.meetings.get(MEETING_ID)
    error = info.value
    assert isinstance(error, errors.MeedioError)
    assert error.status_code == 200 and error.attempts == 1
    assert found in error.problem and found in str(error)
    assert error.text == httpx.Response(200, **answer).text  # type: ignore[arg-type]
    with pytest.raises(errors.ResponseValidationError):  # the detailed variant too
        get_meeting.sync_detailed(MEETING_ID, client=client)


def test_a_nested_mismatch_is_named_with_its_path() -> None:
    bad = {**QUEUE, "members": [{"userId": MEETING_ID, "fullName": 7, "isActive": True,
                                 "isAutoAccepting": False, "joinedCallAt": None}]}  # fmt: skip
    client = client_for(answering(200, json=bad))
    with pytest.raises(errors.ResponseValidationError, match=r"members\[0\]\.full_name"):
        client.queues.get("63da43d5928cb848430b8da5")


def test_a_closed_client_raises_meedio_error_sync_async_and_functional() -> None:
    client = client_for(answering(200, json=MEETING))
    with client:
        client.meetings.get(MEETING_ID)
    with pytest.raises(errors.ClientClosedError):
        client.meetings.get(MEETING_ID)
    with pytest.raises(errors.MeedioError, match="closed"):
        get_meeting.sync(MEETING_ID, client=client)

    async def scenario() -> None:
        async with AsyncMeedioClient(
            KEY,
            SECRET,
            "https://api.example/api",
            async_transport=httpx.MockTransport(answering(200, json=MEETING)),
        ) as async_client:
            await async_client.meetings.get(MEETING_ID)
        with pytest.raises(errors.ClientClosedError):
            await async_client.meetings.get(MEETING_ID)

    asyncio.run(scenario())


def _requests_of(error: BaseException) -> list[httpx.Request]:
    found: list[httpx.Request] = []
    seen: BaseException | None = error
    while seen is not None:
        for name in ("request", "_request"):
            value = getattr(seen, name, None)
            if isinstance(value, httpx.Request):
                found.append(value)
        response = getattr(seen, "response", None)
        if isinstance(response, httpx.Response):
            found.append(response.request)
        seen = seen.__cause__ or seen.__context__
    return found


def _refused(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("refused", request=request)


@pytest.mark.parametrize(
    ("handler", "expected"),
    [
        (answering(401, json={"statusCode": 401, "message": "Unauthorized: bad key"}),
         errors.AuthenticationError),
        (answering(200, json={"id": MEETING_ID}), errors.ResponseValidationError),
        (_refused, errors.APIConnectionError),
    ],
)  # fmt: skip
def test_no_request_an_error_carries_holds_the_secret_and_errors_pickle(
    handler: Handler, expected: type[errors.MeedioError]
) -> None:
    client = client_for(handler)
    with pytest.raises(expected) as info:
        client.meetings.get(MEETING_ID)
    requests = _requests_of(info.value)
    assert requests, "the error carries the request"
    for request in requests:
        assert request.headers["API_SECRET"] == "***"
        assert request.headers["API_KEY"] == KEY
    pickled = pickle.dumps(info.value)
    assert SECRET.encode() not in pickled
    restored = pickle.loads(pickled)
    assert type(restored) is expected
    assert str(restored) == str(info.value)
    assert restored.attempts == info.value.attempts


def test_a_status_error_survives_pickling_whole() -> None:
    client = client_for(answering(404, json={"statusCode": 404, "message": "no such meeting"}))
    with pytest.raises(errors.NotFoundError) as info:
        client.meetings.get(MEETING_ID)
    restored = pickle.loads(pickle.dumps(info.value))
    assert isinstance(restored, errors.NotFoundError)
    assert restored.status_code == 404 and restored.message == "no such meeting"
    assert restored.response is not None and restored.response.status_code == 404
    assert restored.response.request.headers["API_SECRET"] == "***"


def test_the_reason_phrase_is_not_repeated() -> None:
    client = client_for(
        answering(401, json={"statusCode": 401, "message": "Unauthorized: bad key"})
    )
    with pytest.raises(errors.AuthenticationError) as info:
        client.organization.get()
    assert str(info.value).startswith("401 Unauthorized: bad key (GET https://api.example")


@pytest.mark.parametrize("is_infinite", [False, True])
def test_the_consultation_rule_is_named_before_sending(is_infinite: bool) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(201, json=MEETING)

    client = client_for(handler)
    with pytest.raises(errors.InvalidRequestError, match="CONSULTATION cannot be long-lasting"):
        client.meetings.create(type="consultation", is_infinite=is_infinite)
    body = CreateMeetingRequest(type_=MeetingType.CONSULTATION, is_infinite=is_infinite)
    with pytest.raises(ValueError, match="leave is_infinite unset"):
        create_meeting.sync(client=client, body=body)
    assert sent == []
    client.meetings.create(type="consultation")  # the fix: leave it out
    assert len(sent) == 1


def test_readable_reprs() -> None:
    assert repr(UNSET) == "UNSET"
    room = Room.from_dict({"slug": "s", "organizationSlug": "o", "redirectUrl": "https://x/s"})
    assert "title=UNSET" in repr(room) and "object at 0x" not in repr(room)
    client = client_for(answering(200, json=MEETING))
    assert SECRET not in repr(client) and "api_secret='***'" in repr(client)
    assert SECRET not in repr(client.get_httpx_client().auth)


def test_ids_as_str_or_uuid() -> None:
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        return httpx.Response(200, json=MEETING)

    client = client_for(handler)
    client.meetings.get(MEETING_ID)
    client.meetings.get(UUID(MEETING_ID))
    get_meeting.sync(MEETING_ID, client=client)
    assert paths == [f"/api/v3/meeting/{MEETING_ID}"] * 3


def test_none_means_not_sent() -> None:
    bodies: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(request.content)
        return httpx.Response(201, json=MEETING)

    client = client_for(handler)
    client.meetings.create(owner_email="john@meedio.me", meeting_id=MEETING_ID)
    client.meetings.create(
        owner_email="john@meedio.me", type=MeetingType.MEETING, is_infinite=False
    )
    first, second = (httpx.Response(200, content=b).json() for b in bodies)
    assert first == {"ownerEmail": "john@meedio.me", "meetingId": MEETING_ID}
    assert set(second) == {"ownerEmail", "type", "isInfinite", "meetingId"}
    assert second["isInfinite"] is False


def test_rooms_json_or_form() -> None:
    seen: list[tuple[str, bytes]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.headers["content-type"], request.content))
        return httpx.Response(
            201, json={"slug": "s", "organizationSlug": "o", "redirectUrl": "https://x"}
        )

    client = client_for(handler)
    client.rooms.create("daily", title="Daily")
    client.rooms.create("daily", title="Daily", content_type="application/x-www-form-urlencoded")
    assert seen == [
        ("application/json", b'{"slug":"daily","title":"Daily"}'),
        ("application/x-www-form-urlencoded", b"slug=daily&title=Daily"),
    ]
    with pytest.raises(ValueError, match="content_type must be one of"):
        client.rooms.create("daily", content_type="text/plain")  # type: ignore[arg-type]


def test_detailed_answers_and_errors_count_attempts() -> None:
    answers = [httpx.Response(503, json={"statusCode": 503, "message": "down"})] * 2
    answers.append(httpx.Response(200, json={"name": "Org", "users": []}))

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop(0)

    client = client_for(handler)
    detailed = get_organization.sync_detailed(client=client)
    assert detailed.status_code == 200 and detailed.attempts == 3
    client = client_for(answering(503, json={"statusCode": 503, "message": "down"}))
    with pytest.raises(errors.ServiceUnavailableError) as info:
        client.organization.get()
    assert info.value.attempts == 3 and "after 3 attempts" in str(info.value)
