"""Issue 10, points 2, 3, 7 and 9: 500 retried where safe, createMeeting made safe to repeat,
the deadline across attempts, Retry-After beyond it, the logger, per-call options and
thread-safe pools. Counted attempts come from the emulator's request journal where a
server is involved, from a MockTransport otherwise."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from uuid import UUID

import httpx
import pytest
from meedio_client import MeedioClient, errors
from meedio_client._core.network import Network
from meedio_client.api.meeting import create_meeting
from meedio_client.models import CreateMeetingRequest, Meeting

from tests.support import DOCS_KEY, DOCS_SECRET, served_emulator
from tests.support.control import clear_faults, fresh, journal, set_faults

MEETING_ID = "e91254af-e761-4fdb-abe8-b4b1f7f02415"
MEETING = {"id": MEETING_ID, "isInfinite": False, "redirectUrl": "https://p2p.meedio.me/m"}
ORG = {"name": "Org", "users": []}


@pytest.fixture(scope="module")
def root() -> Iterator[str]:
    with served_emulator("--rate-limit", "0") as url:
        yield url


@pytest.fixture
def emulator(root: str) -> Iterator[str]:
    with fresh(root):
        yield root


def served_client(root: str, **options: object) -> MeedioClient:
    options.setdefault("sleep", lambda seconds: None)
    return MeedioClient(DOCS_KEY, DOCS_SECRET, f"{root}/api", **options)  # type: ignore[arg-type]


def test_500_is_retried_for_a_get_as_the_emulator_saw(emulator: str) -> None:
    set_faults(emulator, error_rate=1.0)
    with served_client(emulator) as client, pytest.raises(errors.InternalServerError) as info:
        client.organization.get()
    assert info.value.attempts == 3
    assert [e["status"] for e in journal(emulator, "getOrganization")] == [500] * 3


def test_max_retries_and_with_options_bound_the_attempts(emulator: str) -> None:
    set_faults(emulator, error_rate=1.0)
    with served_client(emulator, max_retries=4) as client:
        with pytest.raises(errors.InternalServerError):
            client.organization.get()
        with pytest.raises(errors.InternalServerError) as once:
            client.with_options(max_retries=0).organization.get()
    assert once.value.attempts == 1
    assert len(journal(emulator, "getOrganization")) == 5 + 1


def test_create_meeting_retried_on_500_with_the_same_client_chosen_id(emulator: str) -> None:
    set_faults(emulator, error_rate=1.0)
    seen: list[str] = []
    network = httpx.HTTPTransport()

    def recording(request: httpx.Request) -> httpx.Response:  # each attempt as sent
        seen.append(json.loads(request.content)["meetingId"])
        return network.handle_request(request)

    def sleep(seconds: float) -> None:  # the fault clears while the client waits
        clear_faults(emulator)

    transport = httpx.MockTransport(recording)
    with served_client(emulator, sleep=sleep, transport=transport) as client:
        meeting = client.meetings.create(owner_email="john@meedio.me")
    assert isinstance(meeting, Meeting)
    assert len(seen) == 2 and seen[0] == seen[1] == str(meeting.id)
    statuses = [e["status"] for e in journal(emulator, "createMeeting")]
    assert statuses == [500, 201]


class LosesFirstAnswer(httpx.BaseTransport):
    """A gateway that delivers the first POST but loses its answer (a 502 comes back)."""

    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport()
        self.lost = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        if request.method == "POST" and not self.lost:
            self.lost = True
            response.read()
            return httpx.Response(502, text="<html>Bad Gateway</html>")
        return response


def test_a_create_whose_answer_was_lost_is_read_back_not_duplicated(emulator: str) -> None:
    with served_client(emulator, transport=LosesFirstAnswer()) as client:
        meeting = client.meetings.create(owner_email="john@meedio.me", is_infinite=True)
    assert isinstance(meeting, Meeting) and meeting.is_infinite is True
    entries = journal(emulator)
    assert [(e["operationId"], e["status"]) for e in entries] == [
        ("createMeeting", 201),
        ("createMeeting", 409),
        ("getMeeting", 200),
    ]


def test_a_callers_own_id_that_conflicts_at_once_is_a_conflict(emulator: str) -> None:
    with served_client(emulator) as client:
        client.meetings.create(owner_email="john@meedio.me", meeting_id=MEETING_ID)
        with pytest.raises(errors.ConflictError) as info:
            client.meetings.create(owner_email="john@meedio.me", meeting_id=MEETING_ID)
    assert info.value.attempts == 1


def test_the_functional_create_is_not_retried_on_500() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(500, json={"statusCode": 500, "message": "boom"})

    client = MeedioClient(DOCS_KEY, DOCS_SECRET, transport=httpx.MockTransport(handler))
    with pytest.raises(errors.InternalServerError):
        create_meeting.sync(client=client, body=CreateMeetingRequest(owner_email="a@b.co"))
    assert len(calls) == 1  # no id chosen: a repeat could create a second meeting


# --- the deadline --------------------------------------------------------------------------


def _script(*answers: httpx.Response) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    seen: list[httpx.Request] = []
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return httpx.MockTransport(handler), seen


def test_a_retry_after_beyond_the_deadline_raises_at_once() -> None:
    transport, seen = _script(
        httpx.Response(429, headers={"Retry-After": "30"}, json={"statusCode": 429, "message": "x"})
    )
    waits: list[float] = []
    client = MeedioClient(DOCS_KEY, DOCS_SECRET, transport=transport, sleep=waits.append)
    started = time.monotonic()
    with pytest.raises(errors.RateLimitError) as info:
        client.organization.get(timeout=5)
    assert waits == [] and len(seen) == 1 and info.value.attempts == 1
    assert info.value.retry_after == 30
    assert time.monotonic() - started < 5  # raised, not slept


def test_the_deadline_spans_attempts_and_waits() -> None:
    answer = httpx.Response(
        503, headers={"Retry-After": "0.4"}, json={"statusCode": 503, "message": "x"}
    )
    transport, seen = _script(answer)
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        time.sleep(seconds)

    client = MeedioClient(DOCS_KEY, DOCS_SECRET, transport=transport, sleep=sleep, max_retries=10)
    with pytest.raises(errors.ServiceUnavailableError) as info:
        client.with_options(timeout=1.0).organization.get()
    # 0.4 s fits twice in 1 s, a third wait would pass the deadline: 3 attempts, not 11.
    assert waits == [0.4, 0.4] and info.value.attempts == 3 == len(seen)


def test_each_attempt_gets_only_the_time_left() -> None:
    limits: list[float] = []
    answers = [httpx.Response(503, json={"statusCode": 503, "message": "x"})] * 2
    answers.append(httpx.Response(200, json=ORG))

    def handler(request: httpx.Request) -> httpx.Response:
        limits.append(request.extensions["timeout"]["read"])
        return answers.pop(0)

    client = MeedioClient(
        DOCS_KEY, DOCS_SECRET, transport=httpx.MockTransport(handler), sleep=time.sleep,
        retry_policy=None, timeout=2.0,
    )  # fmt: skip
    client.organization.get()
    assert limits[0] <= 2.0 and limits[0] > limits[1] > limits[2] > 0  # the backoff used some


def test_floats_are_accepted_wherever_a_timeout_is() -> None:
    client = MeedioClient(DOCS_KEY, DOCS_SECRET, timeout=3.5)
    assert client.timeout == httpx.Timeout(3.5)
    assert client.with_timeout(5.0).timeout == httpx.Timeout(5.0)
    assert client.with_options(timeout=1).timeout == httpx.Timeout(1)
    assert client.with_options(max_retries=0).max_retries == 0 and client.max_retries == 2
    copy = client.with_options(timeout=1.0)
    assert copy.get_httpx_client() is client.get_httpx_client()  # one pool, shared


# --- visible --------------------------------------------------------------------------------


def test_retries_logged_at_info_and_requests_at_debug_without_the_secret(
    caplog: pytest.LogCaptureFixture,
) -> None:
    transport, _ = _script(
        httpx.Response(503, json={"statusCode": 503, "message": "x"}), httpx.Response(200, json=ORG)
    )
    client = MeedioClient(DOCS_KEY, DOCS_SECRET, transport=transport, sleep=lambda s: None)
    with caplog.at_level(logging.DEBUG, logger="meedio_client"):
        client.organization.get()
    info = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert len(info) == 1
    assert (
        "Retrying GET https://api.meedio.me/api/v3/organizations after 503 Service Unavailable"
        in info[0]
    )
    assert "attempt 2 of 3 in" in info[0]
    debug = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert any("Request GET" in m and "'api_secret': '***'" in m for m in debug)
    assert DOCS_SECRET not in caplog.text


def test_meedio_log_environment_switch() -> None:
    code = (
        "import httpx, meedio_client as m;"
        "c = m.MeedioClient('k', 'sekrit-value', transport=httpx.MockTransport("
        "lambda r: httpx.Response(200, json={'name': 'n', 'users': []})));"
        "c.organization.get()"
    )
    env = {**os.environ, "MEEDIO_LOG": "debug"}
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert (
        "meedio_client DEBUG Request GET https://api.meedio.me/api/v3/organizations" in run.stderr
    )
    assert "sekrit-value" not in run.stderr
    quiet = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "MEEDIO_LOG": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert quiet.stderr == ""


# --- threads --------------------------------------------------------------------------------


def test_32_threads_first_call_create_one_httpx_client(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[httpx.Client] = []
    original = Network.sync_client

    def slow_build(self: Network, **options: object) -> httpx.Client:
        time.sleep(0.05)  # widen the window a race would need
        client = original(self, **options)
        built.append(client)
        return client

    monkeypatch.setattr(Network, "sync_client", slow_build)
    client = MeedioClient(
        DOCS_KEY,
        DOCS_SECRET,
        transport=httpx.MockTransport(lambda r: httpx.Response(200, json=MEETING)),
    )
    start = threading.Barrier(32)
    answers: list[UUID] = []

    def first_call() -> None:
        start.wait()
        answers.append(client.meetings.get(MEETING_ID).id)

    threads = [threading.Thread(target=first_call) for _ in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(answers) == 32 and len(built) == 1


def test_a_retry_policy_and_a_different_max_retries_are_refused() -> None:
    from meedio_client._core.retry import RetryPolicy

    with pytest.raises(ValueError, match="max_retries= would be ignored"):
        MeedioClient(DOCS_KEY, DOCS_SECRET, retry_policy=RetryPolicy(max_retries=5), max_retries=1)
    client = MeedioClient(DOCS_KEY, DOCS_SECRET, retry_policy=RetryPolicy(max_retries=5))
    assert client.max_retries == 5
    with pytest.raises(ValueError, match="0 or more"):
        MeedioClient(DOCS_KEY, DOCS_SECRET, max_retries=-1)
