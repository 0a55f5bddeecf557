"""The client (generated and hand-written modules together), on httpx.MockTransport: no network, no sleeping."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from uuid import UUID

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from meedio_client import MeedioClient, errors
from meedio_client._core import send as _send
from meedio_client._core.retry import RetryPolicy, parse_retry_after
from meedio_client.api.meeting import create_meeting, get_meeting
from meedio_client.api.organization import get_organization
from meedio_client.api.room import get_room
from meedio_client.models import Consultation, CreateMeetingRequest, Meeting, Organization

from tests.support import DOCS_KEY, DOCS_SECRET

MEETING_ID = UUID("e91254af-e761-4fdb-abe8-b4b1f7f02415")
KEY, SECRET = DOCS_KEY, DOCS_SECRET
MEETING = {
    "id": "e91254af-e761-4fdb-abe8-b4b1f7f02415",
    "isInfinite": False,
    "redirectUrl": "https://p2p.meedio.me/meetings/e91254af-e761-4fdb-abe8-b4b1f7f02415",
}
ORG = {"name": "Org", "users": []}


def _client(
    handler: Callable[[httpx.Request], httpx.Response], **kwargs: object
) -> tuple[MeedioClient, list[float]]:
    sleeps: list[float] = []

    async def async_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    client = MeedioClient(
        KEY,
        SECRET,
        "https://api.example/api",
        transport=httpx.MockTransport(handler),
        async_transport=httpx.MockTransport(handler),
        sleep=sleeps.append,
        async_sleep=async_sleep,
        **kwargs,  # type: ignore[arg-type]
    )
    return client, sleeps


def _error(status: int, **headers: str) -> httpx.Response:
    return httpx.Response(
        status, json={"statusCode": status, "message": f"m{status}"}, headers=headers
    )


def test_both_auth_headers_and_user_agent_sent() -> None:
    seen: list[tuple[str, dict[str, str]]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), dict(request.headers)))
        return httpx.Response(200, json=ORG)

    client, _ = _client(handler)
    assert isinstance(get_organization.sync(client=client), Organization)
    url, headers = seen[0]
    assert headers["api_key"] == KEY
    assert headers["api_secret"] == SECRET
    assert headers["user-agent"].startswith("meedio-client-python/")
    assert url == "https://api.example/api/v3/organizations"


@settings(max_examples=200, deadline=None)
@given(
    base=st.sampled_from(
        ["https://api.example/api", "http://127.0.0.1:9/", "https://h/a/b/?x=1", "http://h"]
    ),
    slug=st.text(),
)
def test_request_url_is_the_one_httpx_merges(base: str, slug: str) -> None:
    """The client merges each path under the base URL itself (one parse, not two): the URL
    sent must be the one httpx's own ``build_request`` makes, whatever the slug holds."""
    seen: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(404, json={"statusCode": 404, "message": "no"})

    transport = httpx.MockTransport(handler)
    get_room.sync_detailed(slug, client=MeedioClient(KEY, SECRET, base, transport=transport))
    path = get_room._get_kwargs(slug=slug)["url"]
    reference = httpx.Client(base_url=base, transport=transport)  # no TLS context to build
    assert seen == [reference.build_request("GET", path).url]


def test_a_path_that_is_not_ascii_is_merged_by_httpx() -> None:
    seen: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(200, json=ORG)

    transport = httpx.MockTransport(handler)
    client = MeedioClient(KEY, SECRET, "https://h/api", transport=transport)
    _send.send(client, "get_organization", {"method": "GET", "url": "/v3/ä/x y"})
    reference = httpx.Client(base_url="https://h/api", transport=transport)
    assert seen == [reference.build_request("GET", "/v3/ä/x y").url]
    assert str(seen[0]) == "https://h/api/v3/%C3%A4/x%20y"


def test_keys_and_url_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEEDIO_API_KEY", "k")
    monkeypatch.setenv("MEEDIO_API_SECRET", "s3cr3t-value")
    monkeypatch.delenv("MEEDIO_BASE_URL", raising=False)
    client = MeedioClient()
    assert client.api_key == "k"
    assert client.base_url == "https://api.meedio.me/api"
    monkeypatch.setenv("MEEDIO_BASE_URL", "http://127.0.0.1:9/api")
    assert MeedioClient().base_url == "http://127.0.0.1:9/api"
    monkeypatch.delenv("MEEDIO_API_SECRET")
    with pytest.raises(ValueError, match="MEEDIO_API_SECRET"):
        MeedioClient()


