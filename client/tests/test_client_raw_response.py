"""``with_raw_response`` (issue 19, point 3), sync and async, against a served emulator whose
rate limit is one request a minute: a 201 with its headers, a 429's ``Retry-After``, a 404
raising its typed error on ``parse()``, and the attempts the retry transport made."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Iterator
from uuid import UUID

import pytest
from meedio_client import AsyncMeedioClient, MeedioClient, RawResponse, errors
from meedio_client._resources import (
    AsyncMeetingsResourceWithRawResponse,
    MeetingsResourceWithRawResponse,
)
from meedio_client.models import Consultation, Meeting, Organization

from tests.support import DOCS_KEY, DOCS_SECRET, operation_ids, served_emulator
from tests.support.control import advance, clear_faults, reset, set_faults

UNKNOWN_MEETING = UUID("3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b")
OWNER = "john@meedio.me"  # a user of the docs key's (medical) organization


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    with served_emulator("--rate-limit", "1") as url:
        yield url


@pytest.fixture
def root(served: str) -> str:
    """A fresh emulator and a fresh rate-limit minute for every test."""
    reset(served)
    clear_faults(served)
    advance(served, 61)
    return served


def _sync(root: str, max_retries: int = 0) -> MeedioClient:
    return MeedioClient(DOCS_KEY, DOCS_SECRET, f"{root}/api", max_retries=max_retries)


def _async(root: str, max_retries: int = 0) -> AsyncMeedioClient:
    return AsyncMeedioClient(DOCS_KEY, DOCS_SECRET, f"{root}/api", max_retries=max_retries)


def _check_created(raw: RawResponse[Consultation | Meeting]) -> None:
    assert raw.status_code == 201 and raw.is_success
    assert raw.headers["content-type"].startswith("application/json")
    assert raw.http_request.method == "POST"
    assert raw.http_request.url.path == "/api/v3/meeting"
    assert raw.http_request.headers["API_SECRET"] == "***"  # never the secret
    assert DOCS_SECRET not in repr(raw)
    assert raw.attempts == 1
    assert isinstance(raw.elapsed, datetime.timedelta) and raw.elapsed.total_seconds() > 0
    meeting = raw.parse()
    assert isinstance(meeting, Consultation)
    assert raw.parse() is meeting  # parsed once
    assert raw.json()["id"] == str(meeting.id)


def _check_limited(raw: RawResponse[Organization]) -> None:
    assert raw.status_code == 429 and not raw.is_success
    assert int(raw.headers["retry-after"]) > 0
    with pytest.raises(errors.RateLimitError) as limited:
        raw.parse()
    assert limited.value.retry_after == float(raw.headers["retry-after"])
    assert limited.value.attempts == 1


def _check_not_found(raw: RawResponse[Consultation | Meeting]) -> None:
    assert raw.status_code == 404
    assert raw.http_request.url.path == f"/api/v3/meeting/{UNKNOWN_MEETING}"
    with pytest.raises(errors.NotFoundError) as missing:
        raw.parse()
    assert missing.value.status_code == 404 and missing.value.attempts == 1


def test_every_method_has_its_raw_twin() -> None:
    """Both clients, every resource method: the raw class has it, with the same parameters."""
    import inspect

    for cls in (MeedioClient, AsyncMeedioClient):
        names = set()
        client = cls(DOCS_KEY, DOCS_SECRET)
        # Every resource the client has (one per tag of the spec), not a list of them.
        attributes = [a for a in dir(client) if hasattr(getattr(client, a), "with_raw_response")]
        assert {"organization", "meetings", "rooms", "queues"} <= set(attributes)
        for attribute in attributes:
            resource = getattr(client, attribute)
            raw = resource.with_raw_response
            for name, method in inspect.getmembers(resource, inspect.ismethod):
                if name.startswith("_"):
                    continue
                twin = getattr(raw, name)
                assert list(inspect.signature(twin).parameters) == list(
                    inspect.signature(method).parameters
                )
                names.add((attribute, name))
        assert len(names) == len(operation_ids())


def test_sync_201_with_headers(root: str) -> None:
    with _sync(root) as client:
        raw = client.meetings.with_raw_response.create(owner_email=OWNER, type="CONSULTATION")
        assert isinstance(client.meetings.with_raw_response, MeetingsResourceWithRawResponse)
    _check_created(raw)  # the body was read: still there after close


def test_async_201_with_headers(root: str) -> None:
    async def run() -> RawResponse[Consultation | Meeting]:
        async with _async(root) as client:
            assert isinstance(
                client.meetings.with_raw_response, AsyncMeetingsResourceWithRawResponse
            )
            return await client.meetings.with_raw_response.create(
                owner_email=OWNER, type="CONSULTATION"
            )

    _check_created(asyncio.run(run()))


def test_sync_429_retry_after(root: str) -> None:
    with _sync(root) as client:
        assert client.organization.with_raw_response.get().status_code == 200
        _check_limited(client.organization.with_raw_response.get())


def test_async_429_retry_after(root: str) -> None:
    async def run() -> RawResponse[Organization]:
        async with _async(root) as client:
            first = await client.organization.with_raw_response.get()
            assert first.status_code == 200
            return await client.organization.with_raw_response.get()

    _check_limited(asyncio.run(run()))


def test_sync_404_raises_on_parse(root: str) -> None:
    with _sync(root) as client:
        _check_not_found(client.meetings.with_raw_response.get(UNKNOWN_MEETING))


def test_async_404_raises_on_parse(root: str) -> None:
    async def run() -> RawResponse[Consultation | Meeting]:
        async with _async(root) as client:
            return await client.meetings.with_raw_response.get(UNKNOWN_MEETING)

    _check_not_found(asyncio.run(run()))


@pytest.fixture(scope="module")
def unlimited() -> Iterator[str]:
    """An emulator without the rate limit, whose second attempt would be a 429."""
    with served_emulator() as url:
        yield url


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_attempts_count_the_retries(unlimited: str, mode: str) -> None:
    """Every attempt answered 500: the raw answer is the third one, and says so."""
    root = unlimited
    set_faults(root, error_rate=1.0)
    if mode == "sync":
        with _sync(root, max_retries=2) as client:
            raw = client.organization.with_raw_response.get()
    else:

        async def run() -> RawResponse[Organization]:
            async with _async(root, max_retries=2) as client:
                return await client.organization.with_raw_response.get()

        raw = asyncio.run(run())
    assert raw.status_code == 500 and raw.attempts == 3
    with pytest.raises(errors.InternalServerError) as failed:
        raw.parse()
    assert failed.value.attempts == 3
