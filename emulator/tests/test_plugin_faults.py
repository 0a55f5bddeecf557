"""``meedio_emulator.fault`` / ``add_fault`` / ``fault_rules`` (issue 31), served in a thread and
in process: the rule is in force inside the block, gone after it, its counters kept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from meedio_client import MeedioClient
from meedio_client.errors import (
    APIConnectionError,
    InternalServerError,
    RateLimitError,
    ServiceUnavailableError,
)
from meedio_emulator.testing import FaultRuleError, MeedioEmulator, in_process, served_in_thread


@pytest.fixture(scope="module", params=["thread", "in-process"])
def emulator(request: pytest.FixtureRequest) -> Iterator[MeedioEmulator]:
    running = served_in_thread() if request.param == "thread" else in_process()
    with running as started:
        yield started


@pytest.fixture
def meedio(emulator: MeedioEmulator) -> Iterator[MeedioClient]:
    emulator.reset()
    with emulator.client() as client:
        yield client


def test_the_next_two_calls_fail_then_it_works(
    emulator: MeedioEmulator, meedio: MeedioClient
) -> None:
    with emulator.fault("createMeeting", status=503, times=2) as rule:
        assert (rule.hits, rule.seen, rule.expired) == (0, 0, False)
        meedio.meetings.create(owner_email="john@meedio.me", type="CONSULTATION")
        assert rule.hits == 2  # read live: two 503s, retried, then the create
        assert emulator.fault_rules()[0].id == rule.id
    assert emulator.fault_rules() == []  # gone after the block
    assert (rule.hits, rule.seen, rule.expired) == (2, 2, True)  # and its count kept
    assert [a.fault_rule for a in emulator.requests("createMeeting")] == [rule.id, rule.id, None]


def test_options_in_snake_case_and_any_operation(
    emulator: MeedioEmulator, meedio: MeedioClient
) -> None:
    with emulator.fault(kind="maintenance", retry_after=0, first=1, delay=1) as rule:
        meedio.organization.get()  # a 503 with Retry-After 0, retried at once
    [maintained, served] = emulator.requests("getOrganization")
    assert (maintained.status, served.status, rule.hits) == (503, 200, 1)
    rule_spec = rule.refresh().rule.to_dict()
    assert rule_spec == {"kind": "maintenance", "retryAfter": 0, "first": 1, "delay": {"ms": 1}}


def test_a_wire_fault_reaches_the_client(emulator: MeedioEmulator, meedio: MeedioClient) -> None:
    with emulator.fault("getOrganization", kind="close"), pytest.raises(APIConnectionError):
        meedio.organization.get()


def test_a_refused_rule_raises_with_the_emulators_message(emulator: MeedioEmulator) -> None:
    emulator.reset()
    with pytest.raises(FaultRuleError, match="operationIds/0") as refused:
        emulator.add_fault("createMeating", status=503)
    assert refused.value.status == 400
    with pytest.raises(FaultRuleError, match="probability"):
        emulator.add_fault(probability=2)
    with pytest.raises(TypeError, match="colour"):
        emulator.add_fault(colour="red")
    assert emulator.fault_rules() == []


def test_add_fault_lasts_until_removed_and_a_reset_inside_a_block_is_harmless(
    emulator: MeedioEmulator, meedio: MeedioClient
) -> None:
    rule = emulator.add_fault("getOrganization", status=500)
    with pytest.raises(InternalServerError):
        meedio.organization.get()
    rule.remove()
    meedio.organization.get()
    assert rule.hits == 3  # the call and its two retries
    with emulator.fault(status=503) as inner:
        with pytest.raises(ServiceUnavailableError):
            meedio.organization.get()
        emulator.reset()
    assert inner.hits == 0  # read after the reset took it: the count is of the rule's last look


def test_a_throttle_aimed_at_a_header_from_the_kit(emulator: MeedioEmulator) -> None:
    emulator.reset()
    checkout = {"X-Test": "checkout"}
    with (
        emulator.fault(kind="throttle", limit=1, window_ms=60_000, headers=checkout) as rule,
        emulator.client(max_retries=0, headers=checkout) as marked,
        emulator.client(max_retries=0) as plain,
    ):
        marked.organization.get()
        with pytest.raises(RateLimitError) as throttled:
            marked.organization.get()
        assert throttled.value.retry_after == 60
        plain.organization.get()  # no marker: not this rule's
    assert (rule.seen, rule.hits) == (2, 1)
    assert rule.refresh().rule.to_dict()["windowMs"] == 60_000