def test_secret_never_in_repr_or_errors(caplog: pytest.LogCaptureFixture) -> None:
    client, _ = _client(lambda r: _error(401))
    assert SECRET not in repr(client)
    assert SECRET not in repr(client.get_httpx_client().auth)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(errors.AuthenticationError) as info:
        get_organization.sync(client=client)
    assert SECRET not in str(info.value) and SECRET not in repr(info.value)
    assert SECRET not in caplog.text


def test_default_timeout_is_finite() -> None:
    client, _ = _client(lambda r: httpx.Response(200, json=ORG))
    timeout = client.get_httpx_client().timeout
    assert timeout.connect == 5.0 and timeout.read == 60.0
    custom = MeedioClient(KEY, SECRET, timeout=3)
    assert custom.get_httpx_client().timeout.read == 3


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (405, errors.MethodNotAllowedError),
        (406, errors.NotAcceptableError),
        (409, errors.ConflictError),
        (410, errors.GoneError),
        (413, errors.PayloadTooLargeError),
        (415, errors.UnsupportedMediaTypeError),
        (429, errors.RateLimitError),
        (500, errors.InternalServerError),
        (503, errors.ServiceUnavailableError),
        (418, errors.UnexpectedStatusError),
        (520, errors.UnexpectedStatusError),
        (599, errors.UnexpectedStatusError),
    ],
)
def test_each_status_maps_to_its_exception(status: int, cls: type[errors.APIStatusError]) -> None:
    client, _ = _client(lambda r: _error(status, **{"Retry-After": "120"}), max_retries=0)
    with pytest.raises(cls) as info:
        get_meeting.sync(MEETING_ID, client=client)
    assert type(info.value) is cls
    assert info.value.status_code == status
    assert info.value.body is not None and info.value.message == f"m{status}"
    assert info.value.response is not None
    assert f"GET https://api.example/api/v3/meeting/{MEETING['id']}" in str(info.value)


def test_rate_limit_error_carries_retry_after() -> None:
    client, _ = _client(lambda r: _error(429, **{"Retry-After": "120"}), max_retries=0)
    with pytest.raises(errors.RateLimitError) as info:
        get_organization.sync(client=client)
    assert info.value.retry_after == 120


def test_non_json_error_page_does_not_crash() -> None:
    html = "<html><body>502 Bad Gateway</body></html>"
    client, _ = _client(
        lambda r: httpx.Response(503, text=html, headers={"content-type": "text/html"}),
        max_retries=0,
    )
    with pytest.raises(errors.ServiceUnavailableError) as info:
        get_organization.sync(client=client)
    assert info.value.body is None and info.value.text == html
    detailed = get_organization.sync_detailed(client=client)
    assert detailed.status_code == 503 and detailed.parsed is None


@pytest.mark.parametrize("status", [200, 201])
def test_creates_decode_200_and_201_alike(status: int) -> None:
    """DECISIONS 16: the spec declares both; a MEETING answer stays a Meeting (10)."""
    client, _ = _client(lambda r: httpx.Response(status, json=MEETING))
    created = create_meeting.sync(client=client, body=CreateMeetingRequest())
    assert isinstance(created, Meeting) and created.is_infinite is False
    consultation = {key: MEETING[key] for key in ("id", "redirectUrl")}
    client, _ = _client(lambda r: httpx.Response(status, json=consultation))
    assert isinstance(create_meeting.sync(client=client, body=CreateMeetingRequest()), Consultation)


def test_error_body_without_the_nestjs_fields() -> None:
    """DECISIONS 17: nothing of the error body is required; the raw text stands in."""
    client, _ = _client(lambda r: httpx.Response(404, json={"detail": "gone"}), max_retries=0)
    with pytest.raises(errors.NotFoundError) as info:
        get_organization.sync(client=client)
    assert info.value.body is not None and info.value.message == '{"detail":"gone"}'


def test_unknown_status_in_detailed() -> None:
    client, _ = _client(lambda r: httpx.Response(520, text="origin error"), max_retries=0)
    detailed = get_organization.sync_detailed(client=client)
    assert detailed.status_code == 520 and detailed.parsed is None


def test_connection_and_timeout_errors() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    client, sleeps = _client(refuse)
    with pytest.raises(errors.APIConnectionError):
        get_organization.sync(client=client)
    assert len(sleeps) == 2
    client, _ = _client(slow)
    with pytest.raises(errors.APITimeoutError):
        get_organization.sync(client=client)


def _counting(
    responses: list[httpx.Response],
) -> tuple[Callable[[httpx.Request], httpx.Response], list[str]]:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        return responses[min(len(calls) - 1, len(responses) - 1)]

    return handler, calls


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_get_retried_then_succeeds(status: int) -> None:
    handler, calls = _counting([_error(status), _error(status), httpx.Response(200, json=ORG)])
    client, sleeps = _client(handler)
    assert get_organization.sync(client=client).name == "Org"
    assert len(calls) == 3 and len(sleeps) == 2


