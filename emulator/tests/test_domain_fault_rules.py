"""Fault rules as pure bookkeeping (issue 31): which request a rule hits, counts, order, expiry,
the delays it draws, and the rules it refuses. No HTTP here."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from meedio_emulator.domain.fault_rules import FaultRuleError, FaultRules, check

KNOWN = frozenset({"createMeeting", "getMeeting", "getOrganization"})


def hits(rules: FaultRules, calls: Sequence[tuple[str, str | None]]) -> list[str | None]:
    """The id of the rule that hit each call, in order (None: no rule)."""
    picked = [rules.pick(operation, key) for operation, key in calls]
    return [rule.id if rule else None for rule in picked]


def test_an_empty_list_hits_nothing() -> None:
    assert FaultRules().pick("createMeeting", None) is None


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        ({}, [1, 1, 1, 1, 1, 1]),
        ({"first": 2}, [1, 1, 0, 0, 0, 0]),
        ({"after": 4}, [0, 0, 0, 0, 1, 1]),
        ({"every": 3}, [0, 0, 1, 0, 0, 1]),
        ({"after": 1, "first": 3}, [0, 1, 1, 0, 0, 0]),
        ({"times": 2, "after": 1}, [0, 1, 1, 0, 0, 0]),
        ({"probability": 0}, [0, 0, 0, 0, 0, 0]),
        ({"probability": 1}, [1, 1, 1, 1, 1, 1]),
    ],
)
def test_which_calls_a_rule_hits(which: dict[str, int], expected: list[int]) -> None:
    rules = FaultRules()
    rule = rules.add({"kind": "status", "operationIds": ["createMeeting"], **which}, KNOWN)
    got = [int(rules.pick("createMeeting", None) is rule) for _ in expected]
    assert got == expected
    assert rule.hits == sum(expected)
    # An expired rule is tried no more, so it stops counting what it sees.
    assert rule.seen == (3 if "times" in which else len(expected))


def test_other_operations_and_keys_are_not_counted() -> None:
    rules = FaultRules()
    rule = rules.add(
        {"kind": "status", "operationIds": ["createMeeting"], "apiKey": "k1", "first": 1}, KNOWN
    )
    calls = [("getMeeting", "k1"), ("createMeeting", "k2"), ("createMeeting", "k1")]
    assert hits(rules, calls) == [None, None, rule.id]
    assert (rule.seen, rule.hits) == (1, 1)


def test_a_seeded_probability_repeats_and_an_unseeded_one_varies_in_share() -> None:
    def run(seed: int) -> list[str | None]:
        rules = FaultRules()
        rules.add({"kind": "reset", "probability": 0.3, "seed": seed}, KNOWN)
        return hits(rules, [("getMeeting", None)] * 200)

    assert run(7) == run(7)
    assert run(7) != run(8)
    assert 20 < sum(1 for hit in run(7) if hit) < 100  # 0.3 of 200, seeded: fixed, not flaky


def test_first_match_wins_and_a_rule_that_misses_lets_the_next_try() -> None:
    rules = FaultRules()
    first = rules.add({"kind": "status", "operationIds": ["createMeeting"], "after": 1}, KNOWN)
    second = rules.add({"kind": "latency", "times": 2}, KNOWN)
    calls = [("createMeeting", None)] * 3 + [("getMeeting", None)]
    assert hits(rules, calls) == [second.id, first.id, first.id, second.id]
    assert second.expired
    assert hits(rules, [("getMeeting", None)]) == [None]  # expired: tried no more
    assert second.view()["hits"] == 2  # and still listed with its count


def test_pages_are_aimed_at_by_name() -> None:
    rules = FaultRules()
    rule = rules.add({"kind": "gateway", "operationIds": ["meetingPage"]}, KNOWN)
    assert hits(rules, [("meetingPage", None), ("roomPage", None)]) == [rule.id, None]


def test_clear_remove_and_ids() -> None:
    rules = FaultRules()
    one = rules.add({"kind": "close"}, KNOWN)
    two = rules.add({"kind": "reset"}, KNOWN)
    assert (one.id, two.id) == ("rule-1", "rule-2")
    assert rules.remove(one.id) and not rules.remove(one.id)
    assert [rule.id for rule in rules.rules] == [two.id]
    rules.clear()
    assert rules.view() == {"rules": []}
    assert rules.add({"kind": "close"}, KNOWN).id == "rule-1"


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"kind": "explode"}, "/kind"),
        ({"kind": "status", "operationIds": ["getMeeting", "nope"]}, "/operationIds/1"),
        ({"kind": "reset", "status": 503}, "/status"),
        (
            {"kind": "latency", "delay": {"ms": 10, "distribution": "uniform", "maxMs": 5}},
            "/delay/maxMs",
        ),
        ({"kind": "status", "first": 2, "after": 2}, "/first"),
    ],
)
def test_refused_rules_name_the_field_and_add_nothing(spec: dict[str, object], field: str) -> None:
    rules = FaultRules()
    with pytest.raises(FaultRuleError) as refused:
        rules.add(spec, KNOWN)
    assert refused.value.field == field
    assert rules.rules == []
    with pytest.raises(FaultRuleError):
        check(spec, KNOWN)


def test_delays_fixed_uniform_lognormal_and_capped() -> None:
    rules = FaultRules()
    fixed = rules.add({"kind": "latency", "delay": {"ms": 250}}, KNOWN)
    assert fixed.delay_seconds() == 0.25
    uniform = rules.add(
        {
            "kind": "latency",
            "seed": 1,
            "delay": {"ms": 100, "distribution": "uniform", "maxMs": 200},
        },
        KNOWN,
    )
    drawn = [uniform.delay_seconds() for _ in range(100)]
    assert all(0.1 <= d <= 0.2 for d in drawn) and len(set(drawn)) > 50
    lognormal = rules.add(
        {
            "kind": "latency",
            "seed": 1,
            "delay": {"ms": 100, "distribution": "lognormal", "sigma": 2, "capMs": 300},
        },
        KNOWN,
    )
    drawn = [lognormal.delay_seconds() for _ in range(200)]
    assert max(drawn) == 0.3  # sigma 2 reaches past the cap: the cap holds
    assert min(drawn) < 0.1  # and below the median
    assert rules.add({"kind": "close"}, KNOWN).delay_seconds() == 0.0


def test_garbage_is_seeded_and_never_a_status_line() -> None:
    rules = FaultRules()
    one = rules.add({"kind": "garbage", "seed": 3}, KNOWN)
    two = rules.add({"kind": "garbage", "seed": 3}, KNOWN)
    assert one.garbage() == two.garbage()
    assert not one.garbage().startswith(b"HTTP/")


def test_rules_for_other_operations_are_not_even_tried() -> None:
    """The index: a request looks only at the rules its operation could hit, in order."""
    rules = FaultRules()
    other = rules.add({"kind": "status", "operationIds": ["getMeeting"]}, KNOWN)
    anything = rules.add({"kind": "latency"}, KNOWN)
    assert hits(rules, [("createMeeting", None), ("getMeeting", None)]) == [anything.id, other.id]
    assert (other.seen, anything.seen) == (1, 1)  # createMeeting never reached ``other``
    rules.remove(anything.id)
    assert hits(rules, [("createMeeting", None), ("getOrganization", None)]) == [None, None]
    assert other.seen == 1


def test_a_throttle_lets_its_limit_through_a_window_then_hits_with_the_wait() -> None:
    now = [100.0]
    rules = FaultRules(clock=lambda: now[0])
    rule = rules.add({"kind": "throttle", "limit": 2, "windowMs": 10_000}, KNOWN)
    through = [rules.pick("getOrganization", None) is None for _ in range(3)]
    assert through == [True, True, False]
    assert (rule.seen, rule.hits, rule.wait) == (3, 1, 10)
    now[0] += 4
    assert rules.pick("getOrganization", None) is rule and rule.wait == 6
    now[0] += 6  # the first two leave the window: two more go through, not a third
    assert [rules.pick("getOrganization", None) is None for _ in range(3)] == [True, True, False]


def test_a_rule_naming_headers_hits_only_requests_carrying_them() -> None:
    rules = FaultRules()
    rules.add({"kind": "status", "headers": {"X-Via": "standin-1"}}, KNOWN)
    assert rules.pick("getOrganization", None) is None
    assert rules.pick("getOrganization", None, {"x-via": "standin-2"}) is None
    rule = rules.pick("getOrganization", None, {"x-via": "standin-1", "api_key": "k"})
    assert rule is not None and (rule.seen, rule.hits) == (1, 1)


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"kind": "throttle"}, "/limit"),
        ({"kind": "throttle", "limit": 1, "retryAfter": 3}, "/retryAfter"),
        ({"kind": "status", "limit": 1}, "/limit"),
        ({"kind": "gateway", "windowMs": 10}, "/windowMs"),
    ],
)
def test_throttle_fields_belong_to_a_throttle(spec: dict[str, object], field: str) -> None:
    with pytest.raises(FaultRuleError) as refused:
        check(spec, KNOWN)
    assert refused.value.field == field
