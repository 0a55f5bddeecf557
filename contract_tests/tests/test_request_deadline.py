"""Issue 32, point 7: the nightly runner holds each request to ``request_timeout`` as a
deadline (schemathesis' through requests, its own through httpx), and counts an answer that
passes it as failing in the health shares.

Against ``tests.support.misbehaving``'s loopback server that trickles its answer a byte every 0.2 s
(each read well within any read timeout; the whole answer takes about 46 s). Wall-time
bounds: the deadline plus 2.5 s, generous for a loaded 2-core machine, and still ten times
shorter than the trickle.
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
import requests

from meedio_contract.core.config import Health as Thresholds
from meedio_contract.core.pacing import Budget, Journal, PacedTransport, Pacer
from meedio_contract.core.specindex import Spec
from meedio_contract.findings import health
from meedio_contract.suite.hooks import within
from tests.support import ROOT
from tests.support.misbehaving import misbehaving

pytestmark = pytest.mark.waits

DEADLINE = 1.0
SLACK = 2.5


def test_the_suites_requests_end_by_the_deadline() -> None:
    with misbehaving("trickled_body", interval=0.2) as server, requests.Session() as session:
        url = f"{server.url}/v3/organizations"
        adapter = session.get_adapter(url)
        prepared = requests.Request("GET", url).prepare()
        start = time.monotonic()
        with pytest.raises(requests.exceptions.ReadTimeout, match="longer than 1 s"):
            within(lambda: adapter.send(prepared, timeout=30), DEADLINE)()
        assert time.monotonic() - start < DEADLINE + SLACK
        server.healthy = True
        assert within(lambda: adapter.send(prepared, timeout=30), DEADLINE)().json()["name"]


@pytest.mark.parametrize("way", ["trickled_headers", "stalled_after_headers"])
def test_the_suites_requests_end_by_the_deadline_while_headers_trickle(way: str) -> None:
    """The status line and headers a byte at a time (or headers, then nothing): the deadline
    holds there too, not only on the body."""
    with misbehaving(way, interval=0.2) as server, requests.Session() as session:
        url = f"{server.url}/v3/organizations"
        adapter = session.get_adapter(url)
        prepared = requests.Request("GET", url).prepare()
        start = time.monotonic()
        with pytest.raises(requests.exceptions.ReadTimeout, match="longer than 1 s"):
            within(lambda: adapter.send(prepared, timeout=30), DEADLINE)()
        assert time.monotonic() - start < DEADLINE + SLACK
        server.healthy = True
        assert within(lambda: adapter.send(prepared, timeout=30), DEADLINE)().json()["name"]


def test_the_runners_own_requests_end_by_the_deadline(tmp_path: Path) -> None:
    budget = Budget(
        Pacer(tmp_path / "pacer", 0),
        Journal(tmp_path / "journal.jsonl"),
        tmp_path / "ledger",
        ("k", "s"),
        "run",
    )
    with (
        misbehaving("trickled_body", interval=0.2) as server,
        httpx.Client(
            base_url=server.url, transport=PacedTransport(budget, "probe", DEADLINE), timeout=30
        ) as client,
    ):
        start = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            client.get("/v3/organizations")
        assert time.monotonic() - start < DEADLINE + SLACK
        assert server.wait_closed() == 0
        server.healthy = True
        assert client.get("/v3/organizations").json()["name"] == "Clinic"
    first, second = budget.journal.read()
    assert first["status"] is None and first["error"] == "ReadTimeout"
    assert second["status"] == 200


def test_an_answer_past_the_request_timeout_counts_as_failing(tmp_path: Path) -> None:
    spec = Spec.load(ROOT / "openapi" / "meedio-v3.yaml")
    journal = [
        {"status": 200, "elapsed": 0.2, "contentType": "application/json"},
        {"status": 200, "elapsed": 95.0, "contentType": "application/json"},  # trickled
    ]
    limits = Thresholds(
        max_unauthorized_share=1.0,
        max_throttled_share=1.0,
        max_failing_share=0.25,
        min_link_coverage=0.0,
        failing_warnings=(),
    )
    quick = health.assess(journal, spec, tmp_path / "events", {}, limits)
    assert quick.shares["failing"] == 0.0  # without a request timeout, nothing to compare
    slow = health.assess(journal, spec, tmp_path / "events", {}, limits, request_timeout=30.0)
    assert slow.shares["failing"] == 0.5
    assert any("too slow" in reason for reason in slow.reasons)