def test_retries_stop_at_max_and_zero_disables() -> None:
    handler, calls = _counting([_error(503)])
    client, _ = _client(handler)
    with pytest.raises(errors.ServiceUnavailableError):
        get_organization.sync(client=client)
    assert len(calls) == 3
    handler, calls = _counting([_error(503)])
    client, _ = _client(handler, max_retries=0)
    with pytest.raises(errors.ServiceUnavailableError):
        get_organization.sync(client=client)
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("status", "retried"), [(500, False), (502, False), (504, False), (429, True), (503, True)]
)
def test_post_retried_only_where_the_server_cannot_have_acted(status: int, retried: bool) -> None:
    handler, calls = _counting([_error(status), httpx.Response(201, json=MEETING)])
    client, _ = _client(handler)
    body = CreateMeetingRequest(owner_email="john@meedio.me")
    if retried:
        assert isinstance(create_meeting.sync(client=client, body=body), Meeting)
        assert len(calls) == 2
    else:
        with pytest.raises(errors.APIStatusError):
            create_meeting.sync(client=client, body=body)
        assert len(calls) == 1


def test_post_retried_after_connect_error_but_not_read_error() -> None:
    attempts: list[int] = []

    def connect_then_ok(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        if len(attempts) == 1:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(201, json=MEETING)

    client, _ = _client(connect_then_ok)
    create_meeting.sync(client=client, body=CreateMeetingRequest(owner_email="a@b.co"))
    assert len(attempts) == 2

    def read_error(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        raise httpx.ReadError("reset", request=request)

    attempts.clear()
    client, _ = _client(read_error)
    with pytest.raises(errors.APIConnectionError):
        create_meeting.sync(client=client, body=CreateMeetingRequest(owner_email="a@b.co"))
    assert len(attempts) == 1


def test_backoff_bounds() -> None:
    low = RetryPolicy(jitter=lambda: 0.75)
    high = RetryPolicy(jitter=lambda: 1.0)
    assert [high.backoff(n) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert [low.backoff(n) for n in range(3)] == [0.375, 0.75, 1.5]
    default = RetryPolicy()
    for n in range(8):
        assert 0.75 * min(0.5 * 2**n, 8) <= default.backoff(n) <= min(0.5 * 2**n, 8)


def test_retry_after_seconds_and_http_date_honoured_up_to_a_cap() -> None:
    handler, _ = _counting([_error(429, **{"Retry-After": "7"}), httpx.Response(200, json=ORG)])
    client, sleeps = _client(handler)
    get_organization.sync(client=client)
    assert sleeps == [7.0]
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 28 <= (parse_retry_after({"retry-after": when}) or 0) <= 30
    assert parse_retry_after({"retry-after": "soon"}) is None
    handler, calls = _counting(
        [_error(429, **{"Retry-After": "3600"}), httpx.Response(200, json=ORG)]
    )
    client, sleeps = _client(handler)
    with pytest.raises(errors.RateLimitError):
        get_organization.sync(client=client)
    assert sleeps == [] and len(calls) == 1


def test_sync_and_async_behave_the_same() -> None:
    def script() -> list[httpx.Response]:
        return [_error(503), httpx.Response(200, json=MEETING)]

    handler, calls = _counting(script())
    client, sleeps = _client(handler)
    sync_result = get_meeting.sync(MEETING_ID, client=client)
    handler, async_calls = _counting(script())
    client, async_sleeps = _client(handler)
    async_result = asyncio.run(get_meeting.asyncio(MEETING_ID, client=client))
    assert sync_result == async_result and len(calls) == len(async_calls) == 2
    assert len(sleeps) == len(async_sleeps) == 1
    handler, _ = _counting([_error(404)])
    client, _ = _client(handler)
    with pytest.raises(errors.NotFoundError):
        asyncio.run(get_meeting.asyncio(MEETING_ID, client=client))
    detailed = asyncio.run(get_meeting.asyncio_detailed(MEETING_ID, client=client))
    assert detailed.status_code == 404 and detailed.parsed is not None


def test_with_helpers_return_configured_copies() -> None:
    seen: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.copy())
        return httpx.Response(200, json=ORG)

    client, _ = _client(handler)
    tagged = client.with_headers({"X-Request-Source": "tests"}).with_timeout(2.0)
    assert isinstance(tagged, MeedioClient)
    get_organization.sync(client=tagged)
    get_organization.sync(client=client)
    assert seen[0]["X-Request-Source"] == "tests"
    assert seen[0]["API_SECRET"] == SECRET
    assert "X-Request-Source" not in seen[1]
    assert tagged.timeout.read == 2.0
    assert client.timeout.read == 60.0
