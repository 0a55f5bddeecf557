"""A ``throttle`` rule through the control plane (issue 31 point 4): a real limit of N
requests a window on the emulator's clock, 429 with Retry-After beyond it, in the ``Error``
shape; and a rule aimed at requests carrying a header, which spares the others (how the
contract wing's stand-in aims only the requests it forwards)."""

from __future__ import annotations

import httpx
from meedio_emulator.domain.clock import ManualClock

RULES = "/_emulator/faults/rules"
ORG = "/api/v3/organizations"


def test_a_throttle_answers_429_with_the_wait_until_its_window_lets_one_through(
    api: httpx.Client, clock: ManualClock
) -> None:
    added = api.post(RULES, json={"kind": "throttle", "limit": 2, "windowMs": 5000})
    assert added.status_code == 201, added.text
    answers = [api.get(ORG) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    over = answers[2]
    assert over.headers["retry-after"] == "5"
    assert over.json()["statusCode"] == 429 and "2 requests" in over.json()["message"]
    clock.advance(5)
    assert api.get(ORG).status_code == 200
    state = api.get(f"{RULES}/{added.json()['id']}").json()
    assert (state["seen"], state["hits"]) == (4, 1)
    journal = api.get("/_emulator/requests").json()
    entries = journal if isinstance(journal, list) else journal.get("requests", [])
    assert [e.get("faultRule") for e in entries if e.get("status") == 429] == ["rule-1"]


def test_a_rule_aimed_at_a_header_spares_requests_without_it(api: httpx.Client) -> None:
    rule = {"kind": "status", "status": 401, "headers": {"X-Standin": "one"}}
    assert api.post(RULES, json=rule).status_code == 201
    assert api.get(ORG).status_code == 200
    assert api.get(ORG, headers={"x-standin": "two"}).status_code == 200
    assert api.get(ORG, headers={"x-standin": "one"}).status_code == 401
